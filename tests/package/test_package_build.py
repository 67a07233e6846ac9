"""build_package writes canonical CSV, typed deterministic Parquet, a valid descriptor and a data dictionary."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sample_records import (
    CREATED,
    META,
    REJECTED,
    Records,
    report_records,
    two_reports,
    with_report,
)

from govpub.package import Package, build_package
from govpub.package.hashing import file_sha256
from govpub.package.parquet_out import TABLE_SCHEMA_KEY
from govpub.package.schemas import TABLE_NAMES, load_schemas, thaw
from govpub.records import TABLES, field_names

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def test_every_table_has_csv_and_parquet(package: Package) -> None:
    for table in TABLE_NAMES:
        assert (package.root / f"data/{table}.csv").is_file()
        assert (package.root / f"data/{table}.parquet").is_file()
    assert package.row_counts == {"reports": 2, "sections": 12, "measures": 6, "dates": 6, "contacts": 8,
                                  "figures": 6, "rejected": 1}


def test_csv_is_utf8_without_bom_crlf_with_header_and_round_trips(package: Package) -> None:
    records = two_reports()
    for table in TABLES:
        raw = (package.root / f"data/{table}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert raw.count(b"\r\n") >= len(records.table(table)) + 1
        assert b"\n" not in raw.replace(b"\r\n", b"")  # every record ends CRLF; no cell here holds a newline
        rows = _csv_rows(package.root / f"data/{table}.csv")
        assert rows[0] == field_names(TABLES[table])
        expected = sorted(records.table(table), key=lambda r: r.report_id)  # type: ignore[attr-defined]
        assert len(rows) - 1 == len(expected)
        for got, row in zip(rows[1:], expected, strict=True):
            want = ["" if v is None else str(v) for v in dataclasses.astuple(row)]  # type: ignore[call-overload]
            assert got == want


def test_csv_quotes_commas_quotes_and_newlines(tmp_path: Path) -> None:
    records = two_reports()
    tricky = dataclasses.replace(records.sections[0], body='第一行,含逗号\r\n第二行 "引号"')
    records = dataclasses.replace(records, sections=(tricky, *records.sections[1:]))
    pkg = build_package(records, META, tmp_path / "p", created=CREATED)
    rows = _csv_rows(pkg.root / "data/sections.csv")
    assert tricky.body in [r[8] for r in rows]


def test_parquet_has_declared_types_zstd_dictionary_and_the_schema(package: Package) -> None:
    expected = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}
    for table in TABLE_NAMES:
        schema = load_schemas()[table]
        path = package.root / f"data/{table}.parquet"
        arrow = pq.read_schema(path)
        assert arrow.names == [f["name"] for f in schema["fields"]]
        for field in schema["fields"]:
            assert arrow.field(field["name"]).type == expected[field["type"]], (table, field["name"])
        assert json.loads(arrow.metadata[TABLE_SCHEMA_KEY]) == thaw(schema)
        meta = pq.ParquetFile(path).metadata
        col = meta.row_group(0).column(0) if meta.num_row_groups else None
        if col is not None:
            assert col.compression == "ZSTD"
    meta = pq.ParquetFile(package.root / "data/dates.parquet").metadata
    names = pq.read_schema(package.root / "data/dates.parquet").names
    role = meta.row_group(0).column(names.index("role"))
    text = meta.row_group(0).column(names.index("text"))
    assert any("DICTIONARY" in e for e in role.encodings)
    assert not any("DICTIONARY" in e for e in text.encodings)


def test_parquet_holds_the_same_rows_with_dates_as_dates(package: Package) -> None:
    reports = pq.read_table(package.root / "data/reports.parquet").to_pylist()
    first = min(two_reports().reports, key=lambda r: r.report_id)
    assert str(reports[0]["publication_date"]) == first.publication_date
    assert reports[0]["section_count"] == first.section_count
    local = next(r for r in reports if r["source_uri"] == "reports/local-notice.txt")
    assert local["title"] is None and local["source_url"] is None


def test_same_rows_give_the_same_bytes_in_any_input_order(tmp_path: Path) -> None:
    a = build_package(two_reports(), META, tmp_path / "a", created=CREATED, rejected=REJECTED)
    shuffled = Records.merge([report_records("reports/local-notice.txt", title=None), report_records()])
    shuffled = dataclasses.replace(shuffled, sections=tuple(reversed(shuffled.sections)))
    shuffled = dataclasses.replace(shuffled, sections=tuple(sorted(shuffled.sections, key=lambda s: s.char_start)))
    b = build_package(two_reports(), META, tmp_path / "b", created="2030-01-01T00:00:00Z", rejected=REJECTED)
    assert [f for f in a.files if f.path != "README.md"] == [f for f in b.files if f.path != "README.md"]
    assert a.content_hash == b.content_hash and a.schema_hash == b.schema_hash
    assert a.descriptor["created"] != b.descriptor["created"]
    # Reports given in another order, child rows interleaved across reports: the writer's
    # stable order (report id, then document order) gives the same files.
    c = build_package(shuffled, META, tmp_path / "c", created=CREATED, rejected=REJECTED)
    data = {f.path: f.sha256 for f in a.files if f.path.startswith("data/")}
    assert {f.path: f.sha256 for f in c.files if f.path.startswith("data/")} == data


def test_content_hash_follows_the_data_and_schema_hash_only_the_schemas(tmp_path: Path, package: Package) -> None:
    changed = build_package(with_report(two_reports(), issuer="另一个机关"), META, tmp_path / "x", created=CREATED,
                            rejected=REJECTED)
    assert changed.content_hash != package.content_hash
    assert changed.schema_hash == package.schema_hash
    no_rejected = build_package(two_reports(), META, tmp_path / "y", created=CREATED)
    assert no_rejected.content_hash != package.content_hash


def test_descriptor_resources_name_every_table_with_true_bytes_and_hash(package: Package) -> None:
    on_disk = json.loads((package.root / "datapackage.json").read_text(encoding="utf-8"))
    assert on_disk == package.descriptor
    assert on_disk["version"] == "0.0.0" and on_disk["created"] == CREATED
    assert on_disk["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert [r["name"] for r in on_disk["resources"]] == list(TABLE_NAMES)
    for res in on_disk["resources"]:
        size, sha = file_sha256(package.root / res["path"])
        assert (res["type"], res["format"], res["mediatype"], res["encoding"]) == ("table", "csv", "text/csv", "utf-8")
        assert res["bytes"] == size and res["hash"] == f"sha256:{sha}"
        assert res["schema"] == thaw(load_schemas()[res["name"]])
    assert on_disk["licenses"][0]["name"] == "CC-BY-4.0"
    assert on_disk["title_zh"] == META.title_zh and on_disk["title"] == META.title_en
    assert on_disk["sources"] == [{"title": "www.szss.gov.cn", "path": "https://www.szss.gov.cn"}]


def test_files_manifest_lists_every_file_but_the_descriptor(package: Package) -> None:
    on_disk = sorted(p.relative_to(package.root).as_posix() for p in package.root.rglob("*") if p.is_file())
    assert sorted(f.path for f in package.files) == [p for p in on_disk if p != "datapackage.json"]
    manifest = {f["path"]: f for f in package.descriptor["files"]}
    for f in package.files:
        assert manifest[f.path]["hash"] == f"sha256:{f.sha256}" and manifest[f.path]["bytes"] == f.bytes
        assert file_sha256(package.root / f.path) == (f.bytes, f.sha256)
    assert manifest["data/measures.parquet"]["table"] == "measures"


def test_descriptor_validates_against_the_data_package_v2_profile(package: Package, reference: Path) -> None:
    profile = json.loads((reference / "datapackage-v2" / "datapackage.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(profile, format_checker=jsonschema.FormatChecker()).validate(package.descriptor)


@pytest.mark.integration
def test_frictionless_cli_validates_the_package(package: Package) -> None:
    if not FRICTIONLESS.exists():
        pytest.skip(f"frictionless CLI not found beside {sys.executable}")
    done = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"], cwd=package.root,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["valid"] is True
    assert {t["name"] for t in report["tasks"]} == set(TABLE_NAMES)


def test_frictionless_cli_fails_a_broken_package(package: Package) -> None:
    if not FRICTIONLESS.exists():
        pytest.skip(f"frictionless CLI not found beside {sys.executable}")
    path = package.root / "data/dates.csv"
    path.write_bytes(path.read_bytes().replace(b"2024-09-29", b"2024-09-31"))
    done = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"], cwd=package.root,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0


def test_readme_is_a_bilingual_data_dictionary(package: Package) -> None:
    text = (package.root / "README.md").read_text(encoding="utf-8")
    assert META.title_zh in text and META.title_en in text
    for table in TABLE_NAMES:
        schema = load_schemas()[table]
        assert f"`{table}`" in text
        for field in schema["fields"]:
            assert f"`{field['name']}`" in text
            assert field["title_zh"] in text and field["title"] in text


def test_readme_escapes_html_from_metadata(tmp_path: Path) -> None:
    meta = dataclasses.replace(META, title_en="<script>alert(1)</script> | x")
    pkg = build_package(two_reports(), meta, tmp_path / "p", created=CREATED)
    text = (pkg.root / "README.md").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_rejected_sources_are_a_table(package: Package) -> None:
    rows = _csv_rows(package.root / "data/rejected.csv")
    assert rows == [["source", "stage", "error"], [REJECTED[0].source, REJECTED[0].stage, REJECTED[0].error]]


def test_empty_records_still_make_a_valid_package(tmp_path: Path) -> None:
    from govpub.validate import validate_package

    pkg = build_package(Records(), META, tmp_path / "empty", created=CREATED, rejected=REJECTED)
    assert pkg.row_counts["reports"] == 0
    assert validate_package(pkg, rejected=REJECTED).valid


def test_an_unsafe_dataset_name_never_becomes_a_path(tmp_path: Path) -> None:
    meta = dataclasses.replace(META, name="../../escape")
    pkg = build_package(two_reports(), meta, tmp_path / "p", created=CREATED)
    assert all(".." not in f.path for f in pkg.files)
    assert (pkg.root / "excel/tables.xlsx").is_file()
    assert not (tmp_path / "escape.xlsx").exists()
    shutil.rmtree(pkg.root)
