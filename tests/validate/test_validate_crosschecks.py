"""Cross-table checks: what no single Table Schema can say, found in packages built from bad records."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

import pytest
from sample_records import (
    CREATED,
    META,
    REJECTED,
    Records,
    report_records,
    two_reports,
    with_report,
)
from validate_helpers import build

from govpub.package import build_package
from govpub.records import Rejected
from govpub.validate import ValidationReport, validate_package


def _where(report: ValidationReport) -> set[tuple[str, str | None, str | None]]:
    return {(e.type, e.table, e.field) for e in report.errors}


def _sections(records: Records, **by_path: Mapping[str, object]) -> Records:
    rows = tuple(dataclasses.replace(s, **by_path[s.path]) if s.path in by_path else s  # type: ignore[arg-type]
                 for s in records.sections)
    return dataclasses.replace(records, sections=rows)


def test_a_report_without_sections_is_an_error_unless_rejected(tmp_path: Path) -> None:
    single = report_records()
    bare = dataclasses.replace(single, sections=(), measures=(), dates=(), figures=())
    bare = with_report(bare, section_count=0, measure_count=0, date_count=0, figure_count=0)
    report = validate_package(build(bare, tmp_path / "a"), rejected=REJECTED)
    assert _where(report) == {("report-without-sections", "reports", "report_id")}
    excused = (*REJECTED, Rejected(bare.reports[0].source_uri, "parse", "no numbered headings"))
    rep = validate_package(build(bare, tmp_path / "c"), rejected=excused)
    assert ("report-without-sections", "reports", "report_id") not in _where(rep)


@pytest.mark.parametrize(("change", "message"), [
    ({"2.1": {"parent_id": None}}, "a section below level 1 has no parent"),
    ({"2": {"parent_id": "__s1__"}}, "a level-1 section has a parent"),
    ({"2.1.1": {"level": 2}}, "the parent's level is not above the section's"),
])
def test_parent_chains_must_end_at_level_one(tmp_path: Path, change: dict[str, dict[str, object]], message: str) -> None:
    records = report_records()
    s1 = records.sections[0].section_id
    change = {p: {k: (s1 if v == "__s1__" else v) for k, v in c.items()} for p, c in change.items()}
    report = validate_package(build(_sections(records, **change), tmp_path / "p"), rejected=REJECTED)
    assert ("section-parent-chain", "sections", "parent_id") in _where(report)
    assert message in [e.message for e in report.errors]


def test_a_parent_in_another_report_is_an_error(tmp_path: Path) -> None:
    records = two_reports()
    other = next(s for s in records.sections if s.report_id != records.sections[0].report_id)
    bad = _sections(records, **{"1.1": {"parent_id": other.section_id}})
    report = validate_package(build(bad, tmp_path / "p"), rejected=REJECTED)
    assert "the parent belongs to another report" in [e.message for e in report.errors]


def test_a_measure_whose_section_is_in_another_report_is_an_error(tmp_path: Path) -> None:
    records = two_reports()
    foreign = next(s for s in records.sections if s.report_id != records.measures[0].report_id)
    measure = dataclasses.replace(records.measures[0], section_id=foreign.section_id)
    bad = dataclasses.replace(records, measures=(measure, *records.measures[1:]))
    report = validate_package(build(bad, tmp_path / "p"), rejected=REJECTED)
    assert _where(report) == {("section-report-mismatch", "measures", "section_id")}


def test_an_inverted_date_range_is_an_error(tmp_path: Path) -> None:
    records = report_records()
    date = dataclasses.replace(records.dates[0], start="2024-06-21", end="2024-04-08")
    bad = with_report(dataclasses.replace(records, dates=(date, *records.dates[1:])),
                      disclosure_start="2025-10-18", disclosure_end="2025-09-18")
    report = validate_package(build(bad, tmp_path / "p"), rejected=REJECTED)
    assert _where(report) == {("date-range-inverted", "dates", "end"),
                              ("date-range-inverted", "reports", "disclosure_end")}


def test_counts_in_reports_must_equal_the_child_rows(tmp_path: Path) -> None:
    bad = with_report(report_records(), measure_count=7, figure_count=0)
    report = validate_package(build(bad, tmp_path / "p"), rejected=REJECTED)
    assert _where(report) == {("count-mismatch", "reports", "measure_count"),
                              ("count-mismatch", "reports", "figure_count")}


def test_inverted_offsets_are_an_error(tmp_path: Path) -> None:
    records = report_records()
    fig = dataclasses.replace(records.figures[0], char_start=900, char_end=10)
    report = validate_package(build(dataclasses.replace(records, figures=(fig, *records.figures[1:])), tmp_path / "p"),
                              rejected=REJECTED)
    assert _where(report) == {("offset-range-inverted", "figures", "char_end")}


def test_a_source_both_published_and_rejected_is_an_error(tmp_path: Path) -> None:
    records = report_records()
    rejected = (Rejected(records.reports[0].source_uri, "extract", "oops"),)
    pkg = build_package(records, META, tmp_path / "q", created=CREATED, rejected=rejected)
    report = validate_package(pkg, rejected=rejected)
    assert ("rejected-and-published", "rejected", "source") in _where(report)


def test_bad_values_in_records_never_crash_the_writer_and_are_caught(tmp_path: Path) -> None:
    records = report_records()
    date = dataclasses.replace(records.dates[0], start="2024-02-30")
    figure = dataclasses.replace(records.figures[0], value="many")  # type: ignore[arg-type]
    bad = dataclasses.replace(records, dates=(date, *records.dates[1:]), figures=(figure, *records.figures[1:]))
    for engine in ("columnar", "frictionless"):
        report = validate_package(build(bad, tmp_path / engine), rejected=REJECTED, engine=engine)  # type: ignore[arg-type]
        assert ("type-error", "dates", "start") in _where(report)
        assert ("type-error", "figures", "value") in _where(report)


def test_a_rejected_source_missing_from_the_package_is_an_error(tmp_path: Path) -> None:
    pkg = build(report_records(), tmp_path / "p")  # built with REJECTED
    more = (*REJECTED, Rejected("reports/lost.docx", "ingest", "not a zip file"))
    report = validate_package(pkg, rejected=more)
    assert [(e.type, e.message) for e in report.errors] == [
        ("rejected-not-listed", "'reports/lost.docx' was rejected but is not in the rejected table")]
    assert validate_package(pkg, rejected=REJECTED).valid
