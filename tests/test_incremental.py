"""Incremental runs: with a cache, a re-run renders only the segments whose documents changed, and its
package is byte for byte the package a run from scratch writes."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from govpub import incremental, pipeline
from govpub.defaults import default_config
from govpub.package import segment_build, segment_render, segments
from govpub.pipeline import discover_all
from govpub.records import Records
from govpub.validate import validate_folder, validate_package

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
NOW = "2026-01-01T00:00:00+00:00"


@pytest.fixture(autouse=True)
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two documents a segment at most, so that 17 documents make several segments (k = 1)."""
    monkeypatch.setattr(segments, "MAX_SEGMENT_DOCS", 2)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The prefixes of the segments rendered (workers=1: in this process)."""
    seen: list[str] = []
    real = segment_render.render_segment

    def spy(job: segment_render.RenderJob) -> segment_render.Rendered:
        seen.append(job.prefix)
        return real(job)

    monkeypatch.setattr(segment_build, "render_segment", spy)
    return seen


def _package(corpus: Path, work: Path, cache: Path | None) -> incremental.Packaged:
    config = default_config(base_dir=corpus)
    metas, missing = discover_all([str(corpus)], base_dir=corpus)
    return incremental.extract_and_package(metas, missing, config.dataset, work, now=NOW, workers=1,
                                           base_dir=corpus, cache_dir=cache, executor=None)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_prefix_length_keeps_segments_at_most_max_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segments, "MAX_SEGMENT_DOCS", 1024)
    assert [segments.prefix_length(n) for n in (0, 1, 1024, 1025, 16384, 16385, 10_000)] == [0, 0, 0, 1, 1, 2, 1]


def test_a_rerun_renders_nothing_and_writes_the_same_package(corpus: Path, tmp_path: Path,
                                                            renders: list[str]) -> None:
    first = _package(corpus, tmp_path / "w1", tmp_path / "cache")
    rendered_first = sorted(renders)
    assert len(rendered_first) > 4 and all(len(p) == 1 for p in rendered_first)
    renders.clear()
    again = _package(corpus, tmp_path / "w2", tmp_path / "cache")
    assert renders == [] and again.run.fragments.docs == ()  # not one document parsed or read back
    assert _files(tmp_path / "w1/package") == _files(tmp_path / "w2/package")
    assert again.package.content_hash == first.package.content_hash
    assert [r.source for r in again.run.rejected] == [str(corpus / n) for n in ("011_no_numbering.txt", "zz_empty.txt")]


@pytest.mark.parametrize("change", ["edit", "add", "remove", "corrupt"])
def test_one_change_renders_one_segment_and_equals_a_run_from_scratch(corpus: Path, tmp_path: Path,
                                                                      renders: list[str], change: str) -> None:
    _package(corpus, tmp_path / "w1", tmp_path / "cache")
    renders.clear()
    target = corpus / "009_county_work_report.txt"
    if change == "edit":
        target.write_text(target.read_text(encoding="utf-8") + "\n（补充）本文已更新。\n", encoding="utf-8")
    elif change == "add":
        shutil.copy(target, corpus / "009b_copy_under_another_name.txt")
    elif change == "remove":
        target.unlink()
    else:
        target.write_bytes(b"\x00\x01 not a report")
    incremental_run = _package(corpus, tmp_path / "w2", tmp_path / "cache")
    rendered = list(renders)
    scratch = _package(corpus, tmp_path / "w3", None)
    assert _files(tmp_path / "w2/package") == _files(tmp_path / "w3/package")
    assert incremental_run.run.rejected == scratch.run.rejected
    # The segment the document belongs (or belonged) to; a removed (or now rejected) document's
    # segment may be gone with it.
    assert len(rendered) == 1 or (change in ("remove", "corrupt") and not rendered)
    parsed_or_read = len(incremental_run.run.fragments.docs)
    assert parsed_or_read <= 4  # that segment's documents (two at most, plus one moved or added)
    report = validate_package(incremental_run.package, rejected=incremental_run.run.rejected,
                              reuse_segment_checks=True)
    full = validate_folder(tmp_path / "w2/package", rejected=incremental_run.run.rejected)
    assert report.valid and full.valid and report.rows_checked == full.rows_checked


def test_stored_segment_checks_find_what_reading_the_whole_package_finds(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors seeded into two documents' rows (type, constraint, key, cross-table): the segment
    results, moved to their rows in the package, equal the whole-package validator's."""
    real = pipeline.extract

    def spoiled(tree: Any) -> Records:
        records = real(tree)
        if not any(name in tree.document.source.uri for name in ("009_county", "014_fullwidth")):
            return records
        s0, s1, *rest = records.sections
        d0, *dates = records.dates
        m0, *measures = records.measures
        return dataclasses.replace(
            records,
            sections=(dataclasses.replace(s0, level=9), s1, dataclasses.replace(s1, heading="dup"), *rest),
            dates=(dataclasses.replace(d0, start="2025-12-31", end="2025-01-01"), *dates),
            measures=(dataclasses.replace(m0, section_id=f"{records.reports[0].report_id}-s99.99"), *measures))

    monkeypatch.setattr(pipeline, "extract", spoiled)
    built = _package(corpus, tmp_path / "w", tmp_path / "cache")
    report = validate_package(built.package, rejected=built.run.rejected, reuse_segment_checks=True)
    full = validate_folder(tmp_path / "w/package", rejected=built.run.rejected)
    kinds = {e.type for e in full.errors}
    assert {"constraint-error", "primary-key", "date-range-inverted", "foreign-key", "count-mismatch"} <= kinds
    assert [e.key() for e in report.errors] == [e.key() for e in full.errors]
    assert report.rows_checked == full.rows_checked


def test_a_document_without_numbered_headings_is_rejected_saying_why(corpus: Path, tmp_path: Path) -> None:
    built = _package(corpus, tmp_path / "w", None)
    reasons = {Path(r.source).name: r for r in built.run.rejected}
    assert reasons["011_no_numbering.txt"].stage == "parse"
    assert "no numbered headings" in reasons["011_no_numbering.txt"].error
    assert validate_folder(tmp_path / "w/package", rejected=built.run.rejected).valid


def test_segments_from_older_code_are_never_reused(corpus: Path, tmp_path: Path, renders: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _package(corpus, tmp_path / "w1", tmp_path / "cache")
    count = len(renders)
    renders.clear()
    monkeypatch.setattr(segments, "code_hash", lambda: "another writer")
    _package(corpus, tmp_path / "w2", tmp_path / "cache")
    assert len(renders) == count


def test_without_a_cache_nothing_is_left_beside_the_package(corpus: Path, tmp_path: Path) -> None:
    _package(corpus, tmp_path / "w", None)
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == ["fragments", "package"]


def test_segments_no_run_used_for_a_week_are_pruned(corpus: Path, tmp_path: Path) -> None:
    import os

    _package(corpus, tmp_path / "w1", tmp_path / "cache")
    store = incremental.segment_store(tmp_path / "cache")
    before = {f.name for f in store.root.glob("??/*")}
    target = corpus / "009_county_work_report.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n（补充）本文已更新。\n", encoding="utf-8")
    for folder in store.root.glob("??/*"):
        os.utime(folder, (0, 0))  # last used long ago
    _package(corpus, tmp_path / "w2", tmp_path / "cache")
    after = {f.name for f in store.root.glob("??/*")}
    assert len(before - after) == 1 and len(after - before) == 1  # the changed segment's old version went


def test_the_segments_measures_counts_are_the_whole_tables(corpus: Path, tmp_path: Path) -> None:
    """The release page takes the combined per-segment counts instead of reading measures.csv."""
    from govpub.publish.pages_measures import MeasuresPartial, combine, read_measures

    built = _package(corpus, tmp_path / "w", tmp_path / "cache")
    partials = [MeasuresPartial.from_json(m) for m in built.package.measures_partials]
    assert len(partials) == len(built.package.checked_segments) > 4
    summary = combine(partials)
    assert summary == read_measures(built.package.root / "data/measures.csv") and summary.total
