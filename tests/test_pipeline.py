"""The pipeline's error channels: a document's problem is a rejection, the run's problem is an exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govpub import pipeline
from govpub.errors import TerminalError, TransientError
from govpub.ingest import SourceMeta

SEED = Path(__file__).resolve().parent / "fixtures" / "000_5e2350e4989e1303.txt"


def _meta() -> SourceMeta:
    return SourceMeta(uri=str(SEED), name=SEED.name)


def test_a_bug_on_one_document_quarantines_it_with_stage_and_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_parse(document: Any) -> Any:
        raise IndexError("list index out of range")

    monkeypatch.setattr(pipeline, "parse", broken_parse)
    result = pipeline.extract_one(_meta())
    assert result.records is None and result.rejected is not None
    assert (result.rejected.stage, result.rejected.error) == ("parse", "IndexError: list index out of range")


@pytest.mark.parametrize("error", [TransientError("S3 answered 503"), TerminalError("access denied")])
def test_errors_of_the_run_propagate(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def failing_read(meta: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(pipeline, "read", failing_read)
    with pytest.raises(type(error)):
        pipeline.extract_one(_meta())


def test_published_uri_is_relative_to_the_collection(tmp_path: Path) -> None:
    inside = tmp_path / "reports" / "a.txt"
    assert pipeline.published_uri(str(inside), tmp_path) == "reports/a.txt"
    assert pipeline.published_uri("/elsewhere/b.txt", tmp_path) == "b.txt"
    assert pipeline.published_uri("https://x.gov.cn/a.html", tmp_path) == "https://x.gov.cn/a.html"
