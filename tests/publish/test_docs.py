"""The docs and infra files say what the code does: every `govpub releases` action and option is in
docs/publish.md, the formats documented there are the ones written, and the infra policies are least privilege."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from govpub.cli import releases

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "publish.md").read_text(encoding="utf-8")


def test_every_releases_action_and_option_is_documented() -> None:
    parser = argparse.ArgumentParser(prog="govpub")
    releases.add_parser(parser.add_subparsers(dest="command"))
    sub = next(a for a in parser._subparsers._group_actions if isinstance(a, argparse._SubParsersAction))  # type: ignore[union-attr]
    rel = sub.choices["releases"]
    actions = next(a for a in rel._subparsers._group_actions if isinstance(a, argparse._SubParsersAction))  # type: ignore[union-attr]
    for name, p in actions.choices.items():
        assert f"govpub releases {name}" in DOC, name
        for action in p._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in DOC, f"{name} {flag}"


def test_documented_json_keys_match_what_is_written() -> None:
    from govpub.publish.changes import Changes, SchemaDiff, TableChange
    from govpub.publish.reader import DatasetState, versions_document

    changes = Changes("1.1.0", "1.0.0", {"measures": TableChange(1, 1, 1)}, (SchemaDiff("measures", "breaking"),))
    written = changes.to_json()
    for key in list(written) + list(written["schema_changes"][0]) + list(written["tables"]["measures"]):
        assert f'"{key}"' in DOC, key
    for key in versions_document(DatasetState("d", ())):
        assert f'"{key}"' in DOC, key


def test_infra_policies_are_json_and_least_privilege() -> None:
    iam = json.loads((REPO / "infra" / "aws" / "publisher-iam-policy.json").read_text())
    actions = {a for s in iam["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert actions == {"s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"}
    assert all("*" not in a for a in actions)
    public = json.loads((REPO / "infra" / "aws" / "bucket-policy-public-read.json").read_text())
    (statement,) = public["Statement"]
    assert statement["Action"] == "s3:GetObject" and statement["Resource"].endswith("/${PREFIX}/*")
    for name in ("bucket-versioning.json", "public-access-block.json", "lifecycle.json"):
        json.loads((REPO / "infra" / "aws" / name).read_text())
    compose = (REPO / "infra" / "minio" / "docker-compose.yml").read_text()
    assert re.search(r'"127\.0\.0\.1:9000:9000"', compose)
