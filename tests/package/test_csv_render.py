"""Arrow-rendered CSV rows must be the bytes csv.writer writes (csv_out.write_csv, excel.write_excel_csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from govpub.package.csv_out import write_csv
from govpub.package.csv_render import header_line, render_rows, render_rows_twice
from govpub.package.excel import neutralise

CASES: list[tuple[str, Any, pa.DataType]] = [
    ("plain", "党工委", pa.string()),
    ("comma", "第一行,含逗号", pa.string()),
    ("quote", '说明 "引号"', pa.string()),
    ("crlf", "第一行\r\n第二行", pa.string()),
    ("lone lf", "a\nb", pa.string()),
    ("lone cr", "a\rb", pa.string()),
    ("empty", "", pa.string()),
    ("none", None, pa.string()),
    ("formula", '=HYPERLINK("http://evil","click")', pa.string()),
    ("minus", "-2", pa.string()),
    ("tab", "\t=1", pa.string()),
    ("spaces", "  padded  ", pa.string()),
    ("int", 24, pa.int64()),
    ("negative int", -3, pa.int64()),
    ("null int", None, pa.int64()),
    ("float", 0.1, pa.float64()),
    ("whole float", 24.0, pa.float64()),
    ("big float", 1e16, pa.float64()),
    ("tiny float", 1e-7, pa.float64()),
    ("nan", float("nan"), pa.float64()),
    ("inf", float("inf"), pa.float64()),
    ("-inf", float("-inf"), pa.float64()),
    ("null float", None, pa.float64()),
]


@pytest.mark.parametrize(("label", "value", "kind"), CASES, ids=[c[0] for c in CASES])
def test_a_cell_renders_as_csv_writer_writes_it(tmp_path: Path, label: str, value: Any, kind: pa.DataType) -> None:
    table = pa.table({"id": pa.array(["x"]), label: pa.array([value], type=kind)})
    numbers = [1] if pa.types.is_floating(kind) else []
    write_csv(tmp_path / "a.csv", table.column_names, [("x", value)], number_columns=numbers)
    assert header_line(table.column_names) + bytes(render_rows(table)) == (tmp_path / "a.csv").read_bytes()
    neutral = neutralise(value) if isinstance(value, str) else value
    write_csv(tmp_path / "b.csv", table.column_names, [("x", neutral)], number_columns=numbers)
    canonical, excel = render_rows_twice(table)
    assert bytes(canonical) == bytes(render_rows(table))
    assert header_line(table.column_names) + bytes(excel) == (tmp_path / "b.csv").read_bytes()


def test_many_rows_render_as_csv_writer_writes_them(tmp_path: Path) -> None:
    rows = [(f"r{i}", v, i, i / 7) for i, (_l, v, k) in enumerate(CASES * 50) if k == pa.string()]
    table = pa.table({"a": [r[0] for r in rows], "b": pa.array([r[1] for r in rows], pa.string()),
                      "c": [r[2] for r in rows], "d": [r[3] for r in rows]})
    write_csv(tmp_path / "a.csv", ["a", "b", "c", "d"], rows, number_columns=[3])
    assert header_line(["a", "b", "c", "d"]) + bytes(render_rows(table)) == (tmp_path / "a.csv").read_bytes()


def test_an_empty_table_renders_nothing() -> None:
    assert bytes(render_rows(pa.table({"a": pa.array([], pa.string())}))) == b""
