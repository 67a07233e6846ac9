"""docs/package.md documents every table, field and validation error type (a test fails when one is missing)."""

from __future__ import annotations

import re
from pathlib import Path

from govpub.package.schemas import load_schemas

DOC = Path(__file__).resolve().parents[2] / "docs" / "package.md"
SRC = Path(__file__).resolve().parents[2] / "src" / "govpub" / "validate"
# ValidationError("some-type", …) and KIND = "some-type" in the validator's source, e.g. "count-mismatch"
ERROR_TYPE = re.compile(r'(?:ValidationError\(|KIND = |_flag\(|_errors\()\s*"([a-z]+(?:-[a-z]+)+)"')


def test_every_table_and_field_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for table, schema in load_schemas().items():
        assert f"`{table}`" in text
        for field in schema["fields"]:
            assert f"`{field['name']}`" in text, f"{table}.{field['name']} is not in docs/package.md"


def test_every_error_type_the_validator_emits_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    found = {m for path in SRC.glob("*.py") for m in ERROR_TYPE.findall(path.read_text(encoding="utf-8"))}
    assert {"count-mismatch", "csv-parquet-mismatch", "primary-key"} <= found
    missing = sorted(t for t in found if f"`{t}`" not in text)
    assert not missing, f"undocumented error types: {missing}"
