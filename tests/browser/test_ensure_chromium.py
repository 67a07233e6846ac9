"""scripts/ensure-chromium: always exits 0 and says what it found or why it did not install."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "ensure-chromium"


def _ready() -> bool:
    """Chromium and a CJK font both present, so running the script installs nothing."""
    if shutil.which("chromium") is None or shutil.which("fc-list") is None:
        return False
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(fonts.stdout.strip())


def _bin_without(tmp_path: Path, *tools: str) -> str:
    """A PATH with only these tools linked in: no chromium, no apt-get, no fc-list."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in tools:
        found = shutil.which(tool)
        if found is None:
            pytest.skip(f"{tool} is not on this machine")
        (folder / tool).symlink_to(found)
    return str(folder)


def test_without_apt_get_it_explains_and_exits_zero(tmp_path: Path) -> None:
    path = _bin_without(tmp_path, "bash", "id", "head", "printf", "timeout")
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "PATH": path})
    assert result.returncode == 0
    assert "missing: chromium fonts-noto-cjk" in result.stdout
    assert ("no apt-get" in result.stdout) or ("not root" in result.stdout)


@pytest.mark.skipif(not _ready(), reason="chromium or a CJK font is missing: the script would install them")
def test_with_everything_present_it_does_nothing() -> None:
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert "chromium present" in result.stdout
