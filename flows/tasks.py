"""The Prefect tasks: each wraps govpub library calls; source names, paths and small values in and out.

Logic lives in govpub (pipeline.py, fragment_extract.py and the stages). Stage functions are looked
up on their modules at call time, so the flow runs exactly what `run_plain` runs: batches become
Arrow fragments on disk, and the package is streamed from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govpub_flows.caching import DOCUMENT_CONTENT, batch_key
from govpub_flows.retry import retry_options
from govpub_flows.store import StoredBatch, batch_root, combine, extract_to, is_complete
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from govpub import pipeline
from govpub.config import CollectionConfig
from govpub.ingest import SourceMeta
from govpub.package import Package
from govpub.publish import Release
from govpub.records import Rejected
from govpub.validate import ValidationReport


@dataclass(frozen=True)
class Discovered:
    metas: tuple[SourceMeta, ...]
    rejected: tuple[Rejected, ...]


@dataclass(frozen=True)
class Staged:
    """The package folder the package task wrote, and the documents that did not make it in."""

    package: Package
    rejected: tuple[Rejected, ...]


# Listing an s3:// prefix or resolving a URL can hit a throttled endpoint: retried like a fetch.
@task(name="discover", cache_policy=NO_CACHE, persist_result=False, **retry_options())
def discover_sources(sources: list[str], base_dir: str) -> Discovered:
    """Every source name expanded; a name that does not exist is one rejected entry, not a failed run."""
    logger = get_run_logger()
    metas, missing = pipeline.discover_all(sources, base_dir=Path(base_dir))
    rejected = tuple(ex.rejected for ex in missing if ex.rejected is not None)
    for r in rejected:
        logger.warning("%s [discover] rejected: %s", r.source, r.error)
    logger.info("discovered %d documents in %d sources", len(metas), len(sources))
    return Discovered(metas=tuple(metas), rejected=rejected)


@task(name="extract-batch", task_run_name="extract-batch-{batch_no}", cache_policy=DOCUMENT_CONTENT,
      persist_result=True, **retry_options())
def extract_batch(metas: list[SourceMeta], batch_no: int, base_dir: str, store: str) -> StoredBatch:
    """Ingest, parse and extract one batch into Arrow fragments in the store, in a folder named by
    the batch's cache key; return only their index (paths, not rows: on Dask this runs in a worker
    process). A TransientError (HTTP, S3) escapes run_batch and the whole batch is retried."""
    logger = get_run_logger()
    key = batch_key(metas, base_dir=Path(base_dir), store=Path(store))
    stored = extract_to(batch_root(Path(store), key), metas, base_dir=Path(base_dir))
    for r in stored.result.rejected:
        logger.warning("%s [%s] rejected: %s", r.source, r.stage, r.error)
    done = len(stored.result.docs)
    logger.info("batch %d: %d documents extracted, %d rejected", batch_no, done, len(metas) - done)
    return stored


def present(batches: list[tuple[StoredBatch, list[SourceMeta]]], base_dir: Path,
            store: Path) -> list[tuple[StoredBatch, list[SourceMeta]]]:
    """Every batch with its fragment files on disk: one whose files are gone (store cleaned, a cached
    result from another machine) is extracted again, never trusted."""
    logger = get_run_logger()
    out: list[tuple[StoredBatch, list[SourceMeta]]] = []
    for stored, metas in batches:
        if not isinstance(stored, StoredBatch) or not is_complete(stored.root):
            where = stored.root if isinstance(stored, StoredBatch) else store
            logger.warning("batch files in %s are missing; extracting its %d documents again", where, len(metas))
            key = batch_key(metas, base_dir=base_dir, store=store)
            stored = extract_to(batch_root(store, key), metas, base_dir=base_dir)
        out.append((stored, metas))
    return out


@task(name="build-package", cache_policy=NO_CACHE, persist_result=False)
def build_package(config: CollectionConfig, batches: list[tuple[StoredBatch, list[SourceMeta]]], now: str,
                  staging: str, not_found: tuple[Rejected, ...] = (), store: str | None = None) -> Staged:
    """The batches' fragments, streamed into the package chunk by chunk (never one in-memory Records)."""
    # Sources that discovery could not find are rejected sources like any other: they go into
    # the package's rejected table, so a reader can see every source that was asked for.
    store_dir = Path(store) if store else Path(staging) / "batches"
    fragments, rejected = combine(present(batches, config.base_dir, store_dir), not_found)
    # Segments rendered by earlier runs (same documents, same code) sit beside the batch store
    # and are reused: a run with one changed document renders one segment.
    package = pipeline.build_package_streaming(fragments, config.dataset, Path(staging) / "package", created=now,
                                               rejected=rejected, store_root=store_dir.parent / "segments")
    get_run_logger().info("package %s: %s", package.name,
                          ", ".join(f"{t} {n}" for t, n in package.row_counts.items()))
    return Staged(package=package, rejected=rejected)


@task(name="validate", cache_policy=NO_CACHE, persist_result=False)
def validate(staged: Staged) -> ValidationReport:
    report = pipeline.validate_package(staged.package, rejected=staged.rejected, reuse_segment_checks=True)
    logger = get_run_logger()
    if report.valid:
        logger.info("%s", report.summary())
    else:
        logger.error("%s", report.summary())
    return report


# Publishing talks to S3: a throttle or a lost race (PublishConflict) is transient and retried;
# the commit protocol makes a retry safe.
@task(name="publish", cache_policy=NO_CACHE, persist_result=False, **retry_options())
def publish(staged: Staged, config: CollectionConfig, target: str, now: str,
            s3_endpoint_url: str | None) -> Release:
    release = pipeline.publish(staged.package, target, meta=config.dataset, now=now,
                               s3_endpoint_url=s3_endpoint_url)
    get_run_logger().info("%s %s version %s at %s", release.dataset, release.status, release.version,
                          release.location)
    return release
