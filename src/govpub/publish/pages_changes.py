"""What changed since the previous release: changes.json in, a Changes value out."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class TableChange:
    table: str
    added: int
    removed: int
    changed: int


@dataclass(frozen=True)
class Changes:
    available: bool  # False when changes.json is absent or unreadable
    previous: str | None
    tables: tuple[TableChange, ...]
    schema_changes: tuple[str, ...]
    problem: str | None = None


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple, dict)):
        return len(value)
    return 0


def _schema_change_text(item: Any) -> str:
    """One line per schema change. The publisher writes {"table", "change", "fields_added",
    "fields_removed", "types_changed"}; other shapes degrade to "key: value" pairs."""
    if not isinstance(item, Mapping):
        return str(item)
    head = " ".join(str(item[k]) for k in ("table", "change") if isinstance(item.get(k), (str, int)) and item[k] != "")
    parts = []
    for key, value in item.items():
        if key in ("table", "change") and head:
            continue
        if isinstance(value, (list, tuple)) and value:
            parts.append(f"{key}: {', '.join(str(v) for v in value)}")
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != "":
            parts.append(f"{key}: {value}")
    text = "; ".join(p for p in (head, "; ".join(parts)) if p)
    return text or json.dumps(item, ensure_ascii=False, sort_keys=True)


def read_changes(stage_dir: Path) -> Changes:
    """What changes.json says; an absent or unreadable file is a value (available=False), not an error."""
    path = stage_dir / "changes.json"
    if not path.is_file():
        return Changes(False, None, (), ())
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError) as exc:
        return Changes(False, None, (), (), problem=f"changes.json cannot be read ({type(exc).__name__})")
    if not isinstance(raw, Mapping):
        return Changes(False, None, (), (), problem="changes.json does not hold an object")
    tables_raw = raw.get("tables") if isinstance(raw.get("tables"), Mapping) else {}
    assert isinstance(tables_raw, Mapping)
    tables = tuple(
        TableChange(str(name), _count(v.get("added")), _count(v.get("removed")), _count(v.get("changed")))
        for name, v in tables_raw.items() if isinstance(v, Mapping)
    )
    schema_raw = raw.get("schema_changes")
    schema_changes = tuple(_schema_change_text(s) for s in schema_raw) if isinstance(schema_raw, list) else ()
    previous = raw.get("previous")
    return Changes(True, str(previous) if previous else None, tables, schema_changes)
