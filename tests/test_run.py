"""`govpub run` end to end on the example collection: a release, then nothing new on a re-run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govpub.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "collection.yaml"
DATASET = "inspection-rectification-reports"


def _versions(target: Path) -> list[dict]:
    versions: list[dict] = json.loads((target / DATASET / "versions.json").read_text(encoding="utf-8"))["versions"]
    return versions


def test_plain_run_publishes_once_then_nothing_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "public"
    args = ["run", "--config", str(EXAMPLE), "--engine", "plain", "--target", str(target)]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "published: version 1.0.0" in first
    latest = target / DATASET / "latest"
    assert (latest / "datapackage.json").is_file() and (latest / "index.html").is_file()
    assert (target / DATASET / "1.0.0" / "manifest.json").is_file()
    snapshot = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}

    assert main(args) == 0
    assert "nothing new" in capsys.readouterr().out
    assert [v["version"] for v in _versions(target)] == ["1.0.0"]
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == snapshot


def test_published_package_passes_frictionless_validate(tmp_path: Path) -> None:
    target = tmp_path / "public"
    assert main(["run", "--config", str(EXAMPLE), "--engine", "plain", "--target", str(target)]) == 0
    frictionless = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    assert frictionless, "the frictionless CLI comes with the frictionless dependency"
    proc = subprocess.run([frictionless, "validate", str(target / DATASET / "latest" / "datapackage.json")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_rejected_source_is_reported_and_strict_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = tmp_path / "reports"
    sources.mkdir()
    shutil.copy(ROOT / "examples" / "reports" / "000_5e2350e4989e1303.txt", sources)
    (sources / "empty.txt").write_bytes(b"")
    args = ["run", str(sources), "--engine", "plain", "--target", str(tmp_path / "public")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1 rejected" in out and "empty.txt" in out
    assert main([*args, "--strict"]) == 1


def test_missing_source_is_rejected_and_the_rest_published(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = ROOT / "examples" / "reports" / "000_5e2350e4989e1303.txt"
    args = ["run", str(tmp_path / "no-such-report.txt"), str(seed), "--engine", "plain", "--target", str(tmp_path / "p")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "sources: 2 read, 1 rejected" in out and "no-such-report.txt [discover]" in out
    assert "published: version 1.0.0" in out


def test_published_source_uri_does_not_depend_on_the_checkout(tmp_path: Path) -> None:
    """The same input published from two folders gives the same data (no machine paths in it)."""
    contents = []
    for where in ("a", "b"):
        collection = tmp_path / where / "deep" / "collection"
        shutil.copytree(ROOT / "examples", collection)
        target = tmp_path / where / "public"
        assert main(["run", "--config", str(collection / "collection.yaml"), "--engine", "plain",
                     "--target", str(target)]) == 0
        contents.append((target / DATASET / "latest" / "data" / "reports.csv").read_text(encoding="utf-8"))
    assert contents[0] == contents[1]
    assert "reports/000_5e2350e4989e1303.txt" in contents[0] and str(tmp_path) not in contents[0]


@pytest.mark.slow
@pytest.mark.integration
def test_prefect_run_from_the_command_line(tmp_path: Path) -> None:
    """The default engine: a real Prefect flow run on the ephemeral API, as `make demo` does it."""
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "DO_NOT_TRACK": "1"}
    env.pop("PREFECT_API_URL", None)
    target = tmp_path / "public"
    cmd = [sys.executable, "-m", "govpub", "run", "--config", str(EXAMPLE), "--target", str(target)]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-4000:]
    assert "published: version 1.0.0" in first.stdout
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert second.returncode == 0, second.stderr[-4000:]
    assert "nothing new" in second.stdout
    assert [v["version"] for v in _versions(target)] == ["1.0.0"]
