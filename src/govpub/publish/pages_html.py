"""HTML building blocks for the release pages: strings and numbers in, escaped HTML fragments out.

Every value that reaches the page passes through `esc` (text and attributes) or
`safe_href` (links); nothing else writes raw text into the HTML.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# A relative path we are willing to link to: POSIX segments, no scheme, no "..".
# e.g. "data/measures.csv", "excel/报告.csv", "../versions.json" is NOT accepted here.
_SAFE_SEGMENT = re.compile(r"^[^\x00-\x1f\x7f/\\:?#]+$")  # e.g. "measures.csv"

# An id attribute value: ASCII letters, digits, "-" and "_", starting with a letter. e.g. "dict-measures"
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")  # replaced by "-" in "dict-报告 表" -> "dict-"

# Characters that identify Chinese text, to decide which language a lone string is in. e.g. "整改措施"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Text:
    """A piece of text in Chinese and English; either may be empty when the source lacks it."""

    zh: str
    en: str

    @property
    def any(self) -> str:
        return self.zh or self.en


def esc(value: object) -> str:
    """Escape for text nodes and double-quoted attributes alike (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def safe_href(path: str) -> str | None:
    """A relative link to a file inside the release folder, percent-encoded; None when the
    path could leave the folder, carries a scheme, or is otherwise not a plain relative path."""
    if not path or path.startswith(("/", "\\")) or urlsplit(path).scheme or urlsplit(path).netloc:
        return None
    segments = path.split("/")
    if any(seg in ("", ".", "..") or not _SAFE_SEGMENT.match(seg) for seg in segments):
        return None
    return "/".join(quote(seg, safe="") for seg in segments)


def licence_href(url: str | None) -> str | None:
    """A licence's official URL, only when it is plain http(s) (never javascript:, data: …)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def html_id(prefix: str, name: str, taken: set[str]) -> str:
    """A unique, safe id attribute derived from a name that may come from the package."""
    base = f"{prefix}-{_ID_UNSAFE.sub('-', name).strip('-')}".rstrip("-") or prefix
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def human_size(n: int | None) -> str:
    """Decimal units, as file managers on phones and laptops show them: 1234 -> '1.2 kB'."""
    if n is None or n < 0:
        return "—"
    if n < 1000:
        return f"{n} B"
    size = float(n)
    for unit in ("kB", "MB", "GB", "TB"):
        size /= 1000.0
        if size < 1000 or unit == "TB":
            return f"{size:.1f} {unit}"
    return f"{n} B"  # unreachable; keeps mypy sure of the return


def t(zh: str, en: str) -> str:
    """A label of our own in both languages; the language switch hides one of them."""
    if zh == en:  # "CSV", "SHA-256": one word serves both languages
        return esc(zh)
    return t_html(esc(zh), esc(en))


def t_html(zh_html: str, en_html: str) -> str:
    """Like t(), for fragments that are already HTML (built from escaped parts by the caller)."""
    return f'<span class="t" lang="zh-Hans">{zh_html}</span><span class="t" lang="en">{en_html}</span>'


def bi(text: Text, *, empty: str = "—") -> str:
    """A bilingual value from the package. When only one language exists it is always shown."""
    if text.zh and text.en and text.zh != text.en:
        return t(text.zh, text.en)
    only = text.any
    if not only:
        return f'<span class="muted">{esc(empty)}</span>'
    lang = "zh-Hans" if CJK.search(only) else "en"
    return f'<span lang="{lang}">{esc(only)}</span>'


def zh(value: object, *, limit: int | None = None) -> str:
    """Text taken from a document: Chinese, always shown, escaped, optionally shortened."""
    s = "" if value is None else str(value)
    if limit is not None and len(s) > limit:
        return f'<span lang="zh-Hans" title="{esc(s)}">{esc(s[: limit - 1])}…</span>'
    return f'<span lang="zh-Hans">{esc(s)}</span>'
