"""The column header a table row's periods come from.

A row such as "Total operating revenues $ 6,620 $ 5,511 $ 4,611" is a passage
of its own; the years its figures belong to stand in the table's header line
("2022 2021 2020") some rows above. A statement that gives those years is
supported by the row and its header together, so the header is cited too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.core.lexicon.words import IS_YEAR, YEAR

# A header of years only, two or more, ending a line: "2022 2021 2020", "Fiscal 2023 Fiscal
# 2022"; text taken from HTML may run it onto the caption's line ("... in 2022. 2022 2021").
_HEADER = re.compile(
    rf"(?:^|(?<=[.:] ))[ \t]*(?:(?:fiscal |fy |year )?{YEAR}[ \t]*){{2,}}$", re.I | re.M
)
REACH = 3000  # characters above the row a header may stand


def _table_line(line: str) -> bool:
    """A row, a sub-label ("Revenues (in millions):") or a short caption; not prose."""
    line = line.strip()
    return not line or bool(re.search(r"\d", line)) or line.endswith(":") or len(line) < 60


def column_header(source: str, row_start: int) -> tuple[int, int] | None:
    """The span of the nearest year header above the row at ``row_start``, if only table
    lines lie between them; None otherwise."""
    line_start = source.rfind("\n", 0, row_start) + 1
    above = source[max(0, line_start - REACH) : line_start]
    offset = line_start - len(above)
    headers = list(_HEADER.finditer(above))
    if not headers:
        return None
    h = headers[-1]
    between = above[h.end() :].split("\n")
    if not all(_table_line(x) for x in between):
        return None
    start, end = offset + h.start(), offset + h.end()
    while start < end and source[start].isspace():
        start += 1
    return start, end


def years_from_header(missing: list[str], source: str, row_start: int) -> tuple[int, int] | None:
    """The header span when every figure a statement lacks in its row is a year it gives."""
    if not missing or not all(IS_YEAR.match(m) for m in missing):
        return None
    span = column_header(source, row_start)
    if span is None:
        return None
    header_years = set(re.findall(YEAR, source[span[0] : span[1]]))
    return span if set(missing) <= header_years else None


# "(in millions)", "(dollars in thousands, except per share data)": the scale of a table's
# amounts, stated once above its rows.
_UNIT = re.compile(r"\((?:[^()]{0,30}\s)?in (?:thousands|millions|billions)\b[^()]{0,60}\)", re.I)
# A table's title: a short line of capitalised words with no figure ("Electricity
# Operating Statistics").
_TITLE = re.compile(r"^[ \t]*(?:[A-Z][\w&’'-]*[ \t]+){1,7}[A-Z][\w&’'-]*[ \t]*$", re.M)


_AMOUNTS = re.compile(r"\b(?:revenues?|sales|income|expenses?|costs?)\b", re.I)


def _new_block(line: str) -> bool:
    """A sub-label that starts rows of another kind ("Selected Statistics:", "Average billed
    revenues per kWh:"); "Bundled gas sales:" goes on with the amounts."""
    line = line.strip()
    return line.endswith(":") and (not _AMOUNTS.search(line) or " per " in f" {line} ")


def table_unit(source: str, header: tuple[int, int], row_start: int) -> tuple[int, int] | None:
    """The span of the last unit note ("in millions") between the caption above the year
    header and the row; None when the table states none."""
    lo = max(0, source.rfind("\n", 0, max(0, header[0] - 1)) + 1)
    found = list(_UNIT.finditer(source, lo, row_start))
    if not found:
        return None
    # A sub-label after the note ("Selected Statistics:") starts rows it does not scale.
    after = source[source.find("\n", found[-1].end(), row_start) + 1 : row_start]
    if any(_new_block(x) for x in after.split("\n")):
        return None
    return found[-1].start(), found[-1].end()


def table_title(source: str, header: tuple[int, int]) -> tuple[int, int] | None:
    """The span of the title line just above a table's year header (within a few lines)."""
    above = source[max(0, header[0] - 800) : header[0]]
    offset = header[0] - len(above)
    titles = list(_TITLE.finditer(above))
    if not titles:
        return None
    t = titles[-1]
    start = offset + t.start()
    while source[start].isspace():
        start += 1
    return start, offset + t.end()


_ROW_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][^$\d|()]{1,80}?)\s+(?=[$\d])")
_CELL = re.compile(r"(?P<cur>\$\s?)?(?P<n>\d[\d,]*(?:\.\d+)?)(?![\d,.]*%)")


@dataclass(frozen=True)
class TableRow:
    """A row read with what the table says of it: label, unit note, years, cells, title."""

    label: str
    unit: str
    years: tuple[str, ...]
    cells: tuple[str, ...]
    title: str | None

    def alike(self, other: TableRow) -> bool:
        """The same row of another table: same label, unit and years."""
        return (self.label, self.unit, self.years) == (other.label, other.unit, other.years)


def read_row(row: str, header: str, unit: str | None, title: str | None) -> TableRow | None:
    """None for a row that is not one label and one amount per year (a negative cell, a
    missing column, a rate "per customer"), or whose table states no unit."""
    m = _ROW_LABEL.match(row)
    years = tuple(re.findall(YEAR, header))
    if m is None or unit is None or "(" in row[m.end() :] or " per " in f" {m['label']} ":
        return None
    cells = tuple(f"{'$' if c['cur'] else ''}{c['n']}" for c in _CELL.finditer(row, m.end()))
    if len(cells) != len(years) or len(years) < 2:
        return None
    label = " ".join(m["label"].split())
    label = label if label.isupper() else label[:1].lower() + label[1:]
    return TableRow(label, " ".join(unit.split()), years, cells, title)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def rows_sentence(rows: list[TableRow]) -> str:
    """One sentence for one row, or for the same row of several tables, figures as written:
    "In its natural gas operating statistics, total operating revenues (in millions) were
    $6,620 in 2022, $5,511 in 2021 and $4,611 in 2020." """
    first = rows[0]
    verb = "were" if first.label.endswith("s") else "was"
    said = [f"{_and([r.cells[i] for r in rows])} in {y}" for i, y in enumerate(first.years)]
    text = f"{first.label} {first.unit} {verb} {_and(said)}"
    text += ", respectively." if len(rows) > 1 else "."
    titles = [r.title for r in rows]
    if all(titles):
        named = [" ".join(w if w.isupper() else w.lower() for w in t.split()) for t in titles]
        return f"In its {_and(named)}, {text}"
    return text[:1].upper() + text[1:] if len(rows) == 1 else ""


def table_sentence(row: str, header: str, unit: str | None, title: str | None) -> str | None:
    read = read_row(row, header, unit, title)
    return rows_sentence([read]) if read else None


def cited_row(quotes: list[str]) -> TableRow | None:
    """The row a fact cites, read with the year header, unit note and title ``verify``
    cites after it."""
    if len(quotes) < 3:
        return None
    rest = [q.strip() for q in quotes[1:]]
    years = rf"(?:(?:fiscal |fy |year )?{YEAR}\s*){{2,}}"
    header = next((q for q in rest if re.fullmatch(years, q, re.I)), None)
    unit = next((q for q in rest if _UNIT.fullmatch(q)), None)
    title = next((q for q in rest if _TITLE.fullmatch(q)), None)
    return read_row(quotes[0], header, unit, title) if header else None


def cited_row_sentence(quotes: list[str]) -> str | None:
    row = cited_row(quotes)
    return rows_sentence([row]) if row else None
