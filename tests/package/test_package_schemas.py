"""datapackage/schemas/*.json agree with records.py and describe every field in Chinese and English."""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import fields
from pathlib import Path

import frictionless
import jsonschema
import pytest

from govpub.package.schemas import (
    TABLE_NAMES,
    foreign_keys,
    is_required,
    load_schemas,
    primary_key,
    thaw,
)
from govpub.records import TABLES, Rejected

HAN = re.compile(r"[\u4e00-\u9fff]")  # e.g. "报告编号"
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")  # e.g. "Report"
# Non-optional text fields that may legitimately be empty (a heading with no body, a bare
# number with no unit). CSV cannot tell "" from missing, so they cannot be `required`.
MAY_BE_EMPTY = {("sections", "heading"), ("sections", "body"), ("measures", "summary"),
                ("figures", "unit"), ("figures", "context")}
ROW_TYPES = {**TABLES, "rejected": Rejected}


def _is_optional(annotation: object) -> bool:
    return type(None) in typing.get_args(annotation)


def _base(annotation: object) -> object:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return args[0]
    return annotation


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_fields_match_records_in_name_and_order(table: str) -> None:
    schema = load_schemas()[table]
    hints = typing.get_type_hints(ROW_TYPES[table])
    assert [f["name"] for f in schema["fields"]] == [f.name for f in fields(ROW_TYPES[table])]
    for field in schema["fields"]:
        annotation = hints[field["name"]]
        if _is_optional(annotation):
            assert not is_required(field), f"{table}.{field['name']} is Optional in records.py but required"
        elif (table, field["name"]) in MAY_BE_EMPTY:
            assert not is_required(field)
        else:
            assert is_required(field), f"{table}.{field['name']} is not Optional in records.py but not required"


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_types_and_enums_follow_the_annotations(table: str) -> None:
    hints = typing.get_type_hints(ROW_TYPES[table])
    for field in load_schemas()[table]["fields"]:
        base = _base(hints[field["name"]])
        kind = field["type"]
        if typing.get_origin(base) is typing.Literal:
            assert kind == "string"
            assert list(field["constraints"]["enum"]) == list(typing.get_args(base))
        elif base is int:
            assert kind == "integer"
        elif base is float:
            assert kind == "number"
        else:
            assert base is str and kind in ("string", "date"), f"{table}.{field['name']}"


def test_required_fields_of_non_optional_names_cover_may_be_empty_exactly() -> None:
    found = set()
    for table in TABLE_NAMES:
        hints = typing.get_type_hints(ROW_TYPES[table])
        for field in load_schemas()[table]["fields"]:
            if not _is_optional(hints[field["name"]]) and not is_required(field):
                found.add((table, field["name"]))
    assert found == MAY_BE_EMPTY


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_every_field_has_chinese_and_english_title_and_description(table: str) -> None:
    schema = load_schemas()[table]
    for holder in [schema, *schema["fields"]]:
        where = f"{table}.{holder.get('name', '')}"
        for key in ("title", "description"):
            assert holder.get(key, "").strip(), f"{where} lacks {key}"
            # English may quote Chinese examples (e.g. 一是), but must be written in English words.
            assert LATIN_WORD.search(holder[key]), f"{where} {key} should be English"
            assert not HAN.search(holder["title"]), f"{where} title should be English"
            assert HAN.search(holder.get(f"{key}_zh", "")), f"{where} lacks Chinese {key}_zh"


def test_keys_are_declared() -> None:
    schemas = load_schemas()
    for table in TABLES:
        assert primary_key(schemas[table]) == [next(iter(f.name for f in fields(TABLES[table])))]
    refs = {t: set(foreign_keys(schemas[t], t)) for t in TABLE_NAMES}
    for table in ("sections", "measures", "dates", "contacts", "figures"):
        assert ("report_id", "reports", "report_id") in refs[table]
    assert ("parent_id", "sections", "section_id") in refs["sections"]
    for table in ("measures", "dates", "figures"):
        assert ("section_id", "sections", "section_id") in refs[table]


def test_id_patterns_accept_real_ids_and_reject_others() -> None:
    from govpub.records import child_id, report_id_for

    rid = report_id_for("https://example.gov.cn/a.html")
    schemas = load_schemas()
    pattern = {t: re.compile(schemas[t]["fields"][0]["constraints"]["pattern"]) for t in TABLES}
    assert pattern["reports"].match(rid)
    assert pattern["sections"].match(child_id(rid, "s", "2.3.1"))
    assert pattern["sections"].match(child_id(rid, "s", "2.3~7"))
    assert pattern["measures"].match(child_id(rid, "m", "12"))
    assert not pattern["measures"].match(child_id(rid, "s", "1"))
    assert not pattern["reports"].match(rid.upper())


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_schema_is_a_valid_table_schema(table: str, reference: Path) -> None:
    profile = json.loads((reference / "datapackage-v2" / "tableschema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(profile).validate(thaw(load_schemas()[table]))
    schema = frictionless.Schema.from_descriptor(thaw(load_schemas()[table]))
    assert [f.name for f in schema.fields] == [f["name"] for f in load_schemas()[table]["fields"]]


def test_a_missing_schema_folder_is_a_clear_error(tmp_path: Path) -> None:
    from govpub.errors import TerminalError

    with pytest.raises(TerminalError, match="reports.json is missing"):
        load_schemas(tmp_path)
