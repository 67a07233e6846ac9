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
    schema_of: str | None = None  # the resource whose Table Schema the file follows


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
    """One per data file that the manifest proves (bytes and sha256 from the commit marker): every
    resource, plus the Parquet copies and the workbook from the package writer's `files` list."""
    resources = [r for r in descriptor.get("resources", ()) if isinstance(r, Mapping)]
    by_name = {str(r.get("name")): r for r in resources}
    entries: list[tuple[str, str, str | None, str | None]] = []  # path, name, title, table schema
    for r in resources:
        entries.append((str(r.get("path", "")), str(r.get("name") or r.get("path")), r.get("title"),
                        str(r.get("name")) if r.get("schema") else None))
    for e in descriptor.get("files", ()):
        path = str(e.get("path", "")) if isinstance(e, Mapping) else ""
        if not (path.startswith("data/") or path.endswith(".xlsx")):
            continue
        table = str(e.get("table", ""))
        owner = by_name.get(table)
        ext = path.rpartition(".")[2]
        entries.append((path, f"{table}-{ext}" if owner else path, owner.get("title") if owner else None,
                        table if owner and owner.get("schema") else None))
    out: dict[str, Distribution] = {}
    for path, name, title, schema_of in entries:
        f = manifest.file(path)
        ext = path.rpartition(".")[2].lower()
        if f is None or ext not in _FORMATS or path in out:
            continue
        code, media = _FORMATS[ext]
        out[path] = Distribution(name, f"{title or name} ({code})", path, code, media, f.bytes, f.sha256, schema_of)
    return tuple(out[p] for p in sorted(out))


def version_notes(changes: Mapping[str, Any]) -> str:
    parts = [f"{t}: +{c.get('added', 0)} -{c.get('removed', 0)} ~{c.get('changed', 0)}"
             for t, c in sorted(changes.get("tables", {}).items())]
    schema = [f"{s.get('table')}: {s.get('change')}" for s in changes.get("schema_changes", ())]
    prev = changes.get("previous")
    head = f"{changes.get('version')} (since {prev})" if prev else f"{changes.get('version')} (first release)"
    return "; ".join([head] + parts + schema)
