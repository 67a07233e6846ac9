"""compare_schemas tells a breaking schema change from a compatible one."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from govpub.package.schema_diff import compare_packages, compare_schemas
from govpub.package.schemas import load_schemas, thaw

Schema = dict[str, Any]


def _base() -> Schema:
    return thaw(load_schemas()["sections"])


def _edit(fn: Callable[[Schema], None]) -> Schema:
    schema = copy.deepcopy(_base())
    fn(schema)
    return schema


def _field(schema: Schema, name: str) -> Schema:
    return next(f for f in schema["fields"] if f["name"] == name)


CASES: list[tuple[str, Callable[[Schema], None], str]] = [
    ("unchanged", lambda s: None, "none"),
    ("description changed", lambda s: _field(s, "body").update(description="Body text."), "compatible"),
    ("chinese title changed", lambda s: _field(s, "body").update(title_zh="正文内容"), "compatible"),
    ("table description changed", lambda s: s.update(description="All headings."), "compatible"),
    ("optional field added at the end",
     lambda s: s["fields"].append({"name": "note", "type": "string", "title": "Note", "description": "A note."}),
     "compatible"),
    ("required field added at the end",
     lambda s: s["fields"].append({"name": "note", "type": "string", "constraints": {"required": True}}), "breaking"),
    ("field added in the middle",
     lambda s: s["fields"].insert(2, {"name": "note", "type": "string"}), "breaking"),
    ("field removed", lambda s: s["fields"].pop(), "breaking"),
    ("field renamed", lambda s: _field(s, "body").update(name="text"), "breaking"),
    ("field retyped", lambda s: _field(s, "level").update(type="number"), "breaking"),
    ("format changed", lambda s: _field(s, "marker").update(format="email"), "breaking"),
    ("required added", lambda s: _field(s, "body").setdefault("constraints", {}).update(required=True), "breaking"),
    ("required dropped", lambda s: _field(s, "marker")["constraints"].pop("required"), "compatible"),
    ("maximum tightened", lambda s: _field(s, "level")["constraints"].update(maximum=4), "breaking"),
    ("maximum loosened", lambda s: _field(s, "level")["constraints"].update(maximum=6), "compatible"),
    ("minimum raised", lambda s: _field(s, "level")["constraints"].update(minimum=2), "breaking"),
    ("pattern changed", lambda s: _field(s, "path")["constraints"].update(pattern="^[0-9]+$"), "breaking"),
    ("primary key changed", lambda s: s.update(primaryKey=["section_id", "report_id"]), "breaking"),
    ("foreign key added",
     lambda s: s["foreignKeys"].append({"fields": "path", "reference": {"resource": "x", "fields": "y"}}), "breaking"),
    ("foreign key dropped", lambda s: s["foreignKeys"].pop(), "compatible"),
    ("missing values changed", lambda s: s.update(missingValues=["", "NA"]), "breaking"),
]


@pytest.mark.parametrize(("what", "edit", "expected"), CASES, ids=[c[0] for c in CASES])
def test_compare_schemas(what: str, edit: Callable[[Schema], None], expected: str) -> None:
    assert compare_schemas(_base(), _edit(edit)) == expected


def test_enum_widened_is_compatible_and_narrowed_is_breaking() -> None:
    dates = thaw(load_schemas()["dates"])
    wider = copy.deepcopy(dates)
    _field(wider, "role")["constraints"]["enum"].append("deadline")
    assert compare_schemas(dates, wider) == "compatible"
    assert compare_schemas(wider, dates) == "breaking"


def test_compare_packages_takes_the_worst_change() -> None:
    old = {name: thaw(s) for name, s in load_schemas().items()}
    new = copy.deepcopy(old)
    assert compare_packages(old, new) == "none"
    new["figures"]["fields"][-1]["description"] = "changed"
    assert compare_packages(old, new) == "compatible"
    new["dates"]["fields"].pop()
    assert compare_packages(old, new) == "breaking"
    assert compare_packages(old, {k: v for k, v in old.items() if k != "rejected"}) == "breaking"
    assert compare_packages({k: v for k, v in old.items() if k != "rejected"}, old) == "compatible"
