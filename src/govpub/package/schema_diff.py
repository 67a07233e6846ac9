"""Two versions of a table's Table Schema in, how the change affects readers out: none, compatible or breaking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

Change = Literal["none", "compatible", "breaking"]

# Properties that only document a field or a table: changing them never breaks a reader.
DOCUMENTATION = frozenset({"title", "description", "title_zh", "description_zh", "example", "examples",
                           "rdfType", "$schema"})


def _fields(schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(schema.get("fields", ()))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _constraint_change(old: Mapping[str, Any], new: Mapping[str, Any]) -> Change:
    """Tightening (a value valid before may now be invalid) is breaking; loosening is compatible."""
    result: Change = "none"
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key == "required" or key == "unique":
            loosened = bool(before) and not after
        elif key == "enum":
            loosened = after is None or (before is not None and set(before) <= set(after))
        elif key in ("minimum", "minLength"):
            loosened = after is None or (before is not None and after <= before)
        elif key in ("maximum", "maxLength"):
            loosened = after is None or (before is not None and after >= before)
        else:  # pattern and anything else: cannot tell, assume a reader may break
            loosened = after is None
        if not loosened:
            return "breaking"
        result = "compatible"
    return result


def _field_change(old: Mapping[str, Any], new: Mapping[str, Any]) -> Change:
    if old.get("type", "string") != new.get("type", "string") or old.get("format", "default") != new.get("format", "default"):
        return "breaking"
    result = _constraint_change(old.get("constraints", {}), new.get("constraints", {}))
    if result == "breaking":
        return result
    rest_old = {k: v for k, v in old.items() if k not in DOCUMENTATION and k != "constraints"}
    rest_new = {k: v for k, v in new.items() if k not in DOCUMENTATION and k != "constraints"}
    if rest_old != rest_new:
        return "breaking"
    if result == "none" and dict(old) != dict(new):
        return "compatible"
    return result


def _keys(schema: Mapping[str, Any]) -> tuple[list[Any], list[Any]]:
    fks = [(tuple(_as_list(fk.get("fields"))), fk.get("reference", {}).get("resource"),
            tuple(_as_list(fk.get("reference", {}).get("fields")))) for fk in schema.get("foreignKeys", ())]
    return _as_list(schema.get("primaryKey")), sorted(fks, key=repr)


def compare_schemas(old: Mapping[str, Any], new: Mapping[str, Any]) -> Change:
    """breaking: a field removed, renamed, moved or retyped, a constraint tightened, a key changed,
    a field added anywhere but at the end or added as required; compatible: optional fields added
    at the end, constraints loosened, foreign keys dropped, descriptions changed; none: equal."""
    old_fields, new_fields = _fields(old), _fields(new)
    if len(new_fields) < len(old_fields):
        return "breaking"
    old_pk, old_fks = _keys(old)
    new_pk, new_fks = _keys(new)
    if old_pk != new_pk:
        return "breaking"
    result: Change = "none"
    if old_fks != new_fks:
        if not set(map(repr, new_fks)) <= set(map(repr, old_fks)):
            return "breaking"  # a new foreign key can reject existing rows
        result = "compatible"
    for before, after in zip(old_fields, new_fields, strict=False):
        if before.get("name") != after.get("name"):
            return "breaking"
        change = _field_change(before, after)
        if change == "breaking":
            return change
        if change == "compatible":
            result = "compatible"
    for added in new_fields[len(old_fields):]:
        if added.get("constraints", {}).get("required"):
            return "breaking"
        result = "compatible"
    if _missing_values(old) != _missing_values(new):
        return "breaking"
    if result == "none" and _doc(old) != _doc(new):
        result = "compatible"
    return result


def _missing_values(schema: Mapping[str, Any]) -> Sequence[str]:
    return list(schema.get("missingValues", [""]))


def _doc(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k != "fields"}


def compare_packages(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]) -> Change:
    """Schemas by table name: a removed table is breaking, an added one compatible; else the worst change."""
    if not set(old) <= set(new):
        return "breaking"
    changes = [compare_schemas(old[name], new[name]) for name in old]
    if "breaking" in changes:
        return "breaking"
    if "compatible" in changes or set(new) != set(old):
        return "compatible"
    return "none"
