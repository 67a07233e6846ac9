"""The collection config (YAML) in, a CollectionConfig out: what to read, how to describe it, where to publish."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from govpub.errors import ConfigError

DATASET_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")  # safe as a path segment and a URL segment


@dataclass(frozen=True)
class Agent:
    name: str
    url: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class License:
    name: str  # SPDX id, e.g. "CC-BY-4.0"
    path: str  # its URL
    title: str


@dataclass(frozen=True)
class DatasetMeta:
    """How the dataset is described in datapackage.json, catalogs and release pages."""

    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    publisher: Agent
    contact_point: Agent
    licenses: tuple[License, ...]
    keywords: tuple[str, ...] = ()
    homepage: str | None = None
    base_url: str | None = None  # public URL of the target root, for catalogs; None -> relative links


@dataclass(frozen=True)
class CollectionConfig:
    dataset: DatasetMeta
    sources: tuple[str, ...]
    target: str = "./public"
    base_dir: Path = field(default_factory=Path.cwd)  # where relative sources resolve
    batch_size: int = 50
    strict: bool = False


def _require(mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping or mapping[key] in (None, ""):
        raise ConfigError(f"missing '{key}' in {where}", stage="config")
    return mapping[key]


def _agent(raw: Any, where: str) -> Agent:
    if isinstance(raw, str):
        return Agent(name=raw)
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a name or a mapping with name/url/email", stage="config")
    return Agent(name=str(_require(raw, "name", where)), url=raw.get("url"), email=raw.get("email"))


def parse_config(raw: dict[str, Any], *, base_dir: Path) -> CollectionConfig:
    ds = _require(raw, "dataset", "the config")
    name = str(_require(ds, "name", "dataset"))
    if not DATASET_NAME.match(name):
        raise ConfigError(f"dataset name {name!r} must match {DATASET_NAME.pattern}", stage="config")
    title = _require(ds, "title", "dataset")
    title_zh, title_en = (str(_require(title, lang, "dataset.title")) for lang in ("zh", "en"))
    desc = _require(ds, "description", "dataset")
    desc_zh, desc_en = (str(_require(desc, lang, "dataset.description")) for lang in ("zh", "en"))
    licenses = tuple(
        License(name=str(_require(lic, "name", "license")), path=str(_require(lic, "path", "license")),
                title=str(lic.get("title") or lic["name"]))
        for lic in _require(ds, "licenses", "dataset")
    )
    publisher = _agent(_require(ds, "publisher", "dataset"), "dataset.publisher")
    meta = DatasetMeta(
        name=name,
        title_zh=title_zh,
        title_en=title_en,
        description_zh=desc_zh,
        description_en=desc_en,
        publisher=publisher,
        contact_point=_agent(ds.get("contact_point") or raw["dataset"]["publisher"], "dataset.contact_point"),
        licenses=licenses,
        keywords=tuple(str(k) for k in ds.get("keywords", ())),
        homepage=ds.get("homepage"),
        base_url=ds.get("base_url"),
    )
    sources = raw.get("sources") or ()
    if isinstance(sources, str):
        sources = (sources,)
    return CollectionConfig(
        dataset=meta,
        sources=tuple(str(s) for s in sources),
        target=str(raw.get("target") or "./public"),
        base_dir=base_dir,
        batch_size=int(raw.get("batch_size") or 50),
        strict=bool(raw.get("strict", False)),
    )


def load_config(path: Path) -> CollectionConfig:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no config file at {path}", stage="config") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}", stage="config") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path} must hold a mapping", stage="config")
    return parse_config(raw, base_dir=path.parent.resolve())
