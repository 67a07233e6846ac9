"""Fixtures for the validation tests: a good package built from hand-made records."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The hand-built sample report lives with the package tests; both areas use it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "package"))

from sample_records import two_reports
from validate_helpers import build

from govpub.package import Package


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a few seconds")
    config.addinivalue_line("markers", "integration: starts a process or server outside pytest")


@pytest.fixture
def package(tmp_path: Path) -> Package:
    return build(two_reports(), tmp_path / "pkg")
