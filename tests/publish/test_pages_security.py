"""Document text on the pages is inert: a report whose title, headings and summaries carry <script>,
`" onload=` and javascript: gives pages with no script, no event handler and no javascript: URL."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from govpub.publish.pages import release_page, root_page
from tests.publish.pages_stage import EVIL, build_stage, build_target

URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background")


def _parsers(page: str) -> list[lxml.html.HtmlElement]:
    """lxml's HTML parser, and an HTML5 parser (the algorithm browsers use) when installed."""
    trees = [lxml.html.document_fromstring(page)]
    try:
        import html5rdf  # html5lib's maintained fork, MIT

        trees.append(html5rdf.parse(page, treebuilder="lxml", namespaceHTMLElements=False).getroot())
    except ImportError:
        pass
    return trees


def assert_inert(page: str) -> None:
    for root in _parsers(page):
        tags = {el.tag if isinstance(el.tag, str) else "" for el in root.iter()}
        local = {t.rsplit("}", 1)[-1].lower() for t in tags}
        assert not local & {"script", "iframe", "object", "embed", "img", "form", "base", "meta-refresh"}, local
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                bare = name.rsplit("}", 1)[-1].lower()
                assert not bare.startswith("on"), f"event handler {name}={value!r} on <{el.tag}>"
                if bare in URL_ATTRS:
                    assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), value
            if el.tag.rsplit("}", 1)[-1] == "meta":
                assert (el.get("http-equiv") or "").lower() != "refresh"


def test_evil_report_text_is_escaped_on_the_release_page(tmp_path: Path) -> None:
    stage = build_stage(tmp_path / "v", evil=True, n_reports=2)
    page = release_page(stage)
    assert_inert(page)
    text = lxml.html.document_fromstring(page).text_content()
    # The payload is shown as text, so a reader sees exactly what the document said.
    assert "<script>alert(1)</script>" in text
    assert '" onload="alert(2)"' in text
    assert EVIL.count("<") == 3


def test_evil_text_in_the_descriptor_and_changes_is_escaped(tmp_path: Path) -> None:
    stage = build_stage(tmp_path / "v", evil=True)
    descriptor = json.loads((stage / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["licenses"] = [{"name": EVIL, "path": "javascript:alert(1)", "title": EVIL}]
    descriptor["version"] = EVIL
    descriptor["created"] = EVIL
    descriptor["name"] = EVIL
    descriptor["resources"][0]["schema"]["fields"][0]["description"] = EVIL
    descriptor["resources"][0]["schema"]["fields"][0]["constraints"] = {"enum": [EVIL]}
    (stage / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    page = release_page(stage)
    assert_inert(page)
    assert "javascript:" not in "".join(a.get("href", "") for a in lxml.html.document_fromstring(page).iter("a"))


@pytest.mark.parametrize("name", ['x" onmouseover="alert(1).csv', "<script>.csv", "javascript:alert(1).csv"])
def test_hostile_file_names_are_escaped_or_not_linked(tmp_path: Path, name: str) -> None:
    stage = build_stage(tmp_path / "v")
    (stage / "data" / name).write_text("a\n1\n", encoding="utf-8")
    page = release_page(stage)
    assert_inert(page)


def test_symlink_out_of_the_folder_is_neither_listed_nor_hashed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("password\nhunter2\n", encoding="utf-8")
    stage = build_stage(tmp_path / "v")
    (stage / "data" / "leak.csv").symlink_to(secret)
    page = release_page(stage)
    assert "leak.csv" not in page


def test_root_page_escapes_versions_json(tmp_path: Path) -> None:
    _, datasets = build_target(tmp_path / "t", evil=True)
    name = next(iter(datasets))
    evil = dict(datasets[name])
    evil["title"] = {"zh": EVIL, "en": EVIL}
    evil["latest"] = EVIL
    evil["versions"] = [{"version": EVIL, "created": EVIL, "content_hash": EVIL, "rows": {EVIL: 1}, "bytes": 3}]
    page = root_page({name: evil, EVIL: evil})
    assert_inert(page)
    assert "<script>alert(1)</script>" in lxml.html.document_fromstring(page).text_content()
