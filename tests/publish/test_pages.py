"""Release and root pages: a hand-built staged release folder in, facts found in the parsed HTML out."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import lxml.html
import pytest

from govpub.errors import TerminalError
from govpub.publish.pages import release_page, root_page
from govpub.publish.pages_html import Text, human_size, safe_href
from govpub.publish.pages_read import bilingual
from tests.publish.pages_stage import (
    EN_TITLE,
    SCHEMAS,
    SECTIONS_L1,
    ZH_TITLE,
    build_stage,
    build_target,
)


def _tree(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


def _text(el: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", el.text_content())


@pytest.fixture()
def stage(tmp_path: Path) -> Path:
    return build_stage(tmp_path / "2026.11.26-1")


def test_header_shows_bilingual_title_description_publisher_licence_version_date(stage: Path) -> None:
    doc = _tree(release_page(stage))
    h1 = doc.get_element_by_id("lang-all").getparent().find(".//h1")
    assert h1.xpath('.//*[@lang="zh-Hans"]')[0].text_content() == ZH_TITLE
    assert h1.xpath('.//*[@lang="en"]')[0].text_content() == EN_TITLE
    lede = _text(doc.find_class("lede")[0])
    assert "抽取的章节" in lede and "Sections, measures" in lede
    facts = _text(doc.find_class("facts")[0])
    assert "govpub example publisher" in facts
    assert "2026.11.26-1" in facts and "2026-11-26" in facts
    licence = doc.xpath('//a[@rel="license noopener noreferrer"]')[0]
    assert licence.get("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert licence.text_content() == "Creative Commons Attribution 4.0"
    assert ZH_TITLE in doc.find(".//title").text


def test_downloads_link_every_file_with_human_size_and_sha256(stage: Path) -> None:
    doc = _tree(release_page(stage))
    section = doc.get_element_by_id("downloads")
    hrefs = {a.get("href") for a in section.iter("a")}
    on_disk = sorted(p for p in stage.rglob("*") if p.is_file())
    for path in on_disk:
        rel = path.relative_to(stage).as_posix()
        assert rel in hrefs, rel
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        row = [tr for tr in section.iter("tr") if tr.find(".//code") is not None
               and tr.find(".//code").text == rel]
        assert row, f"no checksum row for {rel}"
        assert digest in _text(row[0]) and human_size(path.stat().st_size) in _text(row[0])
    for table in SCHEMAS:
        cells = [tr for tr in section.find_class("downloads")[0].iter("tr") if f"{table}.csv" in
                 " ".join(a.get("href") for a in tr.iter("a"))]
        links = {a.get("href") for a in cells[0].iter("a")}
        assert links == {f"data/{table}.csv", f"excel/{table}.csv", f"data/{table}.parquet"}


def test_changes_come_from_changes_json(stage: Path) -> None:
    section = _tree(release_page(stage)).get_element_by_id("changes")
    text = _text(section)
    assert "2026.11.25-1" in text
    measures = next(tr for tr in section.iter("tr") if "measures" in _text(tr))
    # added 3, removed is a list of one id, changed 2
    assert [td.text_content() for td in measures.findall("td")][1:] == ["+3", "−1", "~2"]
    reports = next(tr for tr in section.iter("tr") if "reports" in _text(tr))
    assert [td.text_content() for td in reports.findall("td")][1:] == ["+1", "0", "0"]
    assert "measures changed; fields_added: summary" in text
    assert "Unchanged: dates" not in text  # only tables named in changes.json are reported
    assert any(a.get("href") == "CHANGELOG.md" for a in section.iter("a"))


def test_data_dictionary_lists_every_field_of_every_table_in_both_languages(stage: Path) -> None:
    section = _tree(release_page(stage)).get_element_by_id("dictionary")
    for table, schema in SCHEMAS.items():
        block = section.get_element_by_id(f"dict-{table}")
        text = _text(block)
        for field in schema["fields"]:
            assert field["name"] in text
            assert field["title"] in text and field["title_zh"] in text
            assert field["description"] in text and field["description_zh"] in text
    reports = _text(section.get_element_by_id("dict-reports"))
    assert "rectification_notice" in reports  # enum values
    assert "reports.report_id" in _text(section.get_element_by_id("dict-sections"))  # foreign key


def test_preview_shows_first_measures_rows(stage: Path) -> None:
    section = _tree(release_page(stage)).get_element_by_id("preview")
    rows = section.xpath(".//tbody/tr")
    with (stage / "data" / "measures.csv").open(encoding="utf-8") as fh:
        import csv

        expected = list(csv.DictReader(fh))
    assert len(rows) == min(12, len(expected))
    first = _text(rows[0])
    assert expected[0]["report_title"] in first
    assert expected[0]["section_headings"] in first
    assert expected[0]["summary"] in first
    assert f"共 {len(expected)} 条" in _text(section)


def test_chart_counts_measures_per_top_level_section_for_one_report(stage: Path) -> None:
    svg = _tree(release_page(stage)).get_element_by_id("chart").find(".//svg")
    bars = [(g.find("title").text) for g in svg.findall("g")]
    # build_stage gives section s (1-based) 2*s measures
    assert bars == [f"{heading}: {2 * s}" for s, heading in enumerate(SECTIONS_L1, start=1)]
    widths = [float(r.get("width")) for r in svg.iter("rect")]
    assert widths == sorted(widths) and widths[-1] > widths[0]


def test_chart_counts_per_report_when_there_are_several(tmp_path: Path) -> None:
    stage = build_stage(tmp_path / "v", n_reports=3)
    chart = _tree(release_page(stage)).get_element_by_id("chart")
    assert "Measures per report" in _text(chart)
    titles = [g.find("title").text for g in chart.find(".//svg").findall("g")]
    assert len(titles) == 3 and all(t.endswith(": 12") for t in titles)


def test_first_release_without_changes_or_excel_does_not_crash(tmp_path: Path) -> None:
    stage = build_stage(tmp_path / "v", previous=None, excel=False, changes=False)
    doc = _tree(release_page(stage))
    assert "first release" in _text(doc.get_element_by_id("changes"))
    assert not any((a.get("href") or "").startswith("excel/") for a in doc.iter("a"))


def test_first_release_with_changes_json_without_previous(tmp_path: Path) -> None:
    stage = build_stage(tmp_path / "v", previous=None)
    assert "This is the first release." in _text(_tree(release_page(stage)).get_element_by_id("changes"))


def test_unreadable_changes_json_is_a_note_not_a_crash(stage: Path) -> None:
    (stage / "changes.json").write_bytes(b"\xff{not json")
    doc = _tree(release_page(stage))
    assert "changes.json cannot be read" in _text(doc)


def test_bare_descriptor_renders(tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "x", "resources": "nonsense"}), encoding="utf-8")
    doc = _tree(release_page(tmp_path))
    assert doc.get_element_by_id("downloads") is not None
    assert "no measures table" in _text(doc.get_element_by_id("preview"))


@pytest.mark.parametrize("content, message", [(None, "no datapackage.json"), ("{", "cannot be read"),
                                              ("[1]", "does not hold an object")])
def test_bad_descriptor_is_a_terminal_error_naming_file_and_stage(tmp_path: Path, content: str | None,
                                                                  message: str) -> None:
    if content is not None:
        (tmp_path / "datapackage.json").write_text(content, encoding="utf-8")
    with pytest.raises(TerminalError) as info:
        release_page(tmp_path)
    assert message in str(info.value)
    assert info.value.stage == "pages" and info.value.source.endswith("datapackage.json")


def test_page_is_deterministic(stage: Path) -> None:
    assert release_page(stage) == release_page(stage)


def test_every_relative_link_in_a_release_page_resolves_inside_the_folder(stage: Path) -> None:
    doc = _tree(release_page(stage))
    for a in doc.iter("a"):
        href = a.get("href")
        if href.startswith("#"):
            assert doc.get_element_by_id(href[1:]) is not None
        elif href.startswith("../"):
            assert href in ("../../index.html", "../versions.json")  # the target's own pages
        elif not href.startswith("https://"):
            assert (stage / href).is_file(), href


@pytest.mark.parametrize("obj, expected", [
    ({"title": {"zh": "报告", "en": "Reports"}}, Text("报告", "Reports")),
    ({"title": "报告", "title_en": "Reports"}, Text("报告", "Reports")),
    ({"title": "Reports", "title_zh": "报告"}, Text("报告", "Reports")),
    ({"title": "报告", "x-title-en": "Reports"}, Text("报告", "Reports")),
    ({"titles": {"zh-Hans": "报告", "en": "Reports"}}, Text("报告", "Reports")),
    ({"title": "报告", "i18n": {"en": {"title": "Reports"}}}, Text("报告", "Reports")),
    ({"title": "报告", "titleEn": "Reports"}, Text("报告", "Reports")),
    ({"title": "e.g. 一是", "title_zh": "如 一是"}, Text("如 一是", "e.g. 一是")),
    ({"title": "Reports"}, Text("", "Reports")),
    ({"title": "报告"}, Text("报告", "")),
    ({"title": 7}, Text("", "")),
    ({}, Text("", "")),
])
def test_bilingual_reads_the_forms_a_descriptor_may_use(obj: dict[str, object], expected: Text) -> None:
    assert bilingual(obj, "title") == expected


@pytest.mark.parametrize("path, expected", [
    ("data/measures.csv", "data/measures.csv"),
    ("excel/报告 表.csv", "excel/%E6%8A%A5%E5%91%8A%20%E8%A1%A8.csv"),
    ('data/a"b.csv', "data/a%22b.csv"),
    ("../secret", None), ("data/../../x", None), ("/etc/passwd", None), ("javascript:alert(1)", None),
    ("https://evil.example/x.csv", None), ("//evil.example/x", None), ("data//x", None), ("", None),
    ("data/x?y", None), ("C:\\x", None),
])
def test_safe_href_keeps_links_inside_the_release(path: str, expected: str | None) -> None:
    assert safe_href(path) == expected


@pytest.mark.parametrize("n, expected", [(0, "0 B"), (999, "999 B"), (1000, "1.0 kB"), (1234, "1.2 kB"),
                                         (17_400_000, "17.4 MB"), (3 * 10**9, "3.0 GB"), (None, "—")])
def test_human_size(n: int | None, expected: str) -> None:
    assert human_size(n) == expected


def test_root_page_lists_datasets_versions_and_catalogs(tmp_path: Path) -> None:
    target, datasets = build_target(tmp_path / "public")
    doc = _tree(root_page(datasets))
    hrefs = [a.get("href") for a in doc.iter("a")]
    name = "inspection-rectification-reports"
    for href in ("catalog.jsonld", "data.json", f"{name}/latest/index.html", f"{name}/versions.json",
                 f"{name}/2026.11.26-1/index.html", f"{name}/2026.11.25-1/index.html"):
        assert href in hrefs
    assert (target / "catalog.jsonld").is_file()
    text = _text(doc)
    assert ZH_TITLE in text and EN_TITLE in text and "2026-11-25" in text
    assert "13" in text  # rows summed over tables: reports 1 + measures 12


def test_root_page_never_links_unsafe_names_and_survives_junk() -> None:
    page = root_page({
        "ok": {"title": "Only English", "latest": "1", "versions": [{"version": "../../etc"}, "junk", {"version": 2}]},
        "empty": {},
    })
    doc = _tree(page)
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert "ok/../../etc/index.html" not in hrefs and not any(".." in h for h in hrefs)
    assert "ok/2/index.html" in hrefs
    assert "No published versions yet." in _text(doc)


def test_root_page_with_no_datasets() -> None:
    assert "No datasets yet." in _text(_tree(root_page({})))


def test_excel_workbooks_per_table_and_for_all_tables(tmp_path: Path) -> None:
    import pandas as pd

    stage = build_stage(tmp_path / "v", excel=False)
    pd.DataFrame({"a": [1]}).to_excel(stage / "data" / "measures.xlsx", index=False)
    pd.DataFrame({"a": [1]}).to_excel(stage / "data" / "inspection-rectification-reports.xlsx", index=False)
    section = _tree(release_page(stage)).get_element_by_id("downloads")
    rows = section.find_class("downloads")[0].xpath(".//tbody/tr")
    measures = next(tr for tr in rows if "measures.csv" in " ".join(a.get("href") for a in tr.iter("a")))
    assert "data/measures.xlsx" in [a.get("href") for a in measures.iter("a")]
    workbook = next(tr for tr in rows if "inspection-rectification-reports.xlsx" in
                    " ".join(a.get("href") for a in tr.iter("a")))
    assert "All tables (workbook)" in _text(workbook)
    reports = next(tr for tr in rows if "reports.csv" in " ".join(a.get("href") for a in tr.iter("a")))
    assert len(list(reports.iter("a"))) == 2  # CSV and Parquet; no Excel copy for this table


def test_empty_measures_table_says_so_and_draws_no_chart(tmp_path: Path) -> None:
    stage = build_stage(tmp_path / "v")
    header = (stage / "data" / "measures.csv").read_text(encoding="utf-8").splitlines()[0]
    (stage / "data" / "measures.csv").write_text(header + "\n", encoding="utf-8")
    doc = _tree(release_page(stage))
    assert "This release has no measures." in _text(doc.get_element_by_id("preview"))
    assert doc.get_element_by_id("chart").find(".//svg") is None


def test_manifest_is_listed_when_present(stage: Path) -> None:
    (stage / "manifest.json").write_text('{"files": {}}', encoding="utf-8")
    hrefs = [a.get("href") for a in _tree(release_page(stage)).get_element_by_id("downloads").iter("a")]
    assert "manifest.json" in hrefs


def test_tables_without_changes_are_listed_on_one_line(stage: Path) -> None:
    changes = json.loads((stage / "changes.json").read_text(encoding="utf-8"))
    changes["tables"]["dates"] = {"added": 0, "removed": 0, "changed": 0}
    (stage / "changes.json").write_text(json.dumps(changes), encoding="utf-8")
    section = _tree(release_page(stage)).get_element_by_id("changes")
    assert [tr.find("td").text_content() for tr in section.xpath(".//tbody/tr")] == ["measures", "reports"]
    assert "Unchanged: dates" in _text(section)


def test_dictionary_reads_the_repo_schemas_in_both_languages(tmp_path: Path) -> None:
    """Against datapackage/schemas/*.json (the package stage's single source of truth), when present."""
    schema_dir = Path(__file__).resolve().parents[2] / "datapackage" / "schemas"
    schemas = sorted(schema_dir.glob("*.json")) if schema_dir.is_dir() else []
    if not schemas:
        pytest.skip(f"no table schemas in {schema_dir} yet")
    (tmp_path / "data").mkdir()
    resources = []
    for path in schemas:
        schema = json.loads(path.read_text(encoding="utf-8"))
        names = [f["name"] for f in schema["fields"]]
        (tmp_path / "data" / f"{path.stem}.csv").write_text(",".join(names) + "\n", encoding="utf-8")
        resources.append({"name": path.stem, "path": f"data/{path.stem}.csv", "schema": schema})
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "x", "resources": resources}), encoding="utf-8")
    from govpub.publish.pages_read import read_release

    view = read_release(tmp_path)
    assert [t.name for t in view.tables] == [p.stem for p in schemas]
    for table in view.tables:
        for field in table.fields:
            assert field.title.zh and field.title.en, f"{table.name}.{field.name} title"
            assert field.description.zh and field.description.en, f"{table.name}.{field.name} description"


def test_undecodable_measures_csv_is_a_note_not_a_crash(stage: Path) -> None:
    (stage / "data" / "measures.csv").write_bytes(b"measure_id,summary\n\xff\xfe\xfa,x\n")
    doc = _tree(release_page(stage))
    assert "measures.csv: preview unavailable (UnicodeDecodeError)" in _text(doc)
    assert doc.get_element_by_id("chart").find(".//svg") is None


def test_quoted_newlines_are_one_row(tmp_path: Path) -> None:
    stage = build_stage(tmp_path / "v")
    (stage / "data" / "dates.csv").write_text('date_id,start\n"a\nb",2024-01-01\nc,2024-01-02\n', encoding="utf-8")
    dictionary = _tree(release_page(stage)).get_element_by_id("dict-dates")
    assert "2 行" in _text(dictionary)
