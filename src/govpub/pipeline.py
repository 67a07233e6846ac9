"""The whole run as plain function calls: sources → Documents → Records → Package → Report → Release.

The Prefect flow in flows/ calls these same functions as tasks; this module is what the
library offers without an orchestrator (benchmarks, `govpub run --engine plain`, tests).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from govpub import incremental
from govpub.cache import ExtractionCache
from govpub.config import CollectionConfig
from govpub.errors import GovpubError, RejectedInput
from govpub.extract import extract
from govpub.fragment_extract import default_workers, worker_pool
from govpub.ingest import IngestLimits, SourceMeta, discover, read
from govpub.package import Package, build_package
from govpub.package.stream import build_package_streaming  # noqa: F401 - the flow builds through this facade
from govpub.parse import parse
from govpub.publish import Release, publish
from govpub.records import Extraction, Records, Rejected
from govpub.validate import ValidationReport, validate_package


@functools.lru_cache(maxsize=16)
def _resolved(folder: Path) -> str:
    return os.path.realpath(folder)  # every source of a run shares one collection folder: resolve it once


def published_uri(uri: str, base_dir: Path | None) -> str:
    """A local path as it is published: relative to the collection folder, so that the data does
    not depend on where the checkout lives (the same input must give the same release anywhere).
    (os.path rather than pathlib: every run maps every source, 10,000 of them at scale.)"""
    if base_dir is None or "://" in uri:
        return uri
    real, base = os.path.realpath(uri), _resolved(base_dir)
    if os.path.commonpath([real, base]) != base:
        return Path(uri).name  # outside the collection: its name, never a machine path
    return Path(os.path.relpath(real, base)).as_posix()


def extract_one(meta: SourceMeta, *, limits: IngestLimits = IngestLimits(),
                cache: ExtractionCache | None = None, base_dir: Path | None = None) -> Extraction:
    """Ingest, parse and extract one source. A terminal problem becomes a Rejected value;
    a TransientError propagates so that the caller can retry."""
    stage = "ingest"
    try:
        document = read(meta, limits=limits)
        uri = published_uri(meta.uri, base_dir)
        if uri != meta.uri:
            document = dataclasses.replace(document, source=dataclasses.replace(document.source, uri=uri))
        if cache is not None and (cached := cache.get(document)) is not None:
            return Extraction(source=meta.uri, records=cached)
        stage = "parse"
        tree = parse(document)
        stage = "extract"
        records = extract(tree)
        if not records.sections:
            # Every published report has sections (the validator holds the package to it), so
            # a document without numbered headings goes to the rejected list, saying why.
            raise RejectedInput("no numbered headings (一、 （一） 1. （1） ①) were found: "
                                "the document cannot be split into sections", stage="parse")
        if cache is not None:
            cache.put(document, records)
        return Extraction(source=meta.uri, records=records)
    except RejectedInput as exc:
        return Extraction(source=meta.uri, rejected=Rejected(meta.uri, exc.stage or stage, exc.message))  # type: ignore[arg-type]
    except GovpubError:
        # Transient (retry the batch) or terminal for the whole run (a refused credential, bad
        # configuration): neither is this document's fault, so neither is a rejection.
        raise
    except Exception as exc:  # noqa: BLE001
        # A bug or an input we did not foresee must not sink a corpus of thousands: the document
        # is quarantined with the stage and the exception, and the others go on.
        return Extraction(source=meta.uri, rejected=Rejected(meta.uri, stage, f"{type(exc).__name__}: {exc}"))  # type: ignore[arg-type]


def extract_batch(metas: Sequence[SourceMeta], *, limits: IngestLimits = IngestLimits(),
                  cache: ExtractionCache | None = None, base_dir: Path | None = None) -> list[Extraction]:
    return [extract_one(m, limits=limits, cache=cache, base_dir=base_dir) for m in metas]


def discover_all(sources: Sequence[str], *, base_dir: Path) -> tuple[list[SourceMeta], list[Extraction]]:
    """Expand every source name; one that cannot be found is a Rejected value, not the end of the run."""
    metas: list[SourceMeta] = []
    missing: list[Extraction] = []
    for source in sources:
        try:
            metas.extend(discover([source], base_dir=base_dir))
        except RejectedInput as exc:
            missing.append(Extraction(source=source, rejected=Rejected(source, "discover", exc.message)))
    unique = {m.uri: m for m in metas}  # a file named twice (directly and through its folder) is read once
    return list(unique.values()), missing


def combine(extractions: Iterable[Extraction]) -> tuple[Records, tuple[Rejected, ...]]:
    parts: list[Records] = []
    rejected: list[Rejected] = []
    for ex in extractions:
        if ex.records is not None:
            parts.append(ex.records)
        elif ex.rejected is not None:
            rejected.append(ex.rejected)
    return Records.merge(parts), tuple(sorted(rejected, key=lambda r: r.source))


@dataclass(frozen=True)
class RunResult:
    """What a run did, for the CLI summary and the Prefect run report artifact."""

    sources: int
    rejected: tuple[Rejected, ...]
    row_counts: dict[str, int]
    validation: ValidationReport
    release: Release | None  # None when validation failed: nothing was published

    @property
    def ok(self) -> bool:
        return self.validation.valid and self.release is not None


def run_plain(config: CollectionConfig, *, now: str, target: str | None = None,
              sources: Sequence[str] | None = None, s3_endpoint_url: str | None = None,
              work_dir: Path | None = None, cache_dir: Path | None = None,
              workers: int | None = None) -> RunResult:
    """The whole pipeline without Prefect, streaming: documents are extracted by `workers`
    processes (default: one per CPU) into Arrow fragments, and the package is written from
    them chunk by chunk. With `cache_dir`, unchanged documents are not parsed again."""
    metas, missing = discover_all(list(sources or config.sources), base_dir=config.base_dir)
    workers = workers or default_workers()
    with tempfile.TemporaryDirectory(prefix="govpub-") as tmp, worker_pool(workers) as pool:
        work = work_dir or Path(tmp)
        staged = incremental.extract_and_package(metas, missing, config.dataset, work, now=now, workers=workers,
                                                 base_dir=config.base_dir, cache_dir=cache_dir, executor=pool)
        package, extracted = staged.package, staged.run
        report = validate_package(package, rejected=extracted.rejected, reuse_segment_checks=True)
        release = None
        if report.valid:
            release = publish(package, target or config.target, meta=config.dataset, now=now,
                              s3_endpoint_url=s3_endpoint_url)
        return RunResult(sources=len(metas) + len(missing), rejected=extracted.rejected,
                         row_counts=dict(package.row_counts), validation=report, release=release)


def stage_package(config: CollectionConfig, records: Records, rejected: Sequence[Rejected], *,
                  now: str, work_dir: Path) -> tuple[Package, ValidationReport]:
    package = build_package(records, config.dataset, work_dir / "package", created=now, rejected=rejected)
    return package, validate_package(package, rejected=rejected)
