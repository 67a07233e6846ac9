"""A release's table files (Parquet or CSV bytes) in, rows keyed by primary key out, for diffs and coverage."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

import pyarrow.parquet as pq

from govpub.errors import TerminalError

Row = tuple[Any, ...]


def table_files(descriptor: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """{table: {"csv": path, "parquet": path}} from the paths (data/<table>.<ext>) of the resources
    and of the package writer's `files` list (where the Parquet copies are listed)."""
    out: dict[str, dict[str, str]] = {}
    for res in list(descriptor.get("resources", ())) + list(descriptor.get("files", ())):
        path = str(res.get("path", "")) if isinstance(res, Mapping) else ""
        if not path.startswith("data/") or "/" in path[5:]:
            continue
        stem, _, ext = path[5:].rpartition(".")
        if ext in ("csv", "parquet") and stem:
            out.setdefault(stem, {})[ext] = path
    return out


def table_schemas(descriptor: Mapping[str, Any], load: Any = None) -> dict[str, dict[str, Any]]:
    """{table: Table Schema}; `load(path) -> bytes` resolves a schema given as a path."""
    out: dict[str, dict[str, Any]] = {}
    for res in descriptor.get("resources", ()):
        path = str(res.get("path", ""))
        schema = res.get("schema")
        if not path.startswith("data/") or schema is None:
            continue
        if isinstance(schema, str):
            if load is None:
                continue
            schema = json.loads(load(schema))
        stem = path[5:].rpartition(".")[0]
        out.setdefault(stem, dict(schema))
    return out


def read_rows(data: bytes, kind: str, source: str) -> list[dict[str, Any]]:
    """Every row as a dict. CSV values stay strings: compare CSV only with CSV."""
    try:
        if kind == "parquet":
            return list(pq.read_table(io.BytesIO(data)).to_pylist())
        text = data.decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise TerminalError(f"cannot read table {source}: {type(exc).__name__}: {exc}", stage="publish") from None


def keyed(rows: list[dict[str, Any]], primary_key: list[str] | str | None) -> dict[Row, Row]:
    """{primary key values: all values}; without a key the whole row is its own key."""
    keys = [primary_key] if isinstance(primary_key, str) else list(primary_key or ())
    out: dict[Row, Row] = {}
    names: list[str] | None = None
    for row in rows:
        if names is None:
            names = sorted(row)
        values = tuple(_hashable(row.get(k)) for k in names)
        key = tuple(str(row.get(k)) for k in keys) if keys else values
        out[key] = values
    return out


def _hashable(value: Any) -> Any:
    # Scalars compare as they are (fast); lists and structs from Parquet become canonical JSON.
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, float) and value != value:
        return "NaN"  # NaN != NaN would mark every such row as changed
    return value
