"""Tables in, Excel-ready copies out: one .xlsx workbook (a sheet per table) and BOM-prefixed CSVs,
in which no cell can run as a formula. The canonical CSV and Parquet are never neutralised."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from govpub.package.csv_out import write_csv

# Spreadsheets read a cell starting with one of these as a formula (or DDE payload), e.g.
# "=HYPERLINK(\"http://evil\",\"click\")", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_576  # rows per sheet, header included
EXCEL_MAX_CELL = 32_767  # characters per cell
MAX_COLUMN_WIDTH = 60
# xlsxwriter writes ~50,000 cells/s; past this many cells the workbook would dominate the
# build (and strain Excel), so large packages get the BOM CSVs under excel/ only.
WORKBOOK_MAX_CELLS = 1_000_000
# A worksheet holds 1,048,576 rows, the header included. A table with more rows gets no Excel
# copy: Excel would open it cut short, and a reader could take that for the whole table.
SHEET_MAX_DATA_ROWS = 1_048_575


def fits_a_sheet(rows: int) -> bool:
    return rows <= SHEET_MAX_DATA_ROWS
# xlsxwriter stamps the creation time into docProps/core.xml; a fixed one keeps the
# workbook's bytes a function of the rows alone.
WORKBOOK_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def neutralise(value: str) -> str:
    """Prefix a would-be formula with an apostrophe (OWASP CSV-injection advice)."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def display_width(text: str) -> int:
    """Width in Latin columns: CJK and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _header(field: Mapping[str, Any]) -> str:
    return f"{field.get('title_zh', '')} {field['name']}".strip()


def workbook_cells(tables: Mapping[str, tuple[Mapping[str, Any], Sequence[tuple[Any, ...]]]]) -> int:
    return sum(len(schema["fields"]) * (len(rows) + 1) for schema, rows in tables.values())


def write_workbook(path: Path, tables: Mapping[str, tuple[Mapping[str, Any], Sequence[tuple[Any, ...]]]]) -> None:
    """One sheet per table (split into '<table> (2)'… past Excel's row limit), frozen header,
    strings written as strings only."""
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
               "constant_memory": True}
    workbook = xlsxwriter.Workbook(str(path), options)
    workbook.set_properties({"created": WORKBOOK_CREATED})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    try:
        for table, (schema, rows) in tables.items():
            fields = list(schema["fields"])
            per_sheet = EXCEL_MAX_ROWS - 1
            chunks = [rows[i:i + per_sheet] for i in range(0, len(rows), per_sheet)] or [rows]
            for n, chunk in enumerate(chunks, start=1):
                sheet = workbook.add_worksheet(table if n == 1 else f"{table} ({n})")
                _write_sheet(sheet, bold, fields, chunk)
    finally:
        workbook.close()


def _write_sheet(sheet: Any, bold: Any, fields: Sequence[Mapping[str, Any]], rows: Sequence[tuple[Any, ...]]) -> None:
    widths = []
    for col, field in enumerate(fields):
        header = _header(field)
        sheet.write_string(0, col, header, bold)
        widths.append(display_width(header))
    numeric = [f.get("type") in ("integer", "number") for f in fields]
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            # NaN and INF have no Excel number: they are written as text.
            if numeric[col] and isinstance(value, int | float) and math.isfinite(value):
                sheet.write_number(r, col, value)
                continue
            text = neutralise(str(value))[:EXCEL_MAX_CELL]
            sheet.write_string(r, col, text)
            if r <= 200:  # widths from the first rows: enough to look right, cheap on big tables
                widths[col] = max(widths[col], display_width(text[:MAX_COLUMN_WIDTH]))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, 8), MAX_COLUMN_WIDTH))
    sheet.freeze_panes(1, 0)


def write_excel_csv(path: Path, fields: Sequence[Mapping[str, Any]], rows: Sequence[tuple[Any, ...]]) -> None:
    """A CSV that Excel opens with Chinese intact (UTF-8 with BOM) and neutralised cells."""
    header = [_header(f) for f in fields]
    numbers = [i for i, f in enumerate(fields) if f.get("type") == "number"]
    safe = ([neutralise(v) if isinstance(v, str) else v for v in row] for row in rows)
    write_csv(path, header, safe, number_columns=numbers, encoding="utf-8-sig")
