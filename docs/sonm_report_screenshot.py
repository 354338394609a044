"""Retake docs/sonm_report.png: the Sonim audit page after clicking one sentence.

Run from the repository root: ``.venv/bin/python docs/sonm_report_screenshot.py``
(after ``extractor report ... --html examples/SONM_2022_item1.report.html``).
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

PAGE = Path("examples/SONM_2022_item1.report.html").resolve()
# The first line box of the first highlighted span, so the hover card shows its facts.
FIRST_LINE = """m => { const r = m.getClientRects()[0];
                       return [r.x + r.width / 2, r.y + r.height / 2]; }"""

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
    page = browser.new_page(viewport={"width": 1360, "height": 860})
    page.goto(PAGE.as_uri())
    page.click("#sent-7")
    page.mouse.move(*page.eval_on_selector("#source mark.hl", FIRST_LINE))
    page.screenshot(path="docs/sonm_report.png")
    browser.close()
