"""`govpub run --engine plain --workers N`: documents are extracted in N processes; N < 1 is a usage error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govpub.cli import main

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "000_5e2350e4989e1303.txt"


def test_workers_below_one_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(SEED), "--engine", "plain", "--workers", "0", "--target", str(tmp_path / "public")])
    assert code == 2 and "--workers" in capsys.readouterr().err
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_plain_run_with_workers_publishes_every_source(tmp_path: Path, workers: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(3):
        shutil.copy(SEED, reports / f"notice_{i}.txt")
    target = tmp_path / "public"
    assert main(["run", str(reports), "--engine", "plain", "--workers", workers, "--target", str(target)]) == 0
    assert "published: version 1.0.0" in capsys.readouterr().out
    reports_csv = (target / "govpub-reports" / "latest" / "data" / "reports.csv").read_text(
        encoding="utf-8")
    assert sum(f"notice_{i}.txt" in reports_csv for i in range(3)) == 3


def test_workers_is_explained_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "--workers N" in capsys.readouterr().out
