"""A committed version's manifest (the commit marker): JSON bytes in and out of a frozen Manifest."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from govpub.config import Agent, DatasetMeta, License
from govpub.errors import TerminalError
from govpub.package.model import Segment

MANIFEST_FORMAT = "govpub-manifest/1"


@dataclass(frozen=True)
class ManifestFile:
    path: str  # relative to the version folder, e.g. "data/measures.csv"
    bytes: int
    sha256: str
    media_type: str


@dataclass(frozen=True)
class Manifest:
    dataset: str
    version: str
    created: str
    content_hash: str  # data and schemas: equal => nothing to publish
    schema_hash: str
    metadata_hash: str  # descriptor and DatasetMeta without data: a change alone => patch
    previous: str | None
    files: tuple[ManifestFile, ...]
    rows: Mapping[str, int]
    temporal: tuple[str, str] | None  # earliest and latest date in the reports table
    meta: Mapping[str, Any] = field(default_factory=dict)  # the DatasetMeta, for catalogs of every dataset
    # table -> segments of data/<table>.csv in file order (optional: older manifests have none);
    # the next release diffs only the segments whose sha256 differ, by byte range.
    segments: Mapping[str, tuple[Segment, ...]] = field(default_factory=dict)

    @property
    def total_bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    def file(self, path: str) -> ManifestFile | None:
        return next((f for f in self.files if f.path == path), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "dataset": self.dataset,
            "version": self.version,
            "created": self.created,
            "content_hash": self.content_hash,
            "schema_hash": self.schema_hash,
            "metadata_hash": self.metadata_hash,
            "previous": self.previous,
            "files": [asdict(f) for f in sorted(self.files, key=lambda f: f.path)],
            "bytes": self.total_bytes,
            "rows": dict(sorted(self.rows.items())),
            "temporal": list(self.temporal) if self.temporal else None,
            "meta": dict(self.meta),
            # Left out when empty, so a manifest without segments has the bytes it always had.
            **({"segments": {t: [[s.prefix, s.offset, s.length, s.rows, s.sha256] for s in segs]
                             for t, segs in sorted(self.segments.items())}} if self.segments else {}),
        }

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())

    @classmethod
    def from_bytes(cls, data: bytes, *, source: str) -> Manifest:
        try:
            raw = json.loads(data)
            return cls(
                dataset=str(raw["dataset"]), version=str(raw["version"]), created=str(raw["created"]),
                content_hash=str(raw["content_hash"]), schema_hash=str(raw.get("schema_hash", "")),
                metadata_hash=str(raw.get("metadata_hash", "")), previous=raw.get("previous"),
                files=tuple(ManifestFile(str(f["path"]), int(f["bytes"]), str(f["sha256"]), str(f["media_type"]))
                            for f in raw["files"]),
                rows={str(k): int(v) for k, v in raw.get("rows", {}).items()},
                temporal=(str(raw["temporal"][0]), str(raw["temporal"][1])) if raw.get("temporal") else None,
                meta=dict(raw.get("meta") or {}),
                segments={str(t): tuple(Segment(str(p), int(o), int(n), int(r), str(h)) for p, o, n, r, h in segs)
                          for t, segs in (raw.get("segments") or {}).items()},
            )
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            raise TerminalError(f"damaged manifest {source}: {exc}", stage="publish") from None


def canonical_json(value: Any) -> bytes:
    """Sorted keys, fixed separators, UTF-8 as is: the same value always gives the same bytes."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def meta_to_json(meta: DatasetMeta) -> dict[str, Any]:
    return asdict(meta)


def meta_from_json(raw: Mapping[str, Any]) -> DatasetMeta:
    def agent(a: Mapping[str, Any]) -> Agent:
        return Agent(name=str(a.get("name", "")), url=a.get("url"), email=a.get("email"))

    return DatasetMeta(
        name=str(raw["name"]), title_zh=str(raw.get("title_zh", "")), title_en=str(raw.get("title_en", "")),
        description_zh=str(raw.get("description_zh", "")), description_en=str(raw.get("description_en", "")),
        publisher=agent(raw.get("publisher") or {}), contact_point=agent(raw.get("contact_point") or {}),
        licenses=tuple(License(str(lic["name"]), str(lic["path"]), str(lic.get("title") or lic["name"]))
                       for lic in raw.get("licenses", ())),
        keywords=tuple(str(k) for k in raw.get("keywords", ())), homepage=raw.get("homepage"),
        base_url=raw.get("base_url"),
    )
