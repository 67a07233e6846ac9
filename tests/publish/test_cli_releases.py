"""`govpub releases list | show | diff` against a published target (local; S3 through the same Storage)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from govpub.cli import releases
from govpub.errors import GovpubError
from govpub.publish import publish
from tests.publish.packages import NAME, make_meta, make_package, measures


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    parser = argparse.ArgumentParser(prog="govpub")
    releases.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    assert args.func(args) == 0
    return capsys.readouterr().out


@pytest.fixture
def target(tmp_path: Path) -> str:
    out = str(tmp_path / "public")
    publish(make_package(tmp_path / "a"), out, meta=make_meta(), now="2026-11-26T10:00:00+00:00")
    rows = measures(4)
    rows[0] = {**rows[0], "summary": "改过"}
    publish(make_package(tmp_path / "b", measure_rows=rows), out, meta=make_meta(), now="2026-11-26T11:00:00+00:00")
    # An unfinished upload: readers must not see it.
    (Path(out) / NAME / "1.2.0" / "data").mkdir(parents=True)
    (Path(out) / NAME / "1.2.0" / "data" / "measures.csv").write_text("partial")
    return out


def test_list(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(_run(["releases", "list", "--target", target, "--json"], capsys))
    assert [v["version"] for v in out[NAME]] == ["1.1.0", "1.0.0"]
    assert out[NAME][0]["rows"] == {"measures": 4, "reports": 1}
    text = _run(["releases", "list", "--target", target], capsys)
    assert "1.1.0" in text and "(latest)" in text and "1.2.0" not in text


def test_show(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(_run(["releases", "show", "latest", "--target", target, "--json"], capsys))
    assert out["version"] == "1.1.0" and out["latest"] is True and out["previous"] == "1.0.0"
    assert out["changes"]["tables"]["measures"] == {"added": 1, "removed": 0, "changed": 1}
    paths = {f["path"] for f in out["files"]}
    assert {"datapackage.json", "data/measures.parquet", "CHANGELOG.md"} <= paths
    old = json.loads(_run(["releases", "show", "1.0.0", "--target", target, "--json"], capsys))
    assert old["latest"] is False


def test_diff(target: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = json.loads(_run(["releases", "diff", "1.0.0", "1.1.0", "--target", target, "--json"], capsys))
    assert out["tables"]["measures"] == {"added": 1, "removed": 0, "changed": 1}
    back = json.loads(_run(["releases", "diff", "1.1.0", "1.0.0", "--target", target, "--json"], capsys))
    assert back["tables"]["measures"] == {"added": 0, "removed": 1, "changed": 1}
    assert "measures" in _run(["releases", "diff", "1.0.0", "latest", "--target", target], capsys)


def test_unknown_version_is_a_clear_error(target: str) -> None:
    parser = argparse.ArgumentParser(prog="govpub")
    releases.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["releases", "show", "1.2.0", "--target", target])
    with pytest.raises(GovpubError, match="no version 1.2.0"):
        args.func(args)


@pytest.mark.integration
def test_list_and_diff_on_s3(s3_server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bucket = s3_server.new_bucket("govpub-cli")
    target = f"s3://{bucket}/rel"
    for i, n in enumerate((3, 5)):
        publish(make_package(tmp_path / f"p{i}", measure_rows=measures(n)), target, meta=make_meta(),
                now=f"2026-11-26T1{i}:00:00+00:00", s3_endpoint_url=s3_server.endpoint_url)
    common = ["--target", target, "--s3-endpoint-url", s3_server.endpoint_url, "--json"]
    listed = json.loads(_run(["releases", "list", *common], capsys))
    assert [v["version"] for v in listed[NAME]] == ["1.1.0", "1.0.0"]
    diff = json.loads(_run(["releases", "diff", "1.0.0", "1.1.0", *common], capsys))
    assert diff["tables"]["measures"] == {"added": 2, "removed": 0, "changed": 0}
