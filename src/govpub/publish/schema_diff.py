"""Two Table Schemas in, how the second differs ("none", "compatible", "breaking") out.

A stand-in until govpub.package.schema_diff lands (the package work owns that one);
`compare` uses theirs when it is importable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, cast

SchemaChange = Literal["none", "compatible", "breaking"]


def _fields(schema: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(f.get("name")): f for f in schema.get("fields", ())}


def compare_schemas(old: Mapping[str, Any], new: Mapping[str, Any]) -> SchemaChange:
    """Breaking: a field removed or retyped, or the primary key changed (a reader's code or join
    would fail). Compatible: anything else that differs, e.g. a field added or a description edited."""
    if dict(old) == dict(new):
        return "none"
    old_f, new_f = _fields(old), _fields(new)
    if set(old_f) - set(new_f):
        return "breaking"
    if any(old_f[n].get("type", "any") != new_f[n].get("type", "any") for n in old_f):
        return "breaking"
    if old.get("primaryKey") != new.get("primaryKey"):
        return "breaking"
    return "compatible"


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[str]]:
    old_f, new_f = _fields(old), _fields(new)
    return {
        "fields_added": sorted(set(new_f) - set(old_f)),
        "fields_removed": sorted(set(old_f) - set(new_f)),
        "types_changed": sorted(n for n in set(old_f) & set(new_f)
                                if old_f[n].get("type", "any") != new_f[n].get("type", "any")),
    }


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> SchemaChange:
    """The package work's compare_schemas when present, else ours."""
    try:
        from govpub.package import schema_diff as theirs  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return compare_schemas(old, new)
    fn = cast(Callable[[Mapping[str, Any], Mapping[str, Any]], SchemaChange], theirs.compare_schemas)
    return fn(old, new)
