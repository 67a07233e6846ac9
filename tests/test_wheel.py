"""A built wheel carries what an installed govpub needs at run time: its Table Schemas."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_holds_the_schemas_and_every_package(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("govpub-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    schemas = {p.name for p in (ROOT / "datapackage" / "schemas").glob("*.json")}
    assert schemas and {f"govpub/datapackage/schemas/{s}" for s in schemas} <= names
    assert "govpub/datapackage/package.json" in names
    assert {"govpub_flows/collection.py", "govpub/validate/__init__.py", "govpub/generate/compose.py"} <= names
