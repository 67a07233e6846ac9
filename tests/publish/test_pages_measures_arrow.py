"""The release page's measures summary and row counts: Arrow's reading equals the csv module's."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from govpub.publish import pages_measures
from govpub.publish.pages_measures import (
    MeasuresPartial,
    _read_measures_arrow,
    _read_measures_rows,
    combine,
    count_rows,
    measures_partial,
    read_measures,
)

HEADER = ["measure_id", "report_id", "section_id", "report_title", "section_path", "section_headings", "ordinal",
          "marker", "summary", "text", "char_start", "char_end"]


def _write(path: Path, rows: list[list[str]], *, header: list[str] = HEADER, bom: bool = False) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
    return path


def _row(i: int, report: str, title: str, path: str, headings: str, summary: str = "", text: str = "正文") -> list[str]:
    return [f"m{i}", report, f"s{i}", title, path, headings, str(i), "一是", summary, text, "0", "9"]


def _many(reports: int) -> list[list[str]]:
    rows = []
    for i in range(60):
        r = i % reports
        heading = "" if i % 7 == 0 else f"一、第{i % 5}部分 > （一）细项"
        rows.append(_row(i, f"r{r}", "" if r == 2 else f"报告{r}", "" if i % 11 == 0 else f"{i % 5}.1", heading,
                         summary="" if i % 3 else f"摘要{i},含逗号", text=f'内容 "{i}"\n第二行'))
    return rows


@pytest.mark.parametrize("reports", [1, 3, 20])
@pytest.mark.parametrize("bom", [False, True])
def test_arrow_summary_equals_the_row_by_row_one(tmp_path: Path, reports: int, bom: bool) -> None:
    path = _write(tmp_path / "measures.csv", _many(reports), bom=bom)
    assert _read_measures_arrow(path) == _read_measures_rows(path)
    assert count_rows(path) == 60


def test_many_small_blocks_sum_to_the_same_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "measures.csv", _many(7) * 5)
    whole = _read_measures_arrow(path)
    monkeypatch.setattr(pages_measures, "CSV_BLOCK_BYTES", 1024)
    assert _read_measures_arrow(path) == whole == _read_measures_rows(path)
    assert count_rows(path) == 300


def test_a_header_only_file_and_missing_columns(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.csv", [])
    assert _read_measures_arrow(empty) == _read_measures_rows(empty) and count_rows(empty) == 0
    narrow = _write(tmp_path / "narrow.csv", [["m1", "r1", "一是"], ["m2", "", "二是"]],
                    header=["measure_id", "report_id", "marker"])
    assert _read_measures_arrow(narrow) == _read_measures_rows(narrow)


def test_a_ragged_file_takes_the_exact_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"report_id,report_title,marker\r\nr1,t1,a\r\nr2\r\n\r\n")
    slow = []
    monkeypatch.setattr(pages_measures, "_read_measures_rows",
                        lambda p: slow.append(p) or _read_measures_rows(p))  # type: ignore[func-returns-value]
    summary = read_measures(path)
    assert slow == [path] and summary.total == 3
    assert count_rows(path) == 3  # as csv.reader counts: the blank line is a row


def test_bad_utf8_still_raises_what_callers_catch(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"report_id,marker\r\n\xff\xfe,a\r\n")
    with pytest.raises(UnicodeError):
        read_measures(path)


@pytest.mark.parametrize("cuts", [[0, 60], [0, 1, 60], [0, 13, 14, 40, 60], list(range(0, 61, 5))])
def test_partials_of_consecutive_runs_combine_into_the_whole(tmp_path: Path, cuts: list[int]) -> None:
    """What the segment writer relies on: each segment's partial, combined in order, is the page's
    summary of the whole table (counts, first-appearance order, preview, chart)."""
    rows = _many(20)
    whole = _write(tmp_path / "measures.csv", rows)
    parts = [measures_partial(_write(tmp_path / f"part{i}.csv", rows[a:b]))
             for i, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False))]
    parts = [MeasuresPartial.from_json(json.loads(json.dumps(p.to_json()))) for p in parts]  # as stored
    assert combine(parts) == read_measures(whole)
