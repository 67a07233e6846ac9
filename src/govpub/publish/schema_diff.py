"""Two Table Schemas in, how the second differs and which fields changed out (for the changelog)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from govpub.package.schema_diff import Change as SchemaChange
from govpub.package.schema_diff import compare_schemas


def _fields(schema: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(f.get("name")): f for f in schema.get("fields", ())}


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[str]]:
    old_f, new_f = _fields(old), _fields(new)
    return {
        "fields_added": sorted(set(new_f) - set(old_f)),
        "fields_removed": sorted(set(old_f) - set(new_f)),
        "types_changed": sorted(n for n in set(old_f) & set(new_f)
                                if old_f[n].get("type", "any") != new_f[n].get("type", "any")),
    }


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> SchemaChange:
    """How a table's schema changed between two releases (the package stage owns the rules)."""
    return compare_schemas(old, new)
