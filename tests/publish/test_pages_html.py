"""The pages are well-formed static HTML that requests nothing from elsewhere: structure and link checks."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from govpub.publish.pages import release_page, root_page
from tests.publish.pages_stage import build_stage, build_target

# What would make a browser fetch something: CSS url()/@import/@font-face, and these attributes.
CSS_FETCH = re.compile(r"url\s*\(|@import|@font-face", re.IGNORECASE)  # e.g. "background:url(x.png)"
FETCH_ATTRS = ("src", "srcset", "poster", "data", "background", "action", "formaction", "xlink:href")
FETCH_TAGS = {"script", "link", "iframe", "img", "object", "embed", "video", "audio", "source", "track", "base",
              "form", "picture", "image", "use", "feimage"}


def _pages(tmp_path: Path) -> dict[str, str]:
    _, datasets = build_target(tmp_path / "t")
    return {
        "release": release_page(build_stage(tmp_path / "v", n_reports=2)),
        "first-release": release_page(build_stage(tmp_path / "f", previous=None, excel=False, changes=False)),
        "root": root_page(datasets),
    }


@pytest.fixture()
def pages(tmp_path: Path) -> dict[str, str]:
    return _pages(tmp_path)


@pytest.mark.parametrize("which", ["release", "first-release", "root"])
def test_structure(pages: dict[str, str], which: str) -> None:
    page = pages[which]
    assert page.startswith("<!DOCTYPE html>\n")
    doc = lxml.html.document_fromstring(page)
    assert doc.tag == "html" and doc.get("lang") == "zh-Hans"
    head = doc.find("head")
    assert head is not None and doc.find("body") is not None
    first_meta = head.find("meta")
    assert first_meta is not None and first_meta.get("charset") == "utf-8"  # first, before any text
    assert "width=device-width" in (head.xpath('meta[@name="viewport"]/@content') or [""])[0]
    titles = head.findall("title")
    assert len(titles) == 1 and titles[0].text and titles[0].text.strip()
    ids = Counter(el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id") is not None)
    assert [i for i, n in ids.items() if n > 1] == []
    for label in doc.iter("label"):
        assert label.get("for") in ids, label.get("for")
    for el in doc.xpath("//*[@aria-labelledby]"):
        assert el.get("aria-labelledby") in ids
    assert len(doc.findall(".//h1")) == 1
    # Every lang attribute is one of ours (document text is zh-Hans, labels zh-Hans/en).
    assert set(doc.xpath("//@lang")) <= {"zh-Hans", "en"}


@pytest.mark.parametrize("which", ["release", "first-release", "root"])
def test_parses_without_errors_in_a_strict_parser(pages: dict[str, str], which: str) -> None:
    parser = lxml.etree.HTMLParser(recover=False)
    try:
        lxml.etree.fromstring(pages[which].encode("utf-8"), parser)
    except lxml.etree.XMLSyntaxError as exc:
        # libxml2's HTML parser predates HTML5 and knows no <svg>, <main>, <section>, <nav>, …
        if not re.search(r"Tag (svg|g|rect|text|title|main|section|nav|header|footer|details|summary|time) invalid",
                         str(exc)):
            raise
    html5 = pytest.importorskip("html5rdf")
    parser5 = html5.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser5.parse(pages[which])  # raises on any parse error of the HTML5 algorithm


@pytest.mark.parametrize("which", ["release", "first-release", "root"])
def test_no_external_requests(pages: dict[str, str], which: str) -> None:
    doc = lxml.html.document_fromstring(pages[which])
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag.lower() not in FETCH_TAGS, el.tag
        for attr in FETCH_ATTRS:
            assert el.get(attr) is None, (el.tag, attr)
        assert not CSS_FETCH.search(el.get("style") or "")
    for style in doc.iter("style"):
        assert not CSS_FETCH.search(style.text or "")
    for a in doc.iter("a"):
        href = a.get("href")
        assert href, "an <a> without href"
        if href.startswith(("http://", "https://")):
            # Licence links are the one exception: a plain link to the licence's official text.
            assert a.get("rel", "").startswith("license"), href
            continue
        assert "://" not in href and not href.startswith(("//", "/", "javascript:", "data:", "mailto:")), href
        if href.startswith("#"):
            assert doc.xpath(f'//*[@id="{href[1:]}"]'), f"dangling anchor {href}"


def test_the_page_has_no_javascript_at_all(pages: dict[str, str]) -> None:
    for page in pages.values():
        doc = lxml.html.document_fromstring(page)
        assert not doc.xpath("//script") and "javascript:" not in page.lower()
        assert not [name for el in doc.iter() if isinstance(el.tag, str) for name in el.attrib
                    if name.lower().startswith("on")]
