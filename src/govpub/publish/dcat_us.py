"""CatalogEntries in, a DCAT-US 1.1 (Project Open Data) data.json for a non-federal publisher out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from govpub.publish.catalog_entry import CatalogEntry
from govpub.publish.layout import join_url
from govpub.publish.manifest import canonical_json

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"


def _dataset(entry: CatalogEntry, base: str) -> dict[str, Any]:
    meta, latest = entry.meta, entry.latest
    contact: dict[str, Any] = {"@type": "vcard:Contact", "fn": meta.contact_point.name}
    email = meta.contact_point.email or meta.publisher.email
    if email:
        contact["hasEmail"] = f"mailto:{email}"
    node: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "title": f"{meta.title_zh} / {meta.title_en}",
        "description": f"{meta.description_zh}\n\n{meta.description_en}",
        # POD requires at least one keyword; the dataset name is a truthful fallback.
        "keyword": list(meta.keywords) or [meta.name],
        "modified": latest.created,
        "issued": entry.first_created,
        "publisher": {"@type": "org:Organization", "name": meta.publisher.name},
        "contactPoint": contact,
        "identifier": entry.url(base),
        "accessLevel": "public",
        "language": ["zh-CN", "en"],
        "landingPage": entry.url(base, "latest/index.html"),
        "describedBy": entry.version_url(base, "datapackage.json"),
        "describedByType": "application/json",
        "distribution": [
            {"@type": "dcat:Distribution", "title": d.title, "downloadURL": entry.version_url(base, d.path),
             "mediaType": d.media_type, "format": d.format_code,
             "conformsTo": entry.version_url(base, "datapackage.json")}
            for d in entry.distributions
        ],
    }
    # bureauCode and programCode are OMB codes for US federal agencies; we are not one, so we emit none
    # (see docs/publish.md, "data.json for a non-federal publisher").
    if meta.licenses:
        node["license"] = meta.licenses[0].path
    if latest.temporal:
        node["temporal"] = f"{latest.temporal[0]}/{latest.temporal[1]}"
    return node


def dcat_us_catalog(entries: Sequence[CatalogEntry], *, base: str) -> bytes:
    catalog = {
        "@context": f"{POD_SCHEMA}/catalog.jsonld",
        "@id": join_url(base, "data.json"),
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": f"{POD_SCHEMA}/catalog.json",
        "dataset": [_dataset(e, base) for e in sorted(entries, key=lambda e: e.meta.name)],
    }
    return canonical_json(catalog)
