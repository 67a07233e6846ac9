"""Ingest throughput: generated TXT/HTML/DOCX/PDF documents in, documents/s and MB/s printed out.

    PYTHONPATH=src python bench/ingest_bench.py [--scale 1]

Builds its inputs in a temporary directory from the seed (tests/fixtures), reads each format
with govpub.ingest.read, and prints one line per format. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from govpub.ingest import discover, read

SEED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "000_5e2350e4989e1303.txt"


def _html(text: str) -> bytes:
    paras = "\n".join(f"<p>{line}</p>" for line in text.split("\n"))
    nav = "".join(f"<li><a href='/{i}'>栏目{i}</a></li>" for i in range(30))
    page = (f"<html><head><meta charset='gbk'><title>t</title><script>var a=1;</script></head><body>"
            f"<div class='nav'><ul>{nav}</ul></div><div class='bread-crumb'>当前位置：首页 &gt; 通知公告</div>"
            f"<div class='article'><h1>巡察整改进展情况的通报</h1><div class='info'>发布时间：2025-09-18 来源：本网</div>"
            f"<div id='zoom'>{paras}</div><div class='share'>分享到：微信 微博</div></div>"
            f"<div class='footer'>版权所有：某某市人民政府 粤ICP备05104532号</div></body></html>")
    return page.encode("gb18030")


def _docx(text: str) -> bytes:
    from docx import Document

    doc = Document()
    for line in text.split("\n"):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y, page = 760.0, 1
    for para in text.split("\n"):
        rest = "\u3000\u3000" + para
        while rest:
            if y < 90:
                c.drawCentredString(297, 50, f"- {page} -")
                c.showPage()
                y, page = 760.0, page + 1
            c.setFont("STSong-Light", 14)
            c.drawString(72, y, rest[:32])
            rest, y = rest[32:], y - 24
    c.drawCentredString(297, 50, f"- {page} -")
    c.showPage()
    c.save()
    return buf.getvalue()


def _run(label: str, folder: Path) -> None:
    metas = discover([str(folder)])
    size = sum(Path(m.uri).stat().st_size for m in metas)
    start, cpu_start = time.perf_counter(), time.process_time()
    chars = sum(len(read(m).text) for m in metas)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    # On a shared machine wall time includes waiting for a core; CPU time is what ingest costs.
    print(f"{label:<22} {len(metas):>5} docs {size / 1e6:>7.2f} MB  wall {elapsed:>6.2f} s  cpu {cpu:>6.2f} s  "
          f"{len(metas) / cpu:>7.1f} docs/cpu-s {size / 1e6 / cpu:>6.2f} MB/cpu-s  {chars:>9} chars")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the document counts")
    args = parser.parse_args()
    text = SEED.read_text(encoding="utf-8")
    makers: dict[str, tuple[str, Callable[[str], bytes], int]] = {
        "txt (utf-8)": (".txt", lambda t: t.encode("utf-8"), 400),
        "txt (gb18030)": (".txt", lambda t: t.encode("gb18030"), 400),
        "html (gbk, furniture)": (".html", _html, 400),
        "docx": (".docx", _docx, 100),
        "pdf (8 pages)": (".pdf", _pdf, 40),
    }
    print(f"python {platform.python_version()} on {platform.machine()}, seed {len(text)} chars")
    with tempfile.TemporaryDirectory(prefix="govpub-bench-") as tmp:
        for label, (suffix, make, count) in makers.items():
            folder = Path(tmp) / label.split()[0] / label.replace(" ", "_")
            folder.mkdir(parents=True)
            data = make(text)
            for i in range(max(1, int(count * args.scale))):
                (folder / f"{i:05d}{suffix}").write_bytes(data)
            _run(label, folder)
        big = Path(tmp) / "big"
        big.mkdir()
        with (big / "50mb.txt").open("wb") as fh:
            block = (text + "\n").encode("utf-8") * 50
            while fh.tell() < 50_000_000:
                fh.write(block)
        _run("txt 50 MB (one file)", big)


if __name__ == "__main__":
    main()
