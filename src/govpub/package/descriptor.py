"""DatasetMeta, resources and file entries in, the datapackage.json mapping out (Data Package v2).

The template is datapackage/package.json: a string value that is exactly "${key}" is replaced
by the value of that key (any JSON value); a key whose value is None is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from govpub.config import DatasetMeta
from govpub.package.schemas import DATAPACKAGE_DIR

TEMPLATE_PATH = DATAPACKAGE_DIR / "package.json"
PLACEHOLDER = re.compile(r"^\$\{([a-z_]+)\}$")  # e.g. "${title_en}"
MAX_SOURCES = 50  # sources are the publishing sites; a big corpus still names only a readable few


def load_template(path: Path = TEMPLATE_PATH) -> dict[str, Any]:
    template: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return template


def fill(template: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(template, dict):
        out = {}
        for key, raw in template.items():
            value = fill(raw, values)
            if value is not None:
                out[key] = value
        return out
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    if isinstance(template, str):
        match = PLACEHOLDER.match(template)
        if match:
            if match.group(1) not in values:
                raise KeyError(f"datapackage/package.json names an unknown placeholder {template}")
            return values[match.group(1)]
    return template


def contributors(meta: DatasetMeta) -> list[dict[str, Any]]:
    out = []
    for agent, role in ((meta.publisher, "publisher"), (meta.contact_point, "contact")):
        entry: dict[str, Any] = {"title": agent.name, "roles": [role]}
        if agent.url:
            entry["path"] = agent.url
        if agent.email:
            entry["email"] = agent.email
        out.append(entry)
    return out


def sources(source_urls: Sequence[str | None]) -> list[dict[str, str]]:
    """The sites the documents came from (scheme://host), sorted; each report row names its own URL."""
    sites = sorted({f"{p.scheme}://{p.netloc}" for u in source_urls if u
                    for p in [urlsplit(u)] if p.scheme in ("http", "https") and p.netloc})
    out = [{"title": urlsplit(site).netloc, "path": site} for site in sites[:MAX_SOURCES]]
    if len(sites) > MAX_SOURCES:
        out.append({"title": f"{len(sites) - MAX_SOURCES} more sites: see reports.source_url"})
    if not out:
        out.append({"title": "Published government documents; see reports.source_uri for each one"})
    return out


def build_descriptor(meta: DatasetMeta, *, created: str, resources: list[dict[str, Any]],
                     files: list[dict[str, Any]], source_urls: Sequence[str | None],
                     template: Mapping[str, Any] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": meta.name,
        "title_en": meta.title_en,
        "title_zh": meta.title_zh,
        "description_en": meta.description_en,
        "description_zh": meta.description_zh,
        "created": created,
        "homepage": meta.homepage,
        "keywords": list(meta.keywords) or None,
        "licenses": [{"name": lic.name, "path": lic.path, "title": lic.title} for lic in meta.licenses],
        "contributors": contributors(meta),
        "sources": sources(source_urls),
        "resources": resources,
        "files": files,
    }
    filled: dict[str, Any] = fill(dict(template or load_template()), values)
    return filled
