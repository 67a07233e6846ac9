"""`govpub bench` runs every measurement it promises on a tiny corpus (numbers printed, never asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govpub.cli import main


@pytest.mark.slow
def test_bench_prints_runs_validation_and_accuracy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_json = tmp_path / "bench.json"
    assert main(["bench", "--docs", "12", "--work", str(tmp_path / "w"), "--frictionless",
                 "--accuracy-sample", "12", "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert "validation (whole package" in out and "govpub" in out and "frictionless validate" in out and "(valid)" in out
    assert "accuracy on 12 generated documents" in out
    runs = json.loads(out_json.read_text(encoding="utf-8"))
    assert [r["run"] for r in runs] == ["full local 12", "unchanged re-run 12", "1 changed of 12"]
    assert [r["release_status"] for r in runs] == ["published", "unchanged", "published"]
    assert runs[1]["cache_hits"] == 12 and runs[2]["cache_hits"] == 11
    assert runs[0]["extra"]["accuracy"]["measures F1"] == pytest.approx(1.0, abs=0.05)
    assert runs[0]["extra"]["columnar_rows_per_s"] > 0 and runs[0]["extra"]["frictionless_rows_per_s"] > 0
