"""The pages in a real browser: a published target served on 127.0.0.1, loaded in headless Chromium.

Checks that every link answers 200 (and downloads match their SHA-256 on the page), that the
Chinese title is in the rendered DOM, and saves non-blank screenshots at 1280 px and 375 px
into test-artifacts/ at the repo root.
"""

from __future__ import annotations

import hashlib
import http.server
import re
import struct
import subprocess
import threading
import urllib.request
import zlib
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

from govpub.publish.pages import release_page, root_page
from tests.publish.pages_stage import EN_TITLE, ZH_TITLE, build_target

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
DATASET = "inspection-rectification-reports"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--disable-extensions", "--disable-default-apps", "--mute-audio")
BROWSER_TIMEOUT = 120


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A target with two versions and latest/, its pages written as the publisher would, served over HTTP."""
    target, datasets = build_target(tmp_path_factory.mktemp("public") / "public", n_reports=3)
    for folder in (target / DATASET).iterdir():
        if folder.is_dir():
            (folder / "index.html").write_text(release_page(folder), encoding="utf-8")
    (target / "index.html").write_text(root_page(datasets), encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(target)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def _links(url: str) -> list[str]:
    status, body = _get(url)
    assert status == 200
    doc = lxml.html.document_fromstring(body.decode("utf-8"))
    return [a.get("href") for a in doc.iter("a")]


def _browser(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=BROWSER_TIMEOUT, check=False)


def test_every_link_on_the_release_pages_answers_200(site: str) -> None:
    for version in ("latest", "2026.11.26-1", "2026.11.25-1"):
        page = urljoin(site, f"{DATASET}/{version}/index.html")
        status, body = _get(page)
        doc = lxml.html.document_fromstring(body.decode("utf-8"))
        checksums = {tr.find(".//code").text: tr.find_class("hash")[0].text
                     for tr in doc.get_element_by_id("downloads").iter("tr") if tr.find_class("hash")}
        downloads = [a.get("href") for a in doc.get_element_by_id("downloads").iter("a")]
        assert len(downloads) >= 4 and len(checksums) >= 4
        for href in _links(page):
            if href.startswith(("#", "https://")):  # anchors; the licence's official page is not ours
                continue
            status, data = _get(urljoin(page, href))
            assert status == 200, href
            if href in checksums:
                assert hashlib.sha256(data).hexdigest() == checksums[href], href
        assert set(downloads) - {"#"} <= set(_links(page))


def test_every_link_on_the_root_page_answers_200(site: str) -> None:
    hrefs = _links(site + "index.html")
    assert {"catalog.jsonld", "data.json", f"{DATASET}/latest/index.html"} <= set(hrefs)
    for href in hrefs:
        status, _ = _get(urljoin(site, href))
        assert status == 200, href


def test_chinese_renders_in_chromium(site: str, chromium: str, tmp_path: Path) -> None:
    for url in (urljoin(site, f"{DATASET}/latest/index.html"), site + "index.html"):
        result = _browser(chromium, tmp_path / "profile", "--dump-dom", url)
        assert result.returncode == 0, result.stderr[-2000:]
        assert ZH_TITLE in result.stdout and EN_TITLE in result.stdout
        assert "<script" not in result.stdout
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    assert fonts.stdout.strip(), "no CJK font: Chinese would render as boxes; run scripts/ensure-chromium"


@pytest.mark.parametrize("name, path, width", [
    ("release-1280", f"{DATASET}/latest/index.html", 1280),
    ("release-375", f"{DATASET}/latest/index.html", 375),
    ("root-1280", "index.html", 1280),
    ("root-375", "index.html", 375),
])
def test_screenshots_are_not_blank(site: str, chromium: str, tmp_path: Path, name: str, path: str,
                                   width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    result = _browser(chromium, tmp_path / "profile", f"--window-size={width},2000", f"--screenshot={shot}",
                      urljoin(site, path))
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    w, h, pixels = read_png(shot.read_bytes())
    assert (w, h) == (width, 2000)
    colours = {pixels[i] for i in range(0, len(pixels), 7)}
    assert len(colours) > 20, "the screenshot is (nearly) one colour"
    # The header band is dark navy (#13294b): proves the inline CSS applied and something painted.
    top = pixels[5 * w + w // 2]
    assert top[2] > top[0] and sum(top[:3]) < 250, top
    # Text: a fair share of dark pixels below the header band.
    body = pixels[250 * w:]
    dark = sum(1 for p in body[::3] if sum(p[:3]) < 300)
    assert dark > 300, f"only {dark} dark pixels: no text rendered?"


# A PNG: the 8-byte signature, then chunks of length, type, data, CRC.  e.g. b"\x89PNG\r\n\x1a\n"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel (8-bit, no palette)


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Pixels of an 8-bit non-interlaced PNG (what Chromium writes). Pillow when installed,
    else a tiny pure-Python reader (slow, but only for a few screenshots)."""
    try:
        import io

        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            rgb = im.convert("RGB")
            raw = rgb.tobytes()
            return rgb.width, rgb.height, [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]
    except ImportError:
        return _read_png_plain(data)


def _read_png_plain(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    assert data.startswith(PNG_SIGNATURE), "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert header is not None, "no IHDR"
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in CHANNELS and not interlace, f"unsupported PNG {header}"
    bpp = CHANNELS[colour]
    raw, stride = zlib.decompress(idat), width * bpp
    prev, rows = bytearray(stride), []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(line)
        prev = line
    pixels = [tuple(row[x * bpp:(x + 1) * bpp]) for row in rows for x in range(width)]
    if bpp < 3:  # grey (+alpha): repeat the grey level so callers can read RGB
        pixels = [(p[0], p[0], p[0], *p[1:]) for p in pixels]
    return width, height, pixels


def test_plain_png_reader_agrees_with_pillow() -> None:
    pil = pytest.importorskip("PIL.Image")
    import io

    image = pil.new("RGB", (37, 11), (19, 41, 75))
    for x in range(37):
        image.putpixel((x, x % 11), (x * 6, 255 - x * 6, 128))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    width, height, pixels = _read_png_plain(buffer.getvalue())
    assert (width, height) == (37, 11)
    raw = image.tobytes()
    assert pixels == [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]


def test_png_reader_refuses_garbage() -> None:
    with pytest.raises(AssertionError, match="not a PNG"):
        _read_png_plain(b"GIF89a" + bytes(20))
    assert re.match(r"^\x89PNG", PNG_SIGNATURE.decode("latin-1"))
