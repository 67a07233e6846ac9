"""Parallel extraction into fragments: the same package as the serial pipeline, the same error channels."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from govpub import fragment_extract, pipeline
from govpub.defaults import default_config
from govpub.errors import RejectedInput, TerminalError, TransientError
from govpub.fragment_extract import extract_fragments
from govpub.package import build_package
from govpub.package.stream import build_package_streaming

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
SEED = Path(__file__).resolve().parent / "fixtures" / "000_5e2350e4989e1303.txt"
NOW = "2026-01-01T00:00:00+00:00"


@pytest.fixture(autouse=True)
def pool_even_for_few_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """workers=2 here means worker processes, though the corpus is below MIN_POOLED_DOCS."""
    monkeypatch.setattr(fragment_extract, "MIN_POOLED_DOCS", 0)


def _csvs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.csv"))}


@pytest.mark.parametrize("workers", [1, 2])
def test_fragments_give_the_package_the_serial_pipeline_gives(corpus: Path, tmp_path: Path, workers: int) -> None:
    config = default_config(base_dir=corpus)
    metas, missing = pipeline.discover_all([str(corpus)], base_dir=corpus)
    records, rejected = pipeline.combine([*missing, *pipeline.extract_batch(metas, base_dir=corpus)])
    serial = build_package(records, config.dataset, tmp_path / "serial", created=NOW, rejected=rejected)

    run = extract_fragments(metas, tmp_path / "frag", workers=workers, base_dir=corpus, missing=missing)
    assert run.rejected == rejected
    assert [r.source for r in rejected] == [str(corpus / n) for n in ("011_no_numbering.txt", "zz_empty.txt")]
    streamed = build_package_streaming(run.fragments, config.dataset, tmp_path / "stream", created=NOW,
                                       rejected=run.rejected)
    assert streamed.content_hash == serial.content_hash
    assert _csvs(tmp_path / "stream") == _csvs(tmp_path / "serial")
    assert streamed.row_counts == serial.row_counts and streamed.row_counts["reports"] == len(metas) - 2


def test_the_cache_serves_unchanged_documents_and_only_those(corpus: Path, tmp_path: Path) -> None:
    metas, _ = pipeline.discover_all([str(corpus)], base_dir=corpus)
    cache = tmp_path / "cache"
    first = extract_fragments(metas, tmp_path / "f1", workers=2, cache_dir=cache, base_dir=corpus)
    assert first.cache_hits == 0
    again = extract_fragments(metas, tmp_path / "f2", workers=2, cache_dir=cache, base_dir=corpus)
    assert again.cache_hits == len(metas) - 2  # rejected files (empty, no headings) are never cached
    changed = corpus / "009_county_work_report.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("。", "(已更正)。", 1), encoding="utf-8")
    third = extract_fragments(metas, tmp_path / "f3", workers=1, cache_dir=cache, base_dir=corpus)
    assert third.cache_hits == len(metas) - 3  # and the changed one
    config = default_config(base_dir=corpus)
    packages = [build_package_streaming(r.fragments, config.dataset, tmp_path / f"p{i}", created=NOW,
                                        rejected=r.rejected) for i, r in enumerate((first, again, third))]
    assert packages[0].content_hash == packages[1].content_hash != packages[2].content_hash
    assert packages[0].row_counts == packages[2].row_counts  # the same documents, one of them corrected


def test_a_bug_on_one_document_is_quarantined(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.parse

    def parse_or_fail(document: Any) -> Any:
        if document.source.name.startswith("011"):
            raise IndexError("list index out of range")
        return real(document)

    monkeypatch.setattr(pipeline, "parse", parse_or_fail)
    metas, _ = pipeline.discover_all([str(corpus)], base_dir=corpus)
    run = extract_fragments(metas, tmp_path / "frag", workers=1, base_dir=corpus)
    bad = [r for r in run.rejected if "011_" in r.source]
    assert [(r.stage, r.error) for r in bad] == [("parse", "IndexError: list index out of range")]
    assert len(run.fragments.docs) == len(metas) - 2


@pytest.mark.parametrize("error", [TransientError("S3 answered 503"), TerminalError("access denied")])
def test_errors_of_the_run_propagate(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     error: Exception) -> None:
    def failing_read(meta: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(pipeline, "read", failing_read)
    metas, _ = pipeline.discover_all([str(corpus)], base_dir=corpus)
    with pytest.raises(type(error)):
        extract_fragments(metas, tmp_path / "frag", workers=1, base_dir=corpus)


def test_errors_keep_stage_and_source_across_processes() -> None:
    err = pickle.loads(pickle.dumps(RejectedInput("the file is empty", stage="ingest", source="a.txt")))
    assert (type(err), err.message, err.stage, err.source) == (RejectedInput, "the file is empty", "ingest", "a.txt")


def test_run_plain_with_workers_publishes(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(3):  # three sources of one valid notice, and an empty file
        shutil.copy(SEED, reports / f"notice_{i}.txt")
    (reports / "empty.txt").write_bytes(b"")
    config = default_config(base_dir=reports)
    result = pipeline.run_plain(config, now=NOW, target=str(tmp_path / "public"), workers=2,
                                sources=[str(reports)], work_dir=tmp_path / "work")
    assert result.ok and result.release is not None and result.release.status == "published"
    assert result.sources == 4 and result.row_counts["reports"] == 3
    assert [r.source for r in result.rejected] == [str(reports / "empty.txt")]
