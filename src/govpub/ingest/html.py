"""HTML bytes in, the article's lines, its <h1> and the removed page furniture out (lxml)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lxml import etree
from lxml import html as lxml_html

from govpub.errors import RejectedInput
from govpub.ingest.decode import decode

# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
META_CHARSET: Final = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
# lxml refuses a str that still carries its byte encoding: '<?xml version="1.0" encoding="utf-8"?>'
XML_DECLARATION: Final = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Characters lxml refuses in text (XML 1.0 forbids them); a few in a page must not sink it.
NOT_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # e.g. "\x0c" from a form feed
# Source-code whitespace that wraps between two CJK characters is no space at all (as in
# browsers): "整改\n      措施" -> "整改措施".
CJK: Final = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
CJK_WRAP: Final = re.compile(rf"(?<={CJK})[ \t\r\n\f]*\n[ \t\r\n\f]*(?={CJK})")  # "整改\n  措施"
HTML_SPACE: Final = re.compile(r"[ \t\r\n\f\u00a0]+")  # "1.  加快"; NBSP counts, U+3000 does not

DROP_TAGS: Final = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                    "canvas", "head", "link", "meta", "input", "select", "textarea", "button")
FURNITURE_TAGS: Final = ("nav", "header", "footer", "aside", "form", "menu")
# class/id tokens (split at spaces, "-" and "_") of page furniture, e.g. class="bread-crumb",
# id="share_bar", class="wza-toolbar", class="footer".
FURNITURE_TOKENS: Final = frozenset({
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "bread",
    "position", "location", "weizhi", "dqwz", "share", "bdshare", "fenxiang", "footer", "foot",
    "copyright", "banquan", "toolbar", "wza", "barrier", "accessibility", "elder", "zhangzhe",
    "qrcode", "qr", "ewm", "erweima", "sidebar", "related", "xgwz", "pagination", "pager",
    "header", "topbar", "search", "login",
})
TOKEN_SPLIT: Final = re.compile(r"[\s_-]+")
BLOCK_TAGS: Final = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody", "thead", "tfoot", "caption",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main", "blockquote", "pre", "hr",
    "center", "address", "figure", "figcaption", "body", "html", "header", "footer", "nav", "aside",
})
CELL_TAGS: Final = frozenset({"td", "th"})
# The body is a container of paragraphs, never a paragraph or a run inside one.
INLINE_TAGS: Final = frozenset({"p", "br", "span", "a", "font", "strong", "b", "em", "i", "u", "h1", "h2"})
# Descend into a child while it holds this share of its parent's text: the tightest element
# holding (nearly) all of the text is the article body.
BODY_SHARE: Final = 0.8
# A sentence of article text: some characters, then a full stop. "整改工作取得阶段性成效。"
SENTENCE: Final = re.compile(r"[^\s。]{6,}。")
# A "furniture" element holding more than this share of the page's text is the page itself
# under an unlucky class name (class="main-header-wrap"), so it stays.
FURNITURE_MAX_SHARE: Final = 0.5


@dataclass(frozen=True)
class HtmlText:
    lines: tuple[str, ...]
    title_hint: str | None
    noise: tuple[str, ...]
    encoding: str


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _furniture_class(el: etree._Element) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return bool(FURNITURE_TOKENS.intersection(TOKEN_SPLIT.split(names)))


class _Lines:
    """Collects inline text; a block boundary ends the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buf: list[str] = []

    def add(self, text: str) -> None:
        self._buf.append(text)

    def newline(self) -> None:
        if self._buf:
            raw = CJK_WRAP.sub("", "".join(self._buf))
            line = HTML_SPACE.sub(" ", raw).strip(" ")
            if line:
                self.lines.append(line)
            self._buf = []


def render_lines(root: etree._Element) -> list[str]:
    """Paragraphs (<p>, <div>, <br>, list items, table rows) become lines; cells are joined by a space."""
    out = _Lines()
    # iterwalk, not recursion: a page nested 10,000 <div>s deep must not blow the stack.
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = _tag(el)
        if event == "start":
            if tag == "br" or tag in BLOCK_TAGS:
                out.newline()
            elif tag in CELL_TAGS:
                out.add(" ")
            if tag and el.text:
                out.add(el.text)
        else:
            if tag in BLOCK_TAGS:
                out.newline()
            if el is not root and el.tail:
                out.add(el.tail)
    out.newline()
    return out.lines


def _text_lengths(root: etree._Element, *, links: bool) -> dict[etree._Element, int]:
    """Characters of text under each element, in one pass (no quadratic re-walks). Without
    `links`, link text weighs nothing: related articles and menus are not the article."""
    lengths: dict[etree._Element, int] = {}
    for _, el in etree.iterwalk(root, events=("end",)):
        if not links and _tag(el) == "a":
            lengths[el] = 0
            continue
        own = len(el.text.strip()) if isinstance(el.tag, str) and el.text else 0
        lengths[el] = own + sum(lengths.get(c, 0) + (len(c.tail.strip()) if c.tail else 0) for c in el)
    return lengths


def _sentences_outside(node: etree._Element, child: etree._Element) -> bool:
    """Does `node` hold sentences ("。") outside `child`? Then they are article text (an intro
    before a table of measures, say), and descending into `child` would lose them."""
    parts = [node.text or ""]
    for other in node:
        parts.append(other.tail or "")
        if other is not child and isinstance(other.tag, str):
            parts.extend(other.itertext())
    return len(SENTENCE.findall("".join(parts))) >= 1


def _body(root: etree._Element) -> etree._Element:
    """The tightest element holding BODY_SHARE of the page's non-link text and every sentence."""
    lengths = _text_lengths(root, links=False)
    node = root
    while True:
        total = lengths.get(node, 0)
        best = max(node, key=lambda c: lengths.get(c, 0), default=None)
        if total == 0 or best is None or _tag(best) in INLINE_TAGS or lengths.get(best, 0) < BODY_SHARE * total \
                or _sentences_outside(node, best):
            return node
        node = best


def _title(root: etree._Element) -> str | None:
    for h1 in root.iter("h1"):
        text = HTML_SPACE.sub(" ", CJK_WRAP.sub("", "".join(h1.itertext()))).strip()
        if text:
            return text
    # Chinese government CMSs (TRS, Hanweb) name the article in <meta name="ArticleTitle">.
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            return HTML_SPACE.sub(" ", meta.get("content") or "").strip()
    return None


def _remove(el: etree._Element) -> None:
    """Remove an element but keep its tail, which belongs to the parent's flow."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _furniture(root: etree._Element) -> list[etree._Element]:
    """Outermost furniture elements (a nav inside a header goes with the header). One holding
    more than FURNITURE_MAX_SHARE of the page's text is the page under an unlucky class name:
    it stays, and furniture inside it is looked for."""
    lengths = _text_lengths(root, links=True)
    limit = FURNITURE_MAX_SHARE * max(lengths.get(root, 0), 1)
    found: list[etree._Element] = []
    walker = etree.iterwalk(root, events=("start",))
    for _, el in walker:
        if el is root or not isinstance(el.tag, str):
            continue
        if (_tag(el) in FURNITURE_TAGS or _furniture_class(el)) and lengths.get(el, 0) <= limit:
            found.append(el)
            walker.skip_subtree()
    return found


def html_to_text(data: bytes, *, source: str, declared: Sequence[str] = ()) -> HtmlText:
    """Decode (meta charset verified, not trusted), parse leniently, keep the article body."""
    meta = [m.decode("ascii", "replace") for m in META_CHARSET.findall(data[:4096])]
    decoded = decode(data, source=source, declared=[*declared, *meta])
    markup = NOT_XML.sub("", XML_DECLARATION.sub("", decoded.text, count=1))
    if not markup.strip():
        raise RejectedInput("the HTML page is empty", stage="ingest", source=source)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, recover=True)
    try:
        root = lxml_html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise RejectedInput(f"not parseable as HTML ({exc})", stage="ingest", source=source) from None
    title = _title(root)
    for el in [e for e in root.iter() if _tag(e) in DROP_TAGS]:
        _remove(el)
    noise: list[str] = []
    for el in _furniture(root):
        noise.extend(render_lines(el))
        _remove(el)
    found = root.find("body")
    body = _body(found if found is not None else root)
    lines = render_lines(body)
    # Whatever text lies outside the article body is furniture too (titles, info lines, menus).
    kept = set(lines)
    noise.extend(line for line in render_lines(root) if line not in kept and not (title and line in title))
    return HtmlText(lines=tuple(lines), title_hint=title, noise=tuple(noise), encoding=decoded.encoding)
