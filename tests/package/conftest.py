"""Fixtures for the package tests: a built sample package, and the official specs when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sample_records import CREATED, META, REJECTED, two_reports

from govpub.package import Package, build_package

REPO_ROOT = Path(__file__).resolve().parents[2]
# The specs live beside the repository (../shared/reference); a git worktree elsewhere can
# point GOVPUB_REFERENCE at them.
REFERENCE = Path(os.environ.get("GOVPUB_REFERENCE") or REPO_ROOT.parent / "shared" / "reference")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
    config.addinivalue_line("markers", "integration: starts a process or server outside pytest")


@pytest.fixture
def package(tmp_path: Path) -> Package:
    return build_package(two_reports(), META, tmp_path / "pkg", created=CREATED, rejected=REJECTED)


@pytest.fixture
def reference() -> Path:
    if not (REFERENCE / "datapackage-v2").is_dir():
        pytest.skip(f"official specs not found at {REFERENCE} (../shared/reference relative to the repo root)")
    return REFERENCE
