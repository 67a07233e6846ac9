"""Two releases (previous and new, as descriptors plus file readers) in, changes.json and CHANGELOG.md out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from govpub.package.model import Segment
from govpub.publish.schema_diff import SchemaChange, compare, field_changes
from govpub.publish.segments import RangeLoader, comparable, segment_change
from govpub.publish.tables import (
    ParquetColumns,
    count_rows,
    diff_arrow,
    keyed,
    read_rows,
    table_files,
    table_schemas,
)

Loader = Callable[[str], bytes]  # release-relative path -> bytes


@dataclass(frozen=True)
class TableChange:
    added: int
    removed: int
    changed: int


ChangeKind = Literal["compatible", "breaking", "table_added", "table_removed"]


@dataclass(frozen=True)
class SchemaDiff:
    table: str
    change: ChangeKind
    fields_added: tuple[str, ...] = ()
    fields_removed: tuple[str, ...] = ()
    types_changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changes:
    version: str
    previous: str | None
    tables: Mapping[str, TableChange]
    schema_changes: tuple[SchemaDiff, ...]

    @property
    def rows_changed(self) -> bool:
        return any(t.added or t.removed or t.changed for t in self.tables.values())

    @property
    def breaking(self) -> bool:
        return any(s.change in ("breaking", "table_removed") for s in self.schema_changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "previous": self.previous,
            "tables": {t: {"added": c.added, "removed": c.removed, "changed": c.changed}
                       for t, c in sorted(self.tables.items())},
            "schema_changes": [
                {"table": s.table, "change": s.change, "fields_added": list(s.fields_added),
                 "fields_removed": list(s.fields_removed), "types_changed": list(s.types_changed)}
                for s in self.schema_changes
            ],
        }


def _rows(descriptor: Mapping[str, Any], load: Loader, table: str, kind: str) -> list[dict[str, Any]]:
    path = table_files(descriptor)[table][kind]
    return read_rows(load(path), kind, path)


def _count(descriptor: Mapping[str, Any], load: Loader, table: str, kind: str) -> int:
    path = table_files(descriptor)[table][kind]
    return count_rows(load(path), kind, path)


def _table_change(old: Mapping[str, Any], load_old: Loader, new: Mapping[str, Any], load_new: Loader,
                  table: str, kind: str, pk: Any) -> TableChange:
    if kind == "parquet":
        old_path, new_path = table_files(old)[table][kind], table_files(new)[table][kind]
        fast = diff_arrow(ParquetColumns(load_old(old_path), old_path), ParquetColumns(load_new(new_path), new_path), pk)
        if fast is not None:
            return TableChange(*fast)
    a = keyed(_rows(old, load_old, table, kind), pk)
    b = keyed(_rows(new, load_new, table, kind), pk)
    return TableChange(
        added=sum(1 for k in b if k not in a),
        removed=sum(1 for k in a if k not in b),
        changed=sum(1 for k in b if k in a and a[k] != b[k]),
    )


@dataclass(frozen=True)
class SegmentSource:
    """One release's segments (Manifest.segments / Package.segments) and a byte-range reader of its files."""

    segments: Mapping[str, tuple[Segment, ...]]
    load_range: RangeLoader


def _by_segment(t: str, old: Mapping[str, Any], new: Mapping[str, Any], old_seg: SegmentSource | None,
                new_seg: SegmentSource | None, o_schema: Mapping[str, Any], n_schema: Mapping[str, Any],
                pk: Any) -> TableChange | None:
    """The table's change from its differing segments only, when both sides have comparable segments
    of data/<table>.csv under the same schema; None means diff the whole table."""
    if old_seg is None or new_seg is None or t not in old_seg.segments or t not in new_seg.segments:
        return None
    a, b = old_seg.segments[t], new_seg.segments[t]
    old_csv, new_csv = table_files(old)[t].get("csv"), table_files(new)[t].get("csv")
    if not comparable(a, b) or old_csv is None or new_csv is None or dict(o_schema) != dict(n_schema):
        return None
    return TableChange(*segment_change(old_csv, a, old_seg.load_range, new_csv, b, new_seg.load_range, pk))


def diff_releases(version: str, new: Mapping[str, Any], load_new: Loader,
                  previous: str | None, old: Mapping[str, Any] | None, load_old: Loader | None, *,
                  new_segments: SegmentSource | None = None, old_segments: SegmentSource | None = None) -> Changes:
    """Rows added, removed and changed per table by primary key, and schema changes. With both
    sides' segments, a table is read only where its segments differ (segments.py)."""
    new_files, new_schemas = table_files(new), table_schemas(new, load_new)
    if old is None or load_old is None:
        first = {t: TableChange(_count(new, load_new, t, _kind(f)), 0, 0) for t, f in new_files.items()}
        return Changes(version, None, first, ())
    old_files, old_schemas = table_files(old), table_schemas(old, load_old)
    tables: dict[str, TableChange] = {}
    schema_changes: list[SchemaDiff] = []
    for t in sorted(set(new_files) | set(old_files)):
        if t not in old_files:
            tables[t] = TableChange(_count(new, load_new, t, _kind(new_files[t])), 0, 0)
            schema_changes.append(SchemaDiff(t, "table_added"))
            continue
        if t not in new_files:
            tables[t] = TableChange(0, _count(old, load_old, t, _kind(old_files[t])), 0)
            schema_changes.append(SchemaDiff(t, "table_removed"))
            continue
        # Compare like with like: Parquet keeps types, CSV only strings.
        kind = "parquet" if "parquet" in new_files[t] and "parquet" in old_files[t] else "csv"
        pk = new_schemas.get(t, {}).get("primaryKey")
        o, n = old_schemas.get(t, {}), new_schemas.get(t, {})
        tables[t] = _by_segment(t, old, new, old_segments, new_segments, o, n, pk) \
            or _table_change(old, load_old, new, load_new, t, kind, pk)
        change: SchemaChange = compare(o, n)
        if change != "none":
            fc = field_changes(o, n)
            schema_changes.append(SchemaDiff(t, change, tuple(fc["fields_added"]), tuple(fc["fields_removed"]),
                                             tuple(fc["types_changed"])))
    return Changes(version, previous, tables, tuple(schema_changes))


def _kind(files: Mapping[str, str]) -> str:
    return "parquet" if "parquet" in files else "csv"


@dataclass(frozen=True)
class _Phrases:
    """The changelog's sentences in one language."""

    since: str
    first: str
    rows: str
    metadata_only: str
    change: Mapping[str, str]
    colon: str


_PHRASES = (
    _Phrases("相对于 {prev} 的变更：", "首次发布。", "- `{t}`：新增 {a} 行，删除 {r} 行，修改 {c} 行", "- 仅元数据变更",
             {"compatible": "兼容的结构变更", "breaking": "不兼容的结构变更", "table_added": "新增数据表",
              "table_removed": "删除数据表"}, "："),
    _Phrases("Changes since {prev}:", "First release.", "- `{t}`: {a} rows added, {r} removed, {c} changed",
             "- metadata only",
             {"compatible": "compatible schema change", "breaking": "breaking schema change",
              "table_added": "table added", "table_removed": "table removed"}, ": "),
)


def changelog_entry(changes: Changes, created: str) -> str:
    """One release's section of CHANGELOG.md, in Chinese then English."""
    prev = changes.previous
    lines = [f"## {changes.version} ({created[:10]})", ""]
    for n, ph in enumerate(_PHRASES):
        if n:
            lines.append("")
        lines.append(ph.since.format(prev=prev) if prev else ph.first)
        for t, c in sorted(changes.tables.items()):
            lines.append(ph.rows.format(t=t, a=c.added, r=c.removed, c=c.changed))
        for sd in changes.schema_changes:
            lines.append(f"- `{sd.table}`{ph.colon}{ph.change.get(sd.change, sd.change)}{_fields_note(sd)}")
        if prev and not changes.rows_changed and not changes.schema_changes:
            lines.append(ph.metadata_only)
    return "\n".join(lines) + "\n"


def _fields_note(s: SchemaDiff) -> str:
    parts = [f"+{f}" for f in s.fields_added] + [f"-{f}" for f in s.fields_removed] + [f"~{f}" for f in s.types_changed]
    return f" ({', '.join(parts)})" if parts else ""


CHANGELOG_HEADER = "# 更新日志 / Changelog\n\n"


def changelog(entry: str, previous_changelog: str | None) -> str:
    """The new entry on top of the previous release's entries."""
    older = ""
    if previous_changelog:
        older = previous_changelog[len(CHANGELOG_HEADER):] if previous_changelog.startswith(CHANGELOG_HEADER) \
            else previous_changelog
    return CHANGELOG_HEADER + entry + ("\n" + older if older else "")
