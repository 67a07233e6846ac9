"""A collection config in, a published release out: the `publish-collection` flow and `run_collection`.

The flow body only calls tasks in order: discover → extract batches (in parallel, cached) →
build package → validate → publish, then writes the run report artifacts. `run_collection`
is what `govpub run` calls.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from uuid import UUID

from govpub_flows import progress as events
from govpub_flows import tasks as t
from govpub_flows.progress import Progress, ProgressCallback
from govpub_flows.report import markdown_report, outcome, validation_rows
from govpub_flows.runners import api_for_workers, batch_size_for, build_task_runner
from govpub_flows.store import StoredBatch
from prefect import flow, get_run_logger
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.settings import get_current_settings
from prefect.states import Completed, Failed, State

from govpub.config import CollectionConfig, load_config
from govpub.defaults import default_config
from govpub.errors import ConfigError, GovpubError, TerminalError
from govpub.ingest import SourceMeta
from govpub.pipeline import RunResult

FLOW_NAME = "publish-collection"
REPORT_KEY = "govpub-run-report"  # artifact keys: lower case, digits, dashes
VALIDATION_KEY = "govpub-validation-errors"


def resolve_config(config: CollectionConfig | str | None, *, target: str | None,
                   sources: list[str] | None) -> CollectionConfig:
    """A path (relative to the working directory) or a config object; sources and target given
    as parameters win over the config's, like on the command line."""
    if isinstance(config, CollectionConfig):
        resolved = config
    elif config:
        resolved = load_config(Path(config))
    else:
        resolved = default_config(base_dir=Path.cwd())
    if sources:
        resolved = dataclasses.replace(resolved, sources=tuple(sources), base_dir=Path.cwd())
    if target:
        resolved = dataclasses.replace(resolved, target=target)
    if not resolved.sources:
        raise ConfigError("no sources: give a config with sources or the sources parameter", stage="flow")
    return resolved


def default_work_dir() -> Path:
    """Batch files live next to Prefect's own result storage, so they survive between runs."""
    return Path(get_current_settings().home).expanduser() / "govpub"


def run_time() -> str:
    """The run's scheduled start (UTC, seconds): the same for every retry of the same run."""
    when: Any = flow_run.scheduled_start_time
    moment = datetime.fromisoformat(when.isoformat()) if hasattr(when, "isoformat") else datetime.now(UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def batches_of(metas: tuple[SourceMeta, ...], size: int) -> list[list[SourceMeta]]:
    if size < 1:
        raise ConfigError(f"batch size must be at least 1, not {size}", stage="flow")
    return [list(metas[i:i + size]) for i in range(0, len(metas), size)]


def extract_all(batches: list[list[SourceMeta]], *, base_dir: Path, store: Path,
                task_runner: str) -> list[tuple[StoredBatch, list[SourceMeta]]]:
    """Submit every batch to the chosen runner; report progress as they finish (in any order)
    and return the batches' fragment indexes in batch order, so the package does not depend on timing."""
    total_docs = sum(len(b) for b in batches)
    # sync-compatible API: typed as UUID | Coroutine, a UUID inside a sync flow
    artifact = cast(UUID, create_progress_artifact(0.0, description="extract: batches done"))
    paths: dict[int, StoredBatch] = {}
    docs_done = 0
    with api_for_workers(task_runner), build_task_runner(task_runner) as runner:
        futures: dict[PrefectFuture[StoredBatch], int] = {
            runner.submit(t.extract_batch, {"metas": batch, "batch_no": i, "base_dir": str(base_dir),
                                            "store": str(store)}): i
            for i, batch in enumerate(batches)
        }
        for future in as_completed(list(futures)):
            i = futures[future]
            paths[i] = future.result()  # a batch that failed after its retries fails the run, loudly
            docs_done += len(batches[i])
            events.report(Progress("extract", len(paths), len(batches), docs_done, total_docs))
            update_progress_artifact(artifact, 100.0 * len(paths) / len(batches))
    return [(paths[i], batches[i]) for i in range(len(batches))]


@flow(name=FLOW_NAME, description="Read a collection's reports, publish a validated data package release.")
def publish_collection(
    config: CollectionConfig | str | None = None,
    target: str | None = None,
    sources: list[str] | None = None,
    s3_endpoint_url: str | None = None,
    batch_size: int | None = None,
    task_runner: str = "threads",
    now: str | None = None,
    work_dir: str | None = None,
) -> State[RunResult]:
    """config: a collection YAML path (relative to the working directory) or a config object;
    target: a directory or s3://bucket/prefix (default: the config's); sources: override the
    config's sources; task_runner: threads, threads:N, dask, dask:N or dask://HOST:PORT; now: the run time
    stamped into the release (default: the run's scheduled start); work_dir: where batch files
    are kept between runs (default: $PREFECT_HOME/govpub)."""
    logger = get_run_logger()
    cfg = resolve_config(config, target=target, sources=sources)
    when = now or run_time()
    work = Path(work_dir) if work_dir else default_work_dir()

    events.report(Progress("discover"))
    found = t.discover_sources(list(cfg.sources), str(cfg.base_dir))
    size = batch_size or batch_size_for(len(found.metas), cfg.batch_size, task_runner)
    batches = batches_of(found.metas, size)
    logger.info("%d documents in %d batches of up to %d, task runner %s", len(found.metas), len(batches),
                size, task_runner)
    events.report(Progress("extract", 0, len(batches), 0, len(found.metas)))
    # Absolute: on Dask a worker process writes the batch, and the package task reads it here.
    store = (work / "batches").resolve()
    outputs = extract_all(batches, base_dir=cfg.base_dir, store=store, task_runner=task_runner)

    (work / "runs").mkdir(parents=True, exist_ok=True)
    staging = tempfile.mkdtemp(prefix="run-", dir=work / "runs")
    try:
        events.report(Progress("package", len(batches), len(batches), len(found.metas), len(found.metas)))
        staged = t.build_package(cfg, outputs, when, staging, found.rejected, str(store))
        events.report(Progress("validate", len(batches), len(batches), len(found.metas), len(found.metas)))
        report = t.validate(staged)
        release = None
        if report.valid:
            events.report(Progress("publish", len(batches), len(batches), len(found.metas), len(found.metas)))
            release = t.publish(staged, cfg, cfg.target, when, s3_endpoint_url)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    result = RunResult(sources=len(found.metas) + len(found.rejected), rejected=staged.rejected,
                       row_counts=dict(staged.package.row_counts), validation=report, release=release)
    create_markdown_artifact(markdown_report(result, cfg.dataset, now=when, task_runner=task_runner),
                             key=REPORT_KEY, description=f"govpub run report for {cfg.dataset.name}")
    if not report.valid:
        create_table_artifact(validation_rows(result), key=VALIDATION_KEY,
                              description=f"validation errors of {cfg.dataset.name} (first 1000)")
    events.report(Progress("done", len(batches), len(batches), len(found.metas), len(found.metas), outcome(result)))
    return final_state(result, strict=cfg.strict)


def final_state(result: RunResult, *, strict: bool) -> State[RunResult]:
    """Name the outcome so that it shows in the UI and in `prefect flow-run ls`."""
    rejected = len(result.rejected)
    if result.release is None:
        return Failed(name="Invalid", message=result.validation.summary(), data=result)
    if strict and rejected:
        return Failed(name="Rejected", message=f"{rejected} document(s) rejected and the collection is strict",
                      data=result)
    if result.release.status == "unchanged":
        return Completed(name="Unchanged", data=result,
                         message=f"nothing new: the data equals version {result.release.version}")
    return Completed(name="Published", data=result, message=f"published version {result.release.version}")


def run_collection(config: CollectionConfig | str | Path | None, *, now: str | None = None,
                   target: str | None = None, sources: list[str] | None = None,
                   s3_endpoint_url: str | None = None, task_runner: str = "threads",
                   batch_size: int | None = None, work_dir: str | Path | None = None,
                   progress: ProgressCallback | None = None) -> RunResult:
    """Run the flow in this process (Prefect's ephemeral API, or PREFECT_API_URL's server) and
    return its RunResult. A terminal error of the run (bad config, a batch whose transient errors
    outlived its retries) is raised as a GovpubError."""
    state = run_collection_state(config, now=now, target=target, sources=sources, s3_endpoint_url=s3_endpoint_url,
                                 task_runner=task_runner, batch_size=batch_size, work_dir=work_dir,
                                 progress=progress)
    data = state.result(raise_on_failure=False)
    if isinstance(data, RunResult):
        return data
    if isinstance(data, GovpubError):
        raise data
    raise TerminalError(f"flow run ended {state.name}: {state.message}", stage="flow") from (
        data if isinstance(data, BaseException) else None)


def run_collection_state(config: CollectionConfig | str | Path | None, *, now: str | None = None,
                         target: str | None = None, sources: list[str] | None = None,
                         s3_endpoint_url: str | None = None, task_runner: str = "threads",
                         batch_size: int | None = None, work_dir: str | Path | None = None,
                         progress: ProgressCallback | None = None) -> State[Any]:
    """Like run_collection, but the flow run's final State (its name says Published, Unchanged,
    Invalid, Rejected or Failed)."""
    cfg = config if isinstance(config, CollectionConfig) or config is None else str(config)
    with events.progress_to(progress):
        state: State[Any] = publish_collection(
            config=cfg, target=target, sources=sources, s3_endpoint_url=s3_endpoint_url, batch_size=batch_size,
            task_runner=task_runner, now=now, work_dir=str(work_dir) if work_dir else None, return_state=True)
    return state
