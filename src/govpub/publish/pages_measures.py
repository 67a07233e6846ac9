"""The measures table for the page: data/measures.csv in, its first rows, counts and chart bars out."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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


def count_rows(path: Path) -> int:
    """Data rows of a CSV (a quoted field may span lines, so lines are not rows)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return max(0, sum(1 for _ in csv.reader(fh)) - 1)


def _top_section(row: Mapping[str, str]) -> str:
    headings = (row.get("section_headings") or "").split(" > ")[0].strip()
    if headings:
        return headings
    path = (row.get("section_path") or "").split(".")[0].strip()
    return f"§{path}" if path else "（无章节）"


def read_measures(path: Path) -> MeasuresSummary:
    """One pass over measures.csv: the first rows, the count, and the chart's bars.
    Raises OSError, UnicodeError or csv.Error for a file that cannot be read."""
    preview: list[MeasurePreview] = []
    by_section: Counter[str] = Counter()
    by_report: Counter[str] = Counter()
    reports: set[str] = set()
    total = 0
    for row in csv_rows(path):
        total += 1
        report = row.get("report_title") or row.get("report_id") or "（无标题）"
        reports.add(row.get("report_id") or report)
        by_report[report] += 1
        by_section[_top_section(row)] += 1
        if len(preview) < PREVIEW_ROWS:
            preview.append(MeasurePreview(report, row.get("section_headings") or "", row.get("marker") or "",
                                          row.get("summary") or row.get("text") or ""))
    # One report: where do its measures sit? Several: which reports carry the most?
    basis: ChartBasis = "section" if len(reports) <= 1 else "report"
    ranked = by_report.most_common() if basis == "report" else list(by_section.items())  # sections in document order
    bars = ranked[:CHART_BARS]
    rest = sum(n for _, n in ranked[CHART_BARS:])
    if rest:
        bars.append((OTHERS, rest))
    chart = Chart(basis, tuple(bars), total) if total else None
    return MeasuresSummary(tuple(preview), total, len(reports), chart)
