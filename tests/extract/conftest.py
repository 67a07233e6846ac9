"""Shared fixtures for the extractor tests: the seed text and its hand-checked gold annotation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_NAME = "000_5e2350e4989e1303"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than a second")
    config.addinivalue_line("markers", "integration: starts a real server")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (FIXTURES / f"{SEED_NAME}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, Any]:
    gold: dict[str, Any] = json.loads((FIXTURES / "gold" / f"{SEED_NAME}.json").read_text(encoding="utf-8"))
    return gold
