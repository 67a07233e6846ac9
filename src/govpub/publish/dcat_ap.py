"""CatalogEntries in, a DCAT-AP 3.0 catalog as JSON-LD (catalog.jsonld) out; deterministic byte for byte."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from govpub.config import Agent
from govpub.publish.catalog_entry import CatalogEntry
from govpub.publish.layout import join_url
from govpub.publish.manifest import canonical_json

CONTEXT = {
    "adms": "http://www.w3.org/ns/adms#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "http://www.iana.org/assignments/media-types/"
LANGUAGE_ZHO = "http://publications.europa.eu/resource/authority/language/ZHO"
TABLE_SCHEMA_SPEC = "https://datapackage.org/standard/table-schema/"


def _text(zh: str, en: str) -> list[dict[str, str]]:
    return [{"@language": "zh", "@value": zh}, {"@language": "en", "@value": en}]


def _datetime(value: str) -> dict[str, str]:
    return {"@type": "xsd:dateTime", "@value": value}


def _agent(agent: Agent) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "foaf:Agent", "foaf:name": agent.name}
    if agent.url:
        node["@id"] = agent.url
        node["foaf:homepage"] = {"@id": agent.url, "@type": "foaf:Document"}
    return node


def _contact(agent: Agent) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "vcard:Kind", "vcard:fn": agent.name}
    if agent.email:
        node["vcard:hasEmail"] = {"@id": f"mailto:{agent.email}"}
    if agent.url:
        node["vcard:hasURL"] = {"@id": agent.url}
    return node


def _dataset(entry: CatalogEntry, base: str) -> dict[str, Any]:
    meta, latest = entry.meta, entry.latest
    licences = [{"@id": lic.path, "@type": "dct:LicenseDocument", "dct:title": lic.title} for lic in meta.licenses]
    dists = []
    for d in entry.distributions:
        dist: dict[str, Any] = {
            "@id": entry.version_url(base, d.path) + "#distribution",
            "@type": "dcat:Distribution",
            "dct:title": d.title,
            "dcat:downloadURL": {"@id": entry.version_url(base, d.path), "@type": "rdfs:Resource"},
            "dcat:accessURL": {"@id": entry.version_url(base, "index.html"), "@type": "rdfs:Resource"},
            "dcat:mediaType": {"@id": IANA + d.media_type, "@type": "dct:MediaType"},
            "dct:format": {"@id": FILE_TYPE + d.format_code, "@type": "dct:MediaTypeOrExtent"},
            "dcat:byteSize": {"@type": "xsd:nonNegativeInteger", "@value": str(d.bytes)},
            "spdx:checksum": {
                "@type": "spdx:Checksum",
                "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256", "@type": "spdx:ChecksumAlgorithm"},
                "spdx:checksumValue": {"@type": "xsd:hexBinary", "@value": d.sha256},
            },
        }
        if d.schema_of:
            # The Table Schema lives inside the versioned datapackage.json; the fragment names the resource.
            dist["dct:conformsTo"] = {"@id": entry.version_url(base, "datapackage.json") + "#" + d.schema_of,
                                      "@type": "dct:Standard", "dct:title": f"Table Schema ({d.schema_of})",
                                      "dct:references": {"@id": TABLE_SCHEMA_SPEC}}
        if licences:
            dist["dct:license"] = licences[0] if len(licences) == 1 else licences
        dists.append(dist)
    node: dict[str, Any] = {
        "@id": entry.url(base),  # one URI for the dataset across all its versions
        "@type": "dcat:Dataset",
        "dct:identifier": entry.url(base),
        "dct:title": _text(meta.title_zh, meta.title_en),
        "dct:description": _text(meta.description_zh, meta.description_en),
        "dcat:version": latest.version,
        "adms:versionNotes": {"@language": "en", "@value": entry.version_notes},
        "dct:issued": _datetime(entry.first_created),
        "dct:modified": _datetime(latest.created),
        "dct:publisher": _agent(meta.publisher),
        "dcat:contactPoint": _contact(meta.contact_point),
        "dct:language": {"@id": LANGUAGE_ZHO, "@type": "dct:LinguisticSystem"},
        "dcat:landingPage": {"@id": entry.url(base, "latest/index.html"), "@type": "foaf:Document"},
        "dcat:distribution": dists,
    }
    if meta.keywords:
        node["dcat:keyword"] = [{"@language": "zh" if _is_cjk(k) else "en", "@value": k} for k in meta.keywords]
    if latest.temporal:
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@type": "xsd:date", "@value": latest.temporal[0]},
            "dcat:endDate": {"@type": "xsd:date", "@value": latest.temporal[1]},
        }
    if meta.homepage:
        node["foaf:page"] = {"@id": meta.homepage, "@type": "foaf:Document"}
    return node


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def dcat_ap_catalog(entries: Sequence[CatalogEntry], *, base: str, publisher: Agent) -> bytes:
    """catalog.jsonld for every dataset at the target. `base` is the public URL of the target
    root, or "" for IRIs relative to the catalog's own location."""
    modified = max((e.latest.created for e in entries), default=None)
    catalog: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": join_url(base, "catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": _text(f"{publisher.name} 开放数据目录", f"{publisher.name} open data catalogue"),
        "dct:description": _text("由 govpub 发布的公文数据集及其版本。",
                                 "Datasets extracted from government reports, published by govpub."),
        "dct:publisher": _agent(publisher),
        "foaf:homepage": {"@id": join_url(base, "index.html"), "@type": "foaf:Document"},
        "dcat:dataset": [_dataset(e, base) for e in sorted(entries, key=lambda e: e.meta.name)],
    }
    if modified:
        catalog["dct:modified"] = _datetime(modified)
    return canonical_json(catalog)
