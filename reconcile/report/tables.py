"""Report stage, tables: rows of cells -> HTML tables that the page's script sorts, filters, searches and pages.

A long table is not inlined whole: report.html holds its first `INLINE_ROWS` rows and the rest go to pages of
`PAGE_ROWS` rows in report-pages/ (each its own sortable, searchable table), so the report stays a sane size on
thousands of articles; the full table is always in the CSV and Parquet files beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from reconcile.describe import text_of

INLINE_ROWS = 1000
PAGE_ROWS = 2000
# Rows the script shows at once; the pager walks through the rest.
ROWS_PER_VIEW = 25


@dataclass(frozen=True)
class Column:
    """A column: its title, how it sorts ("text" or "num", by each cell's sort key) and whether it gets a
    filter of its distinct values."""

    title: str
    kind: str = "text"
    filter: bool = False


@dataclass(frozen=True)
class Cell:
    html: Markup
    sort: str | None = None


def text_cell(value: object, *, sort: object = None, muted: object = None) -> Cell:
    """A cell of escaped text, with an optional sort key and a muted second line."""
    html = escape(text_of(value))
    if text_of(muted):
        html = html + Markup('<br><span class="muted">') + escape(text_of(muted)) + Markup("</span>")
    return Cell(Markup(html), None if sort is None else text_of(sort))


def number_cell(value: object, words: str) -> Cell:
    """A figure shown in words ("about 4,500") that sorts by its number."""
    return Cell(Markup(escape(words)), text_of(value))


def link_cell(label: object, href: str | None, *, external: bool = False, sort: object = None) -> Cell:
    """A link (external ones open in a new tab, send no referrer); plain text when there is no target."""
    if not href:
        return text_cell(label, sort=sort)
    attributes = ' rel="noopener noreferrer" target="_blank"' if external else ""
    html = Markup(f'<a href="{escape(href)}"{attributes}>') + escape(text_of(label)) + Markup("</a>")
    return Cell(html, None if sort is None else text_of(sort))


@dataclass
class Table:
    """One table of the report; `rows` hold every row, `row_ids` an optional HTML id per row."""

    table_id: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    empty: str
    files: list[str] = field(default_factory=list)
    row_ids: list[str | None] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def inline_limit(self) -> int:
        return INLINE_ROWS

    def inline_html(self) -> Markup:
        return render_rows(self, 0, min(INLINE_ROWS, self.n_rows))

    def pages(self) -> list[dict[str, object]]:
        """The report-pages/ files holding the rows past the inline ones: name, first and last row (1-based)."""
        pages = []
        for number, first in enumerate(range(INLINE_ROWS, self.n_rows, PAGE_ROWS), start=2):
            last = min(first + PAGE_ROWS, self.n_rows)
            pages.append({"name": f"{self.table_id}-{number:03d}.html", "first": first + 1, "last": last,
                          "number": number})
        return pages


def render_rows(table: Table, first: int, last: int) -> Markup:
    """The `<tr>` rows [first, last) of a table; cells carry `data-sort` where they sort by another key."""
    pieces: list[str] = []
    for index in range(first, last):
        row_id = table.row_ids[index] if index < len(table.row_ids) else None
        pieces.append(f'<tr id="{escape(row_id)}">' if row_id else "<tr>")
        for cell in table.rows[index]:
            sort = "" if cell.sort is None else f' data-sort="{escape(cell.sort)}"'
            pieces.append(f"<td{sort}>{cell.html}</td>")
        pieces.append("</tr>\n")
    return Markup("".join(pieces))
