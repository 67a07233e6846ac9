"""A typed Arrow table and its Table Schema in, a deterministic Parquet file out (zstd, schema in metadata)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from govpub.package.schemas import canonical_json

TABLE_SCHEMA_KEY = b"table_schema"  # key-value metadata key holding the Table Schema JSON


def dictionary_columns(schema: Mapping[str, Any]) -> list[str]:
    """Columns with few distinct values: enums and the foreign keys that repeat per report.
    Dictionary encoding pays off there; on free text it only costs (and falls back anyway)."""
    out = []
    fk_fields = {fk["fields"] if isinstance(fk["fields"], str) else fk["fields"][0]
                 for fk in schema.get("foreignKeys", ())}
    for field in schema["fields"]:
        if field.get("type", "string") != "string":
            continue
        if "enum" in field.get("constraints", {}) or field["name"] in fk_fields:
            out.append(field["name"])
    return out


def write_parquet(path: Path, table: pa.Table, schema: Mapping[str, Any]) -> None:
    # The file carries nothing that varies between runs (no timestamps, no pandas metadata),
    # so the same rows give the same bytes with the same pyarrow version.
    table = table.replace_schema_metadata({TABLE_SCHEMA_KEY: canonical_json(schema)})
    pq.write_table(
        table, path,
        compression="zstd",
        use_dictionary=dictionary_columns(schema),
        write_statistics=True,
        row_group_size=256 * 1024,
    )
