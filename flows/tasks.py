"""The Prefect tasks: each wraps govpub library calls; source names, paths and small values in and out.

Logic lives in govpub (pipeline.py and the stages). Stage functions are looked up on the
govpub.pipeline module at call time, so the flow runs exactly what `run_plain` runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govpub_flows.caching import DOCUMENT_CONTENT, batch_key
from govpub_flows.retry import retry_options
from govpub_flows.store import read_batch, write_batch
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from govpub import pipeline
from govpub.config import CollectionConfig
from govpub.ingest import SourceMeta
from govpub.package import Package
from govpub.publish import Release
from govpub.records import Extraction, Rejected
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
def extract_batch(metas: list[SourceMeta], batch_no: int, base_dir: str, store: str) -> str:
    """Ingest, parse and extract one batch; write its Extractions to the store and return the path.
    A TransientError (HTTP, S3) escapes pipeline.extract_batch and the whole batch is retried."""
    logger = get_run_logger()
    extractions = pipeline.extract_batch(metas, base_dir=Path(base_dir))
    for ex in extractions:
        if ex.rejected is not None:
            logger.warning("%s [%s] rejected: %s", ex.rejected.source, ex.rejected.stage, ex.rejected.error)
        for warning in ex.warnings:
            logger.info("%s: %s", ex.source, warning)
    key = batch_key(metas, base_dir=Path(base_dir), store=Path(store))
    path = write_batch(extractions, Path(store), key)
    done = sum(1 for ex in extractions if ex.records is not None)
    logger.info("batch %d: %d documents extracted, %d rejected", batch_no, done, len(extractions) - done)
    return str(path)


def load_batches(batches: list[tuple[str, list[SourceMeta]]], base_dir: Path) -> list[Extraction]:
    logger = get_run_logger()
    extractions: list[Extraction] = []
    for path, metas in batches:
        if Path(path).is_file():
            extractions += read_batch(Path(path))
        else:
            # A cached result points at a batch file that is gone (store cleaned, another machine):
            # extracting again is correct, only slower.
            logger.warning("batch file %s is missing; extracting its %d documents again", path, len(metas))
            extractions += pipeline.extract_batch(metas, base_dir=base_dir)
    return extractions


@task(name="build-package", cache_policy=NO_CACHE, persist_result=False)
def build_package(config: CollectionConfig, batches: list[tuple[str, list[SourceMeta]]], now: str,
                  staging: str, not_found: tuple[Rejected, ...] = ()) -> Staged:
    # Sources that discovery could not find are rejected sources like any other: they go into
    # the package's rejected table, so a reader can see every source that was asked for.
    missing = [Extraction(source=r.source, rejected=r) for r in not_found]
    records, rejected = pipeline.combine([*missing, *load_batches(batches, config.base_dir)])
    package = pipeline.build_package(records, config.dataset, Path(staging) / "package", created=now,
                                     rejected=rejected)
    get_run_logger().info("package %s: %s", package.name,
                          ", ".join(f"{t} {n}" for t, n in package.row_counts.items()))
    return Staged(package=package, rejected=tuple(rejected))


@task(name="validate", cache_policy=NO_CACHE, persist_result=False)
def validate(staged: Staged) -> ValidationReport:
    report = pipeline.validate_package(staged.package, rejected=staged.rejected)
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
