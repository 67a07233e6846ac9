"""Browser tests: markers, and finding (or installing, via scripts/ensure-chromium) headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "integration: starts a server or a browser; runs in CI")
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


def _find() -> str | None:
    return next((path for name in NAMES if (path := shutil.which(name))), None)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary; installs it with scripts/ensure-chromium when missing and allowed."""
    found = _find()
    if found is None:
        script = REPO / "scripts" / "ensure-chromium"
        result = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=2400, check=False)
        found = _find()
        if found is None:
            pytest.skip(f"chromium is not installed and could not be installed: {result.stdout.strip()[-400:]}")
    return found
