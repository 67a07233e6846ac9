"""Static HTML landing pages: a staged release folder in, index.html text out.

CONTRACT (owned by the pages work); this first version is deliberately plain.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def release_page(stage_dir: Path) -> str:
    """index.html for a release folder holding datapackage.json (stamped), changes.json and data/."""
    descriptor = json.loads((stage_dir / "datapackage.json").read_text(encoding="utf-8"))
    title = html.escape(str(descriptor.get("title", descriptor.get("name", ""))))
    links = "".join(
        f'<li><a href="{html.escape(r["path"])}">{html.escape(r["path"])}</a></li>'
        for r in descriptor.get("resources", [])
    )
    return f'<!doctype html><html lang="zh"><meta charset="utf-8"><title>{title}</title><h1>{title}</h1><ul>{links}</ul></html>'


def root_page(datasets: Mapping[str, Mapping[str, Any]]) -> str:
    """index.html at the target root; `datasets` maps dataset name to its versions.json content."""
    items = "".join(
        f'<li><a href="{html.escape(name)}/latest/index.html">{html.escape(name)}</a></li>' for name in sorted(datasets)
    )
    return f'<!doctype html><html lang="zh"><meta charset="utf-8"><title>govpub</title><ul>{items}</ul></html>'
