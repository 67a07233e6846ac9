"""The measures table for the page: data/measures.csv in, its first rows, counts and chart bars out."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ChartBasis = Literal["section", "report"]

PREVIEW_ROWS = 12
CHART_BARS = 12
OTHERS = "其他 / others"  # the bar that folds in everything past CHART_BARS


@dataclass(frozen=True)
class MeasurePreview:
    report_title: str
    section_headings: str
    marker: str
    summary: str


@dataclass(frozen=True)
class Chart:
    basis: ChartBasis
    bars: tuple[tuple[str, int], ...]  # label, count; largest first, the rest folded into "其他"
    total: int


@dataclass(frozen=True)
class MeasuresSummary:
    preview: tuple[MeasurePreview, ...]
    total: int | None  # None: there is no measures table
    reports: int | None
    chart: Chart | None


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows as dicts keyed by the header; csv.reader plus zip is about twice as fast as DictReader."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return
        for row in reader:
            yield dict(zip(header, row, strict=False))


CSV_BLOCK_BYTES = 8 << 20


def _text_blocks(path: Path, columns: list[str] | None) -> Iterator[pa.Table]:
    """The CSV's cells as strings, "" kept as "" (the csv module's view), a block at a time from
    Arrow's reader (memory stays at a block whatever the file's size). Raises pa.ArrowException
    for anything unusual (ragged or empty lines, bad UTF-8): the callers then take the csv
    module's slower, exact path."""
    read = pacsv.ReadOptions(use_threads=True, block_size=CSV_BLOCK_BYTES)
    parse = pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False)
    header = pacsv.open_csv(path, read_options=read, parse_options=parse).schema.names
    wanted = [c for c in (columns if columns is not None else header[:1]) if c in header]
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False,
                                   quoted_strings_can_be_null=False, include_columns=wanted)
    reader = pacsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)
    for batch in reader:
        yield pa.Table.from_batches([batch], schema=reader.schema)


def count_rows(path: Path) -> int:
    """Data rows of a CSV (a quoted field may span lines, so lines are not rows)."""
    try:
        return sum(block.num_rows for block in _text_blocks(path, None))
    except pa.ArrowException:
        pass
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return max(0, sum(1 for _ in csv.reader(fh)) - 1)


def _top_section(row: Mapping[str, str]) -> str:
    headings = (row.get("section_headings") or "").split(" > ")[0].strip()
    if headings:
        return headings
    path = (row.get("section_path") or "").split(".")[0].strip()
    return f"§{path}" if path else "（无章节）"


# What the counts need; the long texts are read only for the preview's first rows.
MEASURE_COLUMNS = ["report_id", "report_title", "section_headings", "section_path"]


def read_measures(path: Path) -> MeasuresSummary:
    """One pass over measures.csv: the first rows, the count, and the chart's bars.
    Raises OSError, UnicodeError or csv.Error for a file that cannot be read."""
    try:
        return _read_measures_arrow(path)
    except pa.ArrowException:
        return _read_measures_rows(path)


def _read_measures_arrow(path: Path) -> MeasuresSummary:
    return combine([_partial_arrow(path)])


def _read_measures_rows(path: Path) -> MeasuresSummary:
    return combine([_partial_rows(path)])


@dataclass(frozen=True)
class MeasuresPartial:
    """The counts of one run of measures rows (a segment, or the whole table), in first-appearance
    order: partials of consecutive runs combine into the summary of the whole (`combine`)."""

    total: int
    reports: tuple[str, ...]  # distinct report ids (or titles where the id is empty)
    by_report: tuple[tuple[str, int], ...]
    places: tuple[tuple[str, int], ...]  # "headings\x1fpath" -> rows
    preview: tuple[MeasurePreview, ...]  # the first PREVIEW_ROWS rows

    def to_json(self) -> dict[str, object]:
        return {"total": self.total, "reports": list(self.reports), "by_report": [list(x) for x in self.by_report],
                "places": [list(x) for x in self.places],
                "preview": [[p.report_title, p.section_headings, p.marker, p.summary] for p in self.preview]}

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> MeasuresPartial:
        return MeasuresPartial(int(raw["total"]), tuple(raw["reports"]),
                               tuple((str(k), int(n)) for k, n in raw["by_report"]),
                               tuple((str(k), int(n)) for k, n in raw["places"]),
                               tuple(MeasurePreview(*map(str, row)) for row in raw["preview"]))


def measures_partial(path: Path) -> MeasuresPartial:
    """The counts of a measures CSV (Arrow a block at a time; the csv module for an unusual file)."""
    try:
        return _partial_arrow(path)
    except pa.ArrowException:
        return _partial_rows(path)


def combine(partials: Sequence[MeasuresPartial]) -> MeasuresSummary:
    """The summary of the table the partials' rows make, laid end to end in the given order."""
    reports: set[str] = set()
    by_report: Counter[str] = Counter()
    places: Counter[str] = Counter()
    preview: list[MeasurePreview] = []
    for part in partials:
        reports.update(part.reports)
        for name, n in part.by_report:
            by_report[name] += n
        for place, n in part.places:
            places[place] += n
        preview += part.preview[:PREVIEW_ROWS - len(preview)]
    by_section: Counter[str] = Counter()
    for place, n in places.items():
        headings, _, section_path = place.partition("\x1f")
        by_section[_top_section({"section_headings": headings, "section_path": section_path})] += n
    return _summary(tuple(preview), sum(p.total for p in partials), len(reports), by_report, by_section)


def _nonempty(values: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def _column(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name in table.column_names:
        return table.column(name)
    return pa.chunked_array([pa.nulls(table.num_rows, pa.string())], pa.string())


def _partial_arrow(path: Path) -> MeasuresPartial:
    """value_counts keeps first-appearance order, and so do the dicts the blocks are summed into."""
    total = 0
    reports: set[str] = set()
    by_report: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for block in _text_blocks(path, MEASURE_COLUMNS):
        total += block.num_rows
        title, rid = _nonempty(_column(block, "report_title")), _nonempty(_column(block, "report_id"))
        report = pc.coalesce(title, rid, pa.scalar("（无标题）"))
        reports.update(pc.unique(pc.coalesce(rid, report)).to_pylist())
        for item in pc.value_counts(report).to_pylist():
            by_report[item["values"]] += item["counts"]
        where = pc.binary_join_element_wise(pc.fill_null(_column(block, "section_headings"), ""),
                                            pc.fill_null(_column(block, "section_path"), ""), "\x1f")
        for item in pc.value_counts(where).to_pylist():
            places[item["values"]] += item["counts"]
    preview = []
    for row, _ in zip(csv_rows(path), range(PREVIEW_ROWS), strict=False):
        preview.append(_preview_row(row))
    return MeasuresPartial(total, tuple(sorted(reports)), tuple(by_report.items()), tuple(places.items()),
                           tuple(preview))


def _preview_row(row: Mapping[str, str]) -> MeasurePreview:
    name = row.get("report_title") or row.get("report_id") or "（无标题）"
    return MeasurePreview(name, row.get("section_headings") or "", row.get("marker") or "",
                          row.get("summary") or row.get("text") or "")


def _partial_rows(path: Path) -> MeasuresPartial:
    preview: list[MeasurePreview] = []
    places: Counter[str] = Counter()
    by_report: Counter[str] = Counter()
    reports: set[str] = set()
    total = 0
    for row in csv_rows(path):
        total += 1
        report = row.get("report_title") or row.get("report_id") or "（无标题）"
        reports.add(row.get("report_id") or report)
        by_report[report] += 1
        places[f"{row.get('section_headings') or ''}\x1f{row.get('section_path') or ''}"] += 1
        if len(preview) < PREVIEW_ROWS:
            preview.append(_preview_row(row))
    return MeasuresPartial(total, tuple(sorted(reports)), tuple(by_report.items()), tuple(places.items()),
                           tuple(preview))


def _summary(preview: tuple[MeasurePreview, ...], total: int, reports: int, by_report: Counter[str],
             by_section: Counter[str]) -> MeasuresSummary:
    # One report: where do its measures sit? Several: which reports carry the most?
    basis: ChartBasis = "section" if reports <= 1 else "report"
    ranked = by_report.most_common() if basis == "report" else list(by_section.items())  # sections in document order
    bars = ranked[:CHART_BARS]
    rest = sum(n for _, n in ranked[CHART_BARS:])
    if rest:
        bars.append((OTHERS, rest))
    chart = Chart(basis, tuple(bars), total) if total else None
    return MeasuresSummary(preview, total, reports, chart)
