"""Test helpers: random rows for govpub's Table Schemas in, Parquet part files (written as govpub writes them) out."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from govpub.package.columns import to_arrow
from govpub.package.parquet_out import TABLE_SCHEMA_KEY, dictionary_columns, write_parquet
from govpub.package.schemas import canonical_json, load_schemas
from govpub.package.thrift_compact import ThriftStruct, decode_struct, encode_struct

# Common CJK ideographs plus full-width punctuation, as in the notices' text.
CJK = [chr(c) for c in range(0x4E00, 0x9FA6, 7)] + list("，。；：“”（）《》、")


def cjk_text(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(CJK) for _ in range(length))


def _value(rng: random.Random, field: Mapping[str, Any], text_length: int) -> Any:
    constraints = field.get("constraints", {})
    if not constraints.get("required", False) and rng.random() < 0.2:
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return rng.randrange(0, 1 << 40)
    if kind == "number":
        return rng.choice([rng.uniform(-1e6, 1e6), float(rng.randrange(100)), 0.5])
    if kind == "date":
        return (dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4000))).isoformat()
    if "enum" in constraints:
        return rng.choice(constraints["enum"])
    if field["name"].endswith("_id"):
        return f"{rng.getrandbits(64):016x}"
    return cjk_text(rng, rng.randrange(1, text_length + 1))  # never "", which would become null


def govpub_table(table: str, rows: int, seed: int, text_length: int = 80) -> pa.Table:
    """`rows` random rows of a govpub table, typed as the package writer types them."""
    rng = random.Random(seed)
    schema = load_schemas()[table]
    columns = [[_value(rng, f, text_length) for _ in range(rows)] for f in schema["fields"]]
    typed = to_arrow(columns, schema)
    # Parts of one table share one Arrow schema: the writer fixes nullability per table, not per part.
    fields = [pa.field(f.name, f.type, nullable=not f_schema.get("constraints", {}).get("required", False))
              for f, f_schema in zip(typed.schema, schema["fields"], strict=True)]
    return typed.cast(pa.schema(fields))


def write_govpub_part(path: Path, table: str, typed: pa.Table, row_group_rows: int | None = None) -> Path:
    """A part as the package writer writes one: write_parquet (one row group), or, with
    `row_group_rows`, a ParquetWriter with stream._RowGroups' settings and several row groups."""
    schema = load_schemas()[table]
    if row_group_rows is None:
        write_parquet(path, typed, schema)
        return path
    typed = typed.replace_schema_metadata({TABLE_SCHEMA_KEY: canonical_json(schema)})
    with pq.ParquetWriter(str(path), typed.schema, compression="zstd",
                          use_dictionary=dictionary_columns(schema), write_statistics=True) as writer:
        for start in range(0, max(typed.num_rows, 1), row_group_rows):
            writer.write_table(typed.slice(start, row_group_rows), row_group_size=row_group_rows)
    return path


def footer(data: bytes) -> tuple[ThriftStruct, int]:
    """A Parquet file's decoded FileMetaData and where it starts."""
    length = int.from_bytes(data[-8:-4], "little")
    start = len(data) - 8 - length
    meta, _ = decode_struct(data, start, len(data) - 8)
    return meta, start


def rewrite_footer(path: Path, change: Callable[[ThriftStruct], ThriftStruct]) -> None:
    """Replace a Parquet file's footer with `change(footer)`: for files pyarrow will not write."""
    data = path.read_bytes()
    meta, start = footer(data)
    new = encode_struct(change(meta))
    path.write_bytes(data[:start] + new + len(new).to_bytes(4, "little") + b"PAR1")
