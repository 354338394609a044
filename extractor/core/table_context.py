"""The column header a table row's periods come from.

A row such as "Total operating revenues $ 6,620 $ 5,511 $ 4,611" is a passage
of its own; the years its figures belong to stand in the table's header line
("2022 2021 2020") some rows above. A statement that gives those years is
supported by the row and its header together, so the header is cited too.
"""

from __future__ import annotations

import re

from extractor.core.wordlists import IS_YEAR, YEAR

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
