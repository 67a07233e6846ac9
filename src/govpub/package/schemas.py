"""Table Schemas in: the JSON files under datapackage/schemas/ out as read-only mappings, in table order."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from govpub.errors import TerminalError
from govpub.records import TABLES

# The six record tables, then the rejected list: the order resources appear in datapackage.json.
TABLE_NAMES: tuple[str, ...] = (*TABLES, "rejected")

# The schemas ship inside the package (src/govpub/datapackage/, package data) so that any install
# can describe its tables; the repository's top-level datapackage/ is a link to this folder.
DATAPACKAGE_DIR = Path(__file__).resolve().parents[1] / "datapackage"
SCHEMA_DIR = DATAPACKAGE_DIR / "schemas"
TABLESCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """A frozen schema back to plain dicts and lists, for json.dumps and frictionless."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(v) for v in value]
    return value


@lru_cache(maxsize=8)
def load_schemas(schema_dir: Path = SCHEMA_DIR) -> Mapping[str, Mapping[str, Any]]:
    """Every table's schema by table name. Read once: the files are part of the code."""
    out: dict[str, Mapping[str, Any]] = {}
    for name in TABLE_NAMES:
        path = schema_dir / f"{name}.json"
        try:
            out[name] = _freeze(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            # An install that left datapackage/ behind cannot describe its tables: stop, loudly.
            raise TerminalError(f"the Table Schema {path} is missing; govpub needs its datapackage/ folder",
                                stage="package") from None
    return MappingProxyType(out)


def canonical_json(value: Any) -> bytes:
    """Key-sorted compact JSON: the byte form hashed for content and schema hashes."""
    return json.dumps(thaw(value), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def field_list(schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(schema["fields"])


def is_required(field: Mapping[str, Any]) -> bool:
    return bool(field.get("constraints", {}).get("required", False))


def primary_key(schema: Mapping[str, Any]) -> list[str]:
    pk = schema.get("primaryKey", ())
    return [pk] if isinstance(pk, str) else list(pk)


def foreign_keys(schema: Mapping[str, Any], table: str) -> list[tuple[str, str, str]]:
    """(field, referenced table, referenced field) for single-field foreign keys; a
    reference without `resource` points at the table itself (Data Package v2)."""
    out = []
    for fk in schema.get("foreignKeys", ()):
        ref = fk["reference"]
        fields = fk["fields"]
        ref_fields = ref["fields"]
        name = fields if isinstance(fields, str) else fields[0]
        ref_name = ref_fields if isinstance(ref_fields, str) else ref_fields[0]
        out.append((name, ref.get("resource") or table, ref_name))
    return out
