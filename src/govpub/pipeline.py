"""The whole run as plain function calls: sources → Documents → Records → Package → Report → Release.

The Prefect flow in flows/ calls these same functions as tasks; this module is what the
library offers without an orchestrator (benchmarks, `govpub run --engine plain`, tests).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govpub.config import CollectionConfig
from govpub.errors import GovpubError, RejectedInput
from govpub.extract import extract
from govpub.ingest import IngestLimits, SourceMeta, discover, read
from govpub.package import Package, build_package
from govpub.parse import parse
from govpub.publish import Release, publish
from govpub.records import Extraction, Records, Rejected
from govpub.validate import ValidationReport, validate_package


def extract_one(meta: SourceMeta, *, limits: IngestLimits = IngestLimits()) -> Extraction:
    """Ingest, parse and extract one source. A terminal problem becomes a Rejected value;
    a TransientError propagates so that the caller can retry."""
    stage = "ingest"
    try:
        document = read(meta, limits=limits)
        stage = "parse"
        tree = parse(document)
        stage = "extract"
        return Extraction(source=meta.uri, records=extract(tree))
    except RejectedInput as exc:
        return Extraction(source=meta.uri, rejected=Rejected(meta.uri, exc.stage or stage, exc.message))  # type: ignore[arg-type]
    except GovpubError as exc:
        if exc.transient:
            raise
        return Extraction(source=meta.uri, rejected=Rejected(meta.uri, stage, str(exc)))  # type: ignore[arg-type]
    except (ValueError, UnicodeError, LookupError, OSError) as exc:
        # A bug or an input we did not foresee must not sink the run: the document is
        # quarantined with the stage and the exception, and the others go on.
        return Extraction(source=meta.uri, rejected=Rejected(meta.uri, stage, f"{type(exc).__name__}: {exc}"))  # type: ignore[arg-type]


def extract_batch(metas: Sequence[SourceMeta], *, limits: IngestLimits = IngestLimits()) -> list[Extraction]:
    return [extract_one(m, limits=limits) for m in metas]


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
    discover_rejected: tuple[Rejected, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.validation.valid and self.release is not None


def run_plain(config: CollectionConfig, *, now: str, target: str | None = None,
              sources: Sequence[str] | None = None, s3_endpoint_url: str | None = None,
              work_dir: Path | None = None) -> RunResult:
    """The whole pipeline without Prefect."""
    metas = discover(list(sources or config.sources), base_dir=config.base_dir)
    records, rejected = combine(extract_batch(metas))
    return finish(config, records, rejected, sources=len(metas), now=now, target=target,
                  s3_endpoint_url=s3_endpoint_url, work_dir=work_dir)


def stage_package(config: CollectionConfig, records: Records, rejected: Sequence[Rejected], *,
                  now: str, work_dir: Path) -> tuple[Package, ValidationReport]:
    package = build_package(records, config.dataset, work_dir / "package", created=now, rejected=rejected)
    return package, validate_package(package, rejected=rejected)


def finish(config: CollectionConfig, records: Records, rejected: Sequence[Rejected], *, sources: int,
           now: str, target: str | None = None, s3_endpoint_url: str | None = None,
           work_dir: Path | None = None) -> RunResult:
    with tempfile.TemporaryDirectory(prefix="govpub-") as tmp:
        package, report = stage_package(config, records, rejected, now=now, work_dir=work_dir or Path(tmp))
        release = None
        if report.valid:
            release = publish(package, target or config.target, meta=config.dataset, now=now,
                              s3_endpoint_url=s3_endpoint_url)
        return RunResult(sources=sources, rejected=tuple(rejected), row_counts=dict(package.row_counts),
                         validation=report, release=release)
