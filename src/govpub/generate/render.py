"""A composed report in, the bytes of one real-world form of it out (text, HTML page, GBK page, DOCX, flattened)."""

from __future__ import annotations

import datetime
import html
import io
import zipfile
from typing import Literal

from govpub.generate.compose import Composed

Variant = Literal["txt", "txt-fullwidth", "html", "html-gbk", "docx", "txt-flat"]
VARIANTS: tuple[Variant, ...] = ("txt", "txt-fullwidth", "html", "html-gbk", "docx", "txt-flat")
SUFFIX: dict[Variant, str] = {
    "txt": ".txt", "txt-fullwidth": ".txt", "html": ".html", "html-gbk": ".html", "docx": ".docx", "txt-flat": ".txt",
}

QR_CAPTION = "手机扫一扫打开当前界面"
_FULLWIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def _furnished_page(c: Composed, charset: str) -> str:
    """A government web page: navigation, breadcrumbs, info line, share bar, QR caption, scripts, footer."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in c.lines)
    published = c.gold["publication_date"]
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{html.escape(c.title)}_政府信息公开</title>
<script>var pubDate = "{published}"; var visits = 1024;</script>
<style>body{{font-size:16px}}</style></head>
<body>
<div class="top-bar">无障碍 长者模式 登录 注册</div>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/hdjl/">互动交流</a></div>
<div class="breadcrumb">当前位置:首页 &gt; 政务公开 &gt; 巡察整改</div>
<div class="article">
<h1>{html.escape(c.title)}</h1>
<div class="info">发布时间:{published} 来源:本网 浏览次数:1024 字号:大 中 小</div>
<div class="content">
{body}
</div>
<div class="share">分享到:微信 微博</div>
<div class="qr">{QR_CAPTION}</div>
</div>
<div class="footer">版权所有:示例市人民政府 主办单位:示例市人民政府办公室 联系电话:020-88886666
粤ICP备12345678号 网站标识码:4400000001</div>
</body></html>
"""


def _docx(c: Composed) -> bytes:
    from docx import Document  # python-docx: imported here, only this variant needs it

    doc = Document()
    fixed = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    doc.add_paragraph(c.title, style="Title")
    for line in c.lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return _deterministic_zip(out.getvalue())


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a DOCX with fixed timestamps so the same seed gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render(c: Composed, variant: Variant) -> tuple[bytes, dict]:
    """The document's bytes and its gold annotation (the gold depends on the form: titles, widths)."""
    gold = dict(c.gold)
    if variant == "txt":
        gold["noise"] = [QR_CAPTION]
        return ("\n".join(c.lines + [QR_CAPTION]) + "\n").encode("utf-8"), gold
    if variant == "txt-fullwidth":
        gold = _fullwidth_gold(gold)
        return ("\n".join(fullwidth(line) for line in c.lines) + "\n").encode("utf-8"), gold
    if variant == "txt-flat":
        # Line breaks lost, as when text is copied out of some web pages: headings follow a space.
        return (" ".join(c.lines) + "\n").encode("utf-8"), gold
    if variant in ("html", "html-gbk"):
        gold["title"] = c.title
        gold["noise"] = [QR_CAPTION, "分享到:微信 微博"]
        charset = "gbk" if variant == "html-gbk" else "utf-8"
        return _furnished_page(c, charset).encode(charset), gold
    if variant == "docx":
        gold["title"] = c.title
        return _docx(c), gold
    raise ValueError(f"unknown variant {variant}")


def _fullwidth_gold(gold: dict) -> dict:
    gold = dict(gold)
    gold["sections"] = [{**s, "marker": fullwidth(s["marker"]), "heading": fullwidth(s["heading"])}
                        for s in gold["sections"]]
    gold["measures"] = [{**m, "text_start": fullwidth(m["text_start"]), "summary": fullwidth(m["summary"])}
                        for m in gold["measures"]]
    gold["contacts"] = {k: [fullwidth(x) if k == "addresses" else x for x in vals]
                        for k, vals in gold["contacts"].items()}
    return gold
