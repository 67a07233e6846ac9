"""Test inputs built in code: a government web page with all its furniture, a DOCX and a PDF."""

from __future__ import annotations

import io
from pathlib import Path

# The seed and its gold annotation, as committed in the repository's test fixtures.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "000_5e2350e4989e1303.txt"
GOLD = SEED.parent / "gold" / "000_5e2350e4989e1303.json"

TITLE = "关于深汕特别合作区党工委巡察整改进展情况的通报"
BODY = [
    "根据市委统一部署，2024年4月8日至6月21日，市委第六巡察组对深汕特别合作区党工委开展了巡察。",
    "一、党工委履行巡察整改主体责任情况",
    "（一）提高政治站位，扛起政治责任。党工委深入学习贯彻习近平总书记关于巡视工作的重要论述。",
    "一是加快推动合作区经济高质量发展。二是加快建设美丽宜居城区。",
    "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0755-22092176。",
]


def government_page(*, charset_declared: str = "gbk") -> str:
    """A page as a county/city government CMS serves it: nav, breadcrumb, accessibility bar,
    info line, article, share bar, QR caption, script, footer."""
    paragraphs = "\n".join(f'<p style="text-indent:2em">{line}</p>' for line in BODY)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset_declared}">
<title>{TITLE}_深汕特别合作区</title>
<style>.nav {{ color: red }} p {{ margin: 0 }}</style>
<script>var pageTitle = "发布时间：2020年1月1日"; document.write("首页");</script>
</head>
<body>
<div class="wza-toolbar"><a href="#">无障碍浏览</a> | <a href="#">长者模式</a></div>
<div id="header"><img src="logo.png" alt="深汕特别合作区"><span>深圳市深汕特别合作区门户网站</span></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>
<div class="bread-crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</div>
<div class="article">
  <h1 class="title">{TITLE}</h1>
  <div class="info">发布时间：2025-09-18 10:30　来源：深汕特别合作区　浏览次数：1024　字号：<a>大</a> <a>中</a> <a>小</a></div>
  <div class="TRS_Editor" id="zoom">
{paragraphs}
<p style="text-align:right">中共深圳市深汕特别合作区工作委员会<br>2025年9月18日</p>
  </div>
  <div class="share-bar">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
  <div class="ewm"><img src="qr.png"><p>扫一扫在手机打开当前页</p></div>
  <div class="print">【打印本页】【关闭窗口】</div>
</div>
<div class="footer"><p>版权所有：深圳市深汕特别合作区管理委员会</p>
<p>主办单位：深汕特别合作区党政办公室　网站标识码：4403000123</p><p>粤ICP备05104532号</p></div>
<script>window.__stats = {{"views": 1024}};</script>
</body></html>
"""


def docx_bytes(*, title: str | None = TITLE, table: bool = True) -> bytes:
    from docx import Document

    doc = Document()
    if title:
        doc.add_paragraph(title, style="Title")
    doc.add_paragraph(BODY[0])
    doc.add_paragraph(BODY[1])
    if table:
        t = doc.add_table(rows=2, cols=3)
        for row, cells in zip(t.rows, [("序号", "问题", "整改措施"), ("1", "制度执行不严", "一是完善制度。二是加强监督。")], strict=False):
            for cell, text in zip(row.cells, cells, strict=False):
                cell.text = text
    doc.add_paragraph(BODY[2])
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf_bytes(pages: list[list[str]], *, header: str | None = "深汕特别合作区党工委文件",
              numbered: bool = True, width_chars: int = 28) -> bytes:
    """A PDF typeset like an official document: each page's lines drawn top to bottom in the
    CID font STSong-Light (no font file needed); long paragraphs wrapped at width_chars, so
    broken lines reach the right margin as in real layout; a running header and "- n -"."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    size, left = 14, 72
    _, height = A4
    for n, paragraphs in enumerate(pages, start=1):
        c.setFont("STSong-Light", 10)
        if header:
            c.drawString(left, height - 40, header)
        y = height - 90
        c.setFont("STSong-Light", size)
        for para in paragraphs:
            # "TITLE:" centres a line; "CONT:" continues a paragraph from the previous page.
            indent = 0 if para.startswith(("TITLE:", "CONT:")) else 2
            text = para.removeprefix("TITLE:").removeprefix("CONT:")
            if para.startswith("TITLE:"):  # titles are set larger (GB/T 9704: 2号 over 3号)
                c.setFont("STSong-Light", 20)
                c.drawCentredString(left + width_chars * size / 2, y, text)  # centred on the text block
                c.setFont("STSong-Light", size)
                y -= 20 * 1.8
                continue
            first, rest = text[: width_chars - indent], text[width_chars - indent:]
            if "⏎" in text:  # a forced break: the line ends early, as a manual line break does
                first, rest = text.split("⏎", 1)
                c.drawString(left + indent * size, y, first)
                y -= size * 1.8
                text, indent = rest, 0
                first, rest = text[:width_chars], text[width_chars:]
            c.drawString(left + indent * size, y, first)
            y -= size * 1.8
            while rest:
                c.drawString(left, y, rest[:width_chars])
                rest = rest[width_chars:]
                y -= size * 1.8
        if numbered:
            c.setFont("STSong-Light", 10)
            c.drawCentredString(A4[0] / 2, 40, f"- {n} -")
        c.showPage()
    c.save()
    return buf.getvalue()
