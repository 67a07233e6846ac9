"""Read a staged release folder leniently: datapackage.json, changes.json and data files in, a ReleaseView out.

Missing pieces (no previous release, no Excel copy, no schema titles) become empty
values, never errors; only a folder without a readable datapackage.json is refused.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from govpub.digests import file_digest
from govpub.errors import TerminalError
from govpub.publish.pages_changes import Changes, read_changes
from govpub.publish.pages_html import CJK, Text
from govpub.publish.pages_measures import (
    Chart,
    MeasurePreview,
    MeasuresSummary,
    count_rows,
    read_measures,
)

FileKind = Literal["csv", "excel", "parquet", "descriptor", "readme", "changelog", "changes", "manifest", "other"]

STAGE = "pages"
# Files the page lists besides the tables, in the order a journalist looks for them.
_TOP_FILES: tuple[tuple[str, FileKind], ...] = (
    ("datapackage.json", "descriptor"),
    ("README.md", "readme"),
    ("CHANGELOG.md", "changelog"),
    ("changes.json", "changes"),
    ("manifest.json", "manifest"),
)
# Suffix -> kind for the files under data/ and excel/ (an Excel copy may be .xlsx or Excel-friendly CSV).
_DATA_SUFFIX: dict[str, FileKind] = {".csv": "csv", ".parquet": "parquet", ".xlsx": "excel", ".xls": "excel"}
# Files a page never lists: itself, and the publisher's bookkeeping.
_SKIP = {"index.html"}


@dataclass(frozen=True)
class Licence:
    name: str
    title: str
    url: str | None


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the release folder, POSIX separators
    kind: FileKind
    table: str | None  # the table a data file belongs to, from its file name
    bytes: int
    sha256: str


@dataclass(frozen=True)
class FieldInfo:
    name: str
    type: str
    title: Text
    description: Text
    required: bool
    unique: bool
    primary_key: bool
    enum: tuple[str, ...]
    foreign_key: str | None  # "table.field"


@dataclass(frozen=True)
class TableInfo:
    name: str
    title: Text
    description: Text
    rows: int | None
    fields: tuple[FieldInfo, ...]


@dataclass(frozen=True)
class ReleaseView:
    name: str
    title: Text
    description: Text
    publisher: str | None
    licences: tuple[Licence, ...]
    version: str | None
    created: str | None
    files: tuple[FileEntry, ...]
    tables: tuple[TableInfo, ...]
    changes: Changes
    preview: tuple[MeasurePreview, ...]
    measure_count: int | None
    report_count: int | None
    chart: Chart | None
    notes: tuple[str, ...]  # what could not be read, shown on the page instead of crashing


def bilingual(obj: Mapping[str, Any], key: str) -> Text:
    """`key` in zh and en from the forms a descriptor may use: {"zh","en"} mappings,
    key_zh/key_en, x-key-zh, keyZh, "<key>s": {lang: …}, i18n/translations blocks; a lone
    string goes to the language its script says."""
    found: dict[str, str] = {}

    def take(lang: str, candidate: Any) -> None:
        if isinstance(candidate, str) and candidate.strip():
            found.setdefault(lang, candidate)

    value = obj.get(key)
    plural = obj.get(f"{key}s")  # e.g. "titles": {"zh": "…", "en": "…"}
    for lang, variants in (("zh", ("zh", "zh-Hans", "zh-CN")), ("en", ("en", "en-US", "en-GB"))):
        for mapping in (value, plural):
            if isinstance(mapping, Mapping):
                for variant in variants:
                    take(lang, mapping.get(variant))
        for variant in (f"{key}_{lang}", f"x-{key}-{lang}", f"x_{key}_{lang}", f"{key}{lang.capitalize()}"):
            take(lang, obj.get(variant))
        for block in (obj.get("i18n"), obj.get("translations"), obj.get("x-i18n")):  # {"en": {"title": …}}
            if isinstance(block, Mapping):
                for variant in variants:
                    entry = block.get(variant)
                    if isinstance(entry, Mapping):
                        take(lang, entry.get(key))
    if isinstance(value, str) and value.strip():
        # The plain key is the language the variants did not name ("title" next to "title_zh"
        # is English even when it quotes Chinese, e.g. "e.g. 一是"); alone, its script decides.
        if "zh" in found and "en" not in found:
            found["en"] = value
        elif "en" in found and "zh" not in found:
            found["zh"] = value
        elif not found:
            found["zh" if CJK.search(value) else "en"] = value
    return Text(zh=found.get("zh", ""), en=found.get("en", ""))


def sha256_of(path: Path) -> str:
    return file_digest(path)[1]  # staging has usually just hashed it: read once


def _load_descriptor(stage_dir: Path) -> dict[str, Any]:
    path = stage_dir / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TerminalError("no datapackage.json in the release folder", stage=STAGE, source=str(path)) from None
    except (OSError, UnicodeError, ValueError) as exc:
        raise TerminalError(f"datapackage.json cannot be read: {exc}", stage=STAGE, source=str(path)) from None
    if not isinstance(descriptor, dict):
        raise TerminalError("datapackage.json does not hold an object", stage=STAGE, source=str(path))
    return descriptor


def _resources(descriptor: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    resources = descriptor.get("resources")
    return [r for r in resources if isinstance(r, Mapping)] if isinstance(resources, list) else []


def _resource_path(resource: Mapping[str, Any]) -> str | None:
    path = resource.get("path")
    if isinstance(path, list):  # a multipart resource: its first part names it
        path = path[0] if path else None
    return path if isinstance(path, str) else None


def _table_of(resource: Mapping[str, Any]) -> str:
    # The file stem, not the resource name: a package may list data/measures.csv and
    # data/measures.parquet as two resources ("measures", "measures-parquet") of one table.
    path = _resource_path(resource)
    if path:
        return Path(path).stem
    name = resource.get("name")
    return name if isinstance(name, str) and name else "table"


def _files(stage_dir: Path, descriptor: Mapping[str, Any]) -> tuple[FileEntry, ...]:
    """Every downloadable file, hashes from the bytes on disk (the descriptor cannot hash itself)."""
    entries: list[FileEntry] = []
    for name, kind in _TOP_FILES:
        path = stage_dir / name
        if path.is_file():
            entries.append(FileEntry(name, kind, None, path.stat().st_size, sha256_of(path)))
    listed = {e.path for e in entries}
    candidates: list[Path] = []
    for folder in ("data", "excel"):
        base = stage_dir / folder
        if base.is_dir():
            candidates.extend(sorted(p for p in base.rglob("*") if p.is_file()))
    for resource in _resources(descriptor):  # resources outside data/ still get a row
        rel = _resource_path(resource)
        if rel and (stage_dir / rel).is_file() and not rel.startswith(("data/", "excel/")):
            candidates.append(stage_dir / rel)
    for path in candidates:
        rel = path.relative_to(stage_dir).as_posix()
        if rel in listed or path.name in _SKIP or path.is_symlink():
            continue  # a symlink could point outside the folder: never hash or link it
        listed.add(rel)
        kind = _DATA_SUFFIX.get(path.suffix.lower(), "other")
        if rel.startswith("excel/") and kind == "csv":
            kind = "excel"  # Excel-friendly CSV copy (BOM, CRLF)
        entries.append(FileEntry(rel, kind, path.stem if kind != "other" else None, path.stat().st_size,
                                 sha256_of(path)))
    return tuple(entries)


def _schema(stage_dir: Path, resource: Mapping[str, Any]) -> Mapping[str, Any]:
    schema = resource.get("schema")
    if isinstance(schema, str):  # a schema by path, relative to the release folder
        target = (stage_dir / schema).resolve()
        if stage_dir.resolve() in target.parents and target.is_file():
            try:
                schema = json.loads(target.read_text(encoding="utf-8"))
            except (OSError, UnicodeError, ValueError):
                return {}
    return schema if isinstance(schema, Mapping) else {}


def _foreign_keys(schema: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for fk in schema.get("foreignKeys") or ():
        if not isinstance(fk, Mapping) or not isinstance(fk.get("reference"), Mapping):
            continue
        fields, ref = fk.get("fields"), fk["reference"]
        ref_fields = ref.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        if isinstance(fields, list) and isinstance(ref_fields, list):
            table = ref.get("resource") or "(self)"
            for mine, theirs in zip(fields, ref_fields, strict=False):
                out[str(mine)] = f"{table}.{theirs}"
    return out


def _tables(stage_dir: Path, descriptor: Mapping[str, Any], counts: Mapping[str, int]) -> tuple[TableInfo, ...]:
    tables: list[TableInfo] = []
    seen: set[str] = set()
    for resource in _resources(descriptor):
        name = _table_of(resource)
        schema = _schema(stage_dir, resource)
        if name in seen or not schema:  # parquet twins of a CSV resource repeat the same schema
            continue
        seen.add(name)
        pk = schema.get("primaryKey") or ()
        primary = {pk} if isinstance(pk, str) else {str(k) for k in pk}
        fks = _foreign_keys(schema)
        fields = []
        for f in schema.get("fields") or ():
            if not isinstance(f, Mapping):
                continue
            constraints = f.get("constraints") if isinstance(f.get("constraints"), Mapping) else {}
            assert isinstance(constraints, Mapping)
            enum = constraints.get("enum")
            fname = str(f.get("name", ""))
            fields.append(FieldInfo(
                name=fname, type=str(f.get("type") or "any"), title=bilingual(f, "title"),
                description=bilingual(f, "description"), required=bool(constraints.get("required")),
                unique=bool(constraints.get("unique")), primary_key=fname in primary,
                enum=tuple(str(v) for v in enum) if isinstance(enum, list) else (), foreign_key=fks.get(fname)))
        rows = counts.get(name)
        if rows is None:
            stats = resource.get("stats") if isinstance(resource.get("stats"), Mapping) else {}
            assert isinstance(stats, Mapping)
            raw_rows = stats.get("rows", resource.get("rows"))
            rows = raw_rows if isinstance(raw_rows, int) else None
        tables.append(TableInfo(name, bilingual(resource, "title"), bilingual(resource, "description"), rows,
                                tuple(fields)))
    return tuple(tables)


def _csv_for(stage_dir: Path, descriptor: Mapping[str, Any], table: str) -> Path | None:
    for resource in _resources(descriptor):
        rel = _resource_path(resource)
        if _table_of(resource) == table and rel and rel.endswith(".csv") and (stage_dir / rel).is_file():
            return stage_dir / rel
    fallback = stage_dir / "data" / f"{table}.csv"
    return fallback if fallback.is_file() else None


def _row_counts(stage_dir: Path, descriptor: Mapping[str, Any], notes: list[str],
                known: Mapping[str, int]) -> dict[str, int]:
    counts: dict[str, int] = dict(known)
    for resource in _resources(descriptor):
        name = _table_of(resource)
        path = _csv_for(stage_dir, descriptor, name)
        if path is None or name in counts:
            continue
        try:
            counts[name] = count_rows(path)
        except (OSError, UnicodeError, csv.Error) as exc:
            notes.append(f"{path.name}: rows cannot be counted ({type(exc).__name__})")
    return counts


def _publisher(descriptor: Mapping[str, Any]) -> str | None:
    pub = descriptor.get("publisher")
    if isinstance(pub, Mapping) and pub.get("name"):
        return str(pub["name"])
    if isinstance(pub, str) and pub:
        return pub
    for person in descriptor.get("contributors") or ():
        if not isinstance(person, Mapping):
            continue
        roles = person.get("roles") or [person.get("role")]
        if "publisher" in (roles if isinstance(roles, list) else [roles]):
            return str(person.get("title") or person.get("name") or "") or None
    return None


def _licences(descriptor: Mapping[str, Any]) -> tuple[Licence, ...]:
    out = []
    for lic in descriptor.get("licenses") or ():
        if isinstance(lic, Mapping):
            name = str(lic.get("name") or lic.get("title") or "")
            out.append(Licence(name, str(lic.get("title") or name), lic.get("path") if isinstance(lic.get("path"), str)
                               else None))
    return tuple(out)


def read_release(stage_dir: Path, rows: Mapping[str, int] | None = None,
                 known_measures: MeasuresSummary | None = None) -> ReleaseView:
    """Everything a release page shows, read from the staged folder. `rows`: row counts already
    known (the package's), so that no table is read just to be counted; `known_measures`: the
    measures summary the package writer combined from its segments."""
    descriptor = _load_descriptor(stage_dir)
    notes: list[str] = []
    measures_csv = _csv_for(stage_dir, descriptor, "measures")
    measures = MeasuresSummary((), None, None, None)
    if known_measures is not None and measures_csv is not None:
        measures = known_measures
    elif measures_csv is not None:
        try:
            measures = read_measures(measures_csv)
        except (OSError, UnicodeError, csv.Error) as exc:
            notes.append(f"{measures_csv.name}: preview unavailable ({type(exc).__name__})")
    # measures.csv was just read in full: its count is not read again.
    known = dict(rows or {}) | ({"measures": measures.total} if measures.total is not None else {})
    counts = _row_counts(stage_dir, descriptor, notes, known)
    changes = read_changes(stage_dir)
    if changes.problem:
        notes.append(changes.problem)
    version, created = descriptor.get("version"), descriptor.get("created")
    return ReleaseView(
        name=str(descriptor.get("name") or stage_dir.name),
        title=bilingual(descriptor, "title"),
        description=bilingual(descriptor, "description"),
        publisher=_publisher(descriptor),
        licences=_licences(descriptor),
        version=str(version) if version else None,
        created=str(created) if created else None,
        files=_files(stage_dir, descriptor),
        tables=_tables(stage_dir, descriptor, counts),
        changes=changes,
        preview=measures.preview,
        measure_count=measures.total,
        report_count=measures.reports,
        chart=measures.chart,
        notes=tuple(notes),
    )
