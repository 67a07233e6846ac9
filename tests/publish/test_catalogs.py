"""Catalogs at the target root: DCAT-AP 3 under the official SHACL shapes, DCAT-US 1.1 under its JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govpub.publish import publish
from govpub.publish.storage import open_storage
from tests.publish.packages import make_meta, make_package, measures

REPO_ROOT = Path(__file__).resolve().parents[2]
# ../shared/reference beside the repo; a git worktree one level deeper (wt/<name>) finds it further up.
REFERENCE = next((p / "shared" / "reference" for p in REPO_ROOT.parents if (p / "shared" / "reference").is_dir()),
                 REPO_ROOT.parent / "shared" / "reference")
T0 = "2026-11-26T10:00:00+00:00"
T1 = "2026-11-26T11:00:00+00:00"


def _reference(name: str) -> Path:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference specs not found at {path} (they live beside the repo, in ../shared/reference)")
    return path


@pytest.fixture
def two_datasets(tmp_path: Path) -> Path:
    target = tmp_path / "public"
    publish(make_package(tmp_path / "a"), str(target), meta=make_meta(base_url="https://data.example.org/open"),
            now=T0)
    publish(make_package(tmp_path / "b", measure_rows=measures(5)), str(target),
            meta=make_meta(base_url="https://data.example.org/open"), now=T1)
    other = make_package(tmp_path / "c", name="work-reports")
    publish(other, str(target), meta=make_meta("work-reports", base_url="https://data.example.org/open"), now=T1)
    return target


def test_dcat_ap_conforms_to_shacl(two_datasets: Path) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    shapes = rdflib.Graph().parse(_reference("dcat-ap-3.0.0-SHACL.ttl"))
    data = rdflib.Graph().parse(data=(two_datasets / "catalog.jsonld").read_text(encoding="utf-8"), format="json-ld")
    conforms, _graph, text = pyshacl.validate(data, shacl_graph=shapes)
    assert conforms, text
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    ds = rdflib.URIRef("https://data.example.org/open/inspection-reports/")
    assert str(data.value(ds, dcat.version)) == "1.1.0"  # one URI across versions, naming the newest
    assert {getattr(lit, "language", None) for lit in data.objects(ds, dct.title)} == {"zh", "en"}
    downloads = {str(data.value(d, dcat.downloadURL)) for d in data.objects(ds, dcat.distribution)}
    assert "https://data.example.org/open/inspection-reports/1.1.0/data/measures.parquet" in downloads
    assert len(set(data.subjects(rdflib.RDF.type, dcat.Dataset))) == 2
    temporal = data.value(ds, dct.temporal)
    assert str(data.value(temporal, dcat.startDate)) == "2024-04-08"
    assert str(data.value(temporal, dcat.endDate)) == "2025-09-18"


def test_dcat_ap_without_base_url_uses_relative_links(tmp_path: Path) -> None:
    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    publish(make_package(tmp_path / "a"), str(tmp_path / "t"), meta=make_meta(), now=T0)
    text = (tmp_path / "t" / "catalog.jsonld").read_text(encoding="utf-8")
    assert '"@id": "inspection-reports/1.0.0/data/measures.csv"' in text
    data = rdflib.Graph().parse(data=text, format="json-ld", publicID="https://harvester.example/catalog.jsonld")
    conforms, _g, report = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(_reference("dcat-ap-3.0.0-SHACL.ttl")))
    assert conforms, report


def _pod_validator(non_federal: bool) -> Any:
    import jsonschema
    from referencing import Registry
    from referencing.jsonschema import DRAFT4

    folder = _reference("dcat-us-1.1")
    schemas = {name: json.loads((folder / name).read_text(encoding="utf-8"))
               for name in ("catalog.json", "dataset.json", "distribution.json", "organization.json", "vcard.json")}
    if non_federal:
        # The non-federal variant data.gov's harvester offers: the OMB codes are not required.
        ds = dict(schemas["dataset.json"])
        ds["required"] = [k for k in ds["required"] if k not in ("bureauCode", "programCode")]
        schemas["dataset.json"] = ds
    registry: Registry = Registry().with_resources(
        (uri, DRAFT4.create_resource(s)) for s in schemas.values() for uri in (s["id"], s["id"].rstrip("#"))
    )
    return jsonschema.Draft4Validator(schemas["catalog.json"], registry=registry)


def test_data_json_validates_as_non_federal(two_datasets: Path) -> None:
    data = json.loads((two_datasets / "data.json").read_text(encoding="utf-8"))
    _pod_validator(non_federal=True).validate(data)
    # Against the federal schema, the only complaints are the two OMB codes we must not invent.
    errors = sorted(e.message for e in _pod_validator(non_federal=False).iter_errors(data))
    assert errors and set(errors) <= {"'bureauCode' is a required property", "'programCode' is a required property"}
    assert all("bureauCode" not in d and "programCode" not in d for d in data["dataset"])
    names = [d["identifier"] for d in data["dataset"]]
    assert names == ["https://data.example.org/open/inspection-reports/", "https://data.example.org/open/work-reports/"]


def test_catalogs_are_deterministic(tmp_path: Path) -> None:
    """Same releases => same catalog bytes, whichever order and whenever they are regenerated."""
    outs = []
    for run in range(2):
        target = tmp_path / f"t{run}"
        publish(make_package(tmp_path / f"a{run}"), str(target), meta=make_meta(), now=T0)
        publish(make_package(tmp_path / f"c{run}", name="work-reports"), str(target), meta=make_meta("work-reports"),
                now=T1)
        outs.append({n: (target / n).read_bytes() for n in ("catalog.jsonld", "data.json", "index.html")})
    assert outs[0] == outs[1]
    storage = open_storage(str(tmp_path / "t0"))
    from govpub.publish.refresh import update_catalogs

    update_catalogs(storage, base="", publisher=make_meta().publisher)
    assert (tmp_path / "t0" / "catalog.jsonld").read_bytes() == outs[0]["catalog.jsonld"]


def test_shacl_check_catches_a_broken_catalog(two_datasets: Path) -> None:
    """The SHACL test above can fail: a dataset without a description or with a negative size does not conform."""
    pyshacl = pytest.importorskip("pyshacl")
    import rdflib

    catalog = json.loads((two_datasets / "catalog.jsonld").read_text(encoding="utf-8"))
    dataset = catalog["dcat:dataset"][0]
    del dataset["dct:description"]
    dataset["dcat:distribution"][0]["dcat:byteSize"] = {"@value": "-3", "@type": "xsd:string"}
    data = rdflib.Graph().parse(data=json.dumps(catalog), format="json-ld")
    conforms, _g, text = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(_reference("dcat-ap-3.0.0-SHACL.ttl")))
    assert not conforms
    assert "description" in text and "byteSize" in text


def test_every_data_file_is_a_distribution_with_its_schema(two_datasets: Path) -> None:
    catalog = json.loads((two_datasets / "catalog.jsonld").read_text(encoding="utf-8"))
    dataset = next(d for d in catalog["dcat:dataset"] if d["@id"].endswith("/inspection-reports/"))
    by_url = {d["dcat:downloadURL"]["@id"].rsplit("/1.1.0/", 1)[1]: d for d in dataset["dcat:distribution"]}
    assert sorted(by_url) == ["data/measures.csv", "data/measures.parquet", "data/reports.csv", "data/reports.parquet"]
    parquet = by_url["data/measures.parquet"]
    assert parquet["dct:format"]["@id"].endswith("/PARQUET")
    assert parquet["dct:conformsTo"]["@id"].endswith("/1.1.0/datapackage.json#measures")
    manifest = json.loads((two_datasets / "inspection-reports" / "1.1.0" / "manifest.json").read_text())
    sha = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert parquet["spdx:checksum"]["spdx:checksumValue"]["@value"] == sha["data/measures.parquet"]
