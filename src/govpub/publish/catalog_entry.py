"""What a catalog says about one dataset: its versions.json, latest manifest and descriptor in, a CatalogEntry out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govpub.config import DatasetMeta
from govpub.publish.layout import join_url
from govpub.publish.manifest import Manifest

_FORMATS = {  # file extension -> (EU file-type authority code, IANA media type)
    "csv": ("CSV", "text/csv"),
    "parquet": ("PARQUET", "application/vnd.apache.parquet"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": ("JSON", "application/json"),
}


@dataclass(frozen=True)
class Distribution:
    name: str
    title: str
    path: str  # relative to the version folder
    format_code: str  # EU file-type code, e.g. "CSV"
    media_type: str  # IANA type without parameters, e.g. "text/csv"
    bytes: int
    sha256: str


@dataclass(frozen=True)
class CatalogEntry:
    meta: DatasetMeta
    latest: Manifest
    first_created: str  # when the first version was published (dct:issued)
    version_notes: str  # what changed in the latest version, one line (adms:versionNotes)
    distributions: tuple[Distribution, ...]

    def url(self, base: str, path: str = "") -> str:
        return join_url(base, f"{self.meta.name}/{path}")

    def version_url(self, base: str, path: str) -> str:
        return join_url(base, f"{self.meta.name}/{self.latest.version}/{path}")


def distributions(descriptor: Mapping[str, Any], manifest: Manifest) -> tuple[Distribution, ...]:
    """One per resource file that the manifest proves (bytes and sha256 from the commit marker)."""
    out = []
    for res in descriptor.get("resources", ()):
        path = str(res.get("path", ""))
        f = manifest.file(path)
        ext = path.rpartition(".")[2].lower()
        if f is None or ext not in _FORMATS:
            continue
        code, media = _FORMATS[ext]
        title = str(res.get("title") or res.get("name") or path)
        out.append(Distribution(str(res.get("name") or path), f"{title} ({code})", path, code, media, f.bytes,
                                f.sha256))
    return tuple(sorted(out, key=lambda d: d.path))


def version_notes(changes: Mapping[str, Any]) -> str:
    parts = [f"{t}: +{c.get('added', 0)} -{c.get('removed', 0)} ~{c.get('changed', 0)}"
             for t, c in sorted(changes.get("tables", {}).items())]
    schema = [f"{s.get('table')}: {s.get('change')}" for s in changes.get("schema_changes", ())]
    prev = changes.get("previous")
    head = f"{changes.get('version')} (since {prev})" if prev else f"{changes.get('version')} (first release)"
    return "; ".join([head] + parts + schema)
