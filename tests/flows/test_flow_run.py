"""The publish-collection flow run for real on Prefect's ephemeral API: retries, cache, named states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flows_conftest import Collection, state_names, task_runs

from govpub import pipeline
from govpub.errors import TerminalError, TransientError
from govpub.validate import ValidationError, ValidationReport

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

NOW = "2026-11-26T00:00:00+00:00"


def run(collection: Collection, **options: Any) -> Any:
    from govpub_flows.collection import run_collection_state

    options.setdefault("work_dir", collection.work)
    options.setdefault("batch_size", 2)
    return run_collection_state(str(collection.config), now=NOW, target=str(collection.target), **options)


def batch_runs(state: Any) -> dict[str, Any]:
    runs = task_runs(state.state_details.flow_run_id)
    return {r.name: r for r in runs if r.name.startswith("extract-batch-")}


def test_a_transient_read_error_is_retried_and_the_batch_completes(
        stages: str, collection: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    real_read = pipeline.read
    calls: dict[str, int] = {}

    def flaky_read(meta: Any, **kwargs: Any) -> Any:
        calls[meta.name] = calls.get(meta.name, 0) + 1
        if meta.name == collection.names[2] and calls[meta.name] == 1:
            raise TransientError("503 SlowDown from the S3 inbox", stage="ingest", source=meta.uri)
        return real_read(meta, **kwargs)

    monkeypatch.setattr(pipeline, "read", flaky_read)
    state = run(collection)

    assert state.is_completed(), state.message
    assert state.name == "Published"
    runs = batch_runs(state)
    assert sorted(runs) == ["extract-batch-0", "extract-batch-1"]
    flaky = state_names(runs["extract-batch-1"].id)  # documents 2 (the flaky one) in batch 1
    assert "AwaitingRetry" in flaky and "Retrying" in flaky, flaky
    assert flaky[-1] == "Completed"
    assert flaky.index("AwaitingRetry") < flaky.index("Retrying") < len(flaky) - 1
    assert runs["extract-batch-1"].run_count == 2
    steady = state_names(runs["extract-batch-0"].id)
    assert "AwaitingRetry" not in steady and steady[-1] == "Completed"
    assert calls[collection.names[2]] == 2
    result = state.result()
    assert result.sources == 3 and result.rejected == ()
    assert result.row_counts["reports"] == 3
    assert (collection.target / result.release.dataset / result.release.version).is_dir()


def test_a_terminal_error_in_a_batch_fails_fast_without_retries(
        stages: str, collection: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    from govpub_flows.collection import run_collection

    def broken_read(meta: Any, **kwargs: Any) -> Any:
        # Terminal for the run (not a TransientError, not the document's fault): a retry cannot help.
        raise TerminalError(f"access denied while reading {meta.name}", stage="ingest")

    monkeypatch.setattr(pipeline, "read", broken_read)
    state = run(collection, batch_size=3)
    assert state.is_failed()
    (only,) = batch_runs(state).values()
    names = state_names(only.id)
    assert "AwaitingRetry" not in names and names[-1] == "Failed"
    assert only.run_count == 1
    assert not collection.target.exists()
    with pytest.raises(TerminalError, match="access denied while reading"):
        run_collection(str(collection.config), now=NOW, target=str(collection.target), work_dir=collection.work)


def test_a_terminal_error_at_publish_fails_fast_without_retries(
        stages: str, collection: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    from govpub_flows.collection import run_collection

    calls: list[str] = []

    def refused(package: Any, target: str, **kwargs: Any) -> Any:
        calls.append(target)
        raise TerminalError("AccessDenied: the credential may not write to the bucket", stage="publish",
                            source=target)  # a retry cannot help

    monkeypatch.setattr(pipeline, "publish", refused)
    state = run(collection)
    assert state.is_failed()
    assert "AccessDenied" in state.message
    (publish_run,) = [r for r in task_runs(state.state_details.flow_run_id) if r.name.startswith("publish")]
    names = state_names(publish_run.id)
    assert "AwaitingRetry" not in names and names[-1] == "Failed", names
    assert publish_run.run_count == 1 and len(calls) == 1
    with pytest.raises(TerminalError, match="AccessDenied"):
        run_collection(str(collection.config), now=NOW, target=str(collection.target), work_dir=collection.work)


def test_a_document_that_breaks_a_stage_is_rejected_not_retried(
        stages: str, collection: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    real_parse = pipeline.parse
    calls: list[str] = []

    def broken_parse(document: Any) -> Any:
        calls.append(document.source.name)
        if document.source.name == collection.names[1]:
            raise RuntimeError("parser bug")  # not transient: the document is quarantined, the run goes on
        return real_parse(document)

    monkeypatch.setattr(pipeline, "parse", broken_parse)
    state = run(collection)
    assert state.name == "Published", state.message
    (rejected,) = state.result().rejected
    assert rejected.stage == "parse" and "parser bug" in rejected.error
    assert calls.count(collection.names[1]) == 1
    assert all("AwaitingRetry" not in state_names(r.id) for r in batch_runs(state).values())


def test_unchanged_documents_are_cached_and_the_rerun_is_named_unchanged(
        stages: str, collection: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    from govpub.package import segment_build

    rendered: list[str] = []  # segments rendered (tasks run in threads of this process)
    real_render = segment_build.render_segment
    monkeypatch.setattr(segment_build, "render_segment", lambda job: rendered.append(job.prefix) or real_render(job))
    first = run(collection)
    assert first.name == "Published", first.message
    assert {state_names(r.id)[-1] for r in batch_runs(first).values()} == {"Completed"}
    assert rendered

    rendered.clear()
    second = run(collection)
    assert rendered == []  # the segments under the work dir are reused, already checked
    assert second.is_completed()
    assert second.name == "Unchanged", second.message
    assert {r.state.name for r in batch_runs(second).values()} == {"Cached"}
    assert second.result().release.status == "unchanged"
    assert second.result().release.version == first.result().release.version

    # One changed document: only its batch runs again, and a new version is published.
    changed = collection.reports / collection.names[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n手机扫一扫打开当前界面\n附件：无\n", encoding="utf-8")
    third = run(collection)
    assert third.name == "Published", third.message
    states = {name: r.state.name for name, r in batch_runs(third).items()}
    assert states == {"extract-batch-0": "Completed", "extract-batch-1": "Cached"}
    assert third.result().release.previous_version == first.result().release.version


def test_a_missing_batch_file_is_extracted_again(stages: str, collection: Collection) -> None:
    import shutil

    first = run(collection)
    assert first.name == "Published"
    folders = sorted((collection.work / "batches").iterdir())
    assert len(folders) == 2 and all(f.is_dir() for f in folders)
    for folder in folders:
        shutil.rmtree(folder)
    second = run(collection)  # cache hits point at deleted files: the package task re-extracts
    assert {r.state.name for r in batch_runs(second).values()} == {"Cached"}
    assert second.name == "Unchanged", second.message
    assert second.result().row_counts == first.result().row_counts
    assert sorted((collection.work / "batches").iterdir()) == folders  # written again where the index points


def test_the_package_is_streamed_from_fragments_and_equals_the_plain_engines(
        stages: str, collection: Collection, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """build-package never materialises one Records: it streams the batches' fragments, and the
    package is the plain engine's, byte for byte."""
    from govpub.config import load_config
    from govpub.package import stream

    if stages != "real":
        pytest.skip("needs the library's real stages")
    (collection.reports / "empty.txt").write_text("", encoding="utf-8")  # a rejected document too
    calls: list[int] = []
    streaming = pipeline.build_package_streaming

    def counting(fragments: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(len(fragments.docs))
        return streaming(fragments, *args, **kwargs)

    def no_records(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the flow built an in-memory Records package")

    monkeypatch.setattr(pipeline, "build_package_streaming", counting)
    monkeypatch.setattr(pipeline, "build_package", no_records)
    monkeypatch.setattr(pipeline, "combine", no_records)
    monkeypatch.setattr(pipeline, "extract_batch", no_records)
    state = run(collection)
    assert state.name == "Published", state.message
    assert calls == [3]
    flow_release = Path(state.result().release.location)

    plain = pipeline.run_plain(load_config(collection.config), now=NOW, target=str(tmp_path / "plain-public"),
                               work_dir=tmp_path / "plain-work", workers=1)
    assert plain.ok and plain.row_counts == state.result().row_counts
    assert plain.rejected == state.result().rejected and len(plain.rejected) == 1
    plain_release = Path(plain.release.location)  # type: ignore[union-attr]
    csvs = sorted(p.relative_to(plain_release) for p in plain_release.rglob("*.csv"))
    assert len(csvs) >= 5 and stream is not None
    assert sorted(p.relative_to(flow_release) for p in flow_release.rglob("*.csv")) == csvs
    for name in csvs:
        assert (flow_release / name).read_bytes() == (plain_release / name).read_bytes(), name


def test_progress_reports_batches_and_documents(stages: str, collection: Collection) -> None:
    from govpub_flows.progress import Progress

    seen: list[Progress] = []
    state = run(collection, progress=seen.append)
    assert state.is_completed()
    extract = [p for p in seen if p.stage == "extract"]
    assert [p.batches_done for p in extract] == [0, 1, 2]
    assert extract[-1].documents_done == extract[-1].documents_total == 3
    assert extract[-1].batches_total == 2
    assert [p.stage for p in seen][-4:] == ["package", "validate", "publish", "done"]
    assert seen[-1].message == "Published"


def test_an_invalid_package_is_not_published_and_its_errors_are_an_artifact(
        stages: str, collection: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    bad = ValidationReport(valid=False, rows_checked=3, errors=(
        ValidationError(type="primary-key", table="reports", row=2, field="report_id",
                        message="=HYPERLINK(\"http://x\") duplicate <b>id</b>"),))
    monkeypatch.setattr(pipeline, "validate_package", lambda package, rejected=(), **_: bad)
    state = run(collection)
    assert state.is_failed() and state.name == "Invalid"
    assert "primary-key" in state.message
    assert not collection.target.exists()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id])))
    by_key = {a.key: a for a in artifacts if a.key}
    table = by_key["govpub-validation-errors"].data
    assert "'=HYPERLINK" in str(table)  # a spreadsheet will not evaluate it
    report = str(by_key["govpub-run-report"].data)
    assert "INVALID" in report and "Nothing was published" in report
    assert "<b>" not in report


def test_the_run_report_names_rejected_documents(stages: str, collection: Collection) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    (collection.reports / "zz_empty.txt").write_text("", encoding="utf-8")
    state = run(collection, sources=[str(collection.reports), str(collection.root / "no-such-folder")])
    assert state.name == "Published", state.message
    result = state.result()
    assert sorted((r.stage, Path(r.source).name) for r in result.rejected) == [
        ("discover", "no-such-folder"), ("ingest", "zz_empty.txt")]
    with get_client(sync_client=True) as client:
        (latest,) = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["govpub-run-report"])),
                                          limit=1, sort=ArtifactSort.CREATED_DESC)
    text = str(latest.data)
    assert "zz\\_empty.txt" in text and "no-such-folder" in text
    assert f"version **{result.release.version}**" in text
