"""discover() and read() end to end on local files: sources, sidecars, the seed, and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from govpub.errors import RejectedInput
from govpub.ingest import IngestLimits, discover, read

from .builders import GOLD, SEED, TITLE, docx_bytes, government_page, pdf_bytes


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    _write(root / "b" / "2.html", government_page().encode("gbk"))
    _write(root / "b" / "2.html.meta.json", json.dumps({"url": "https://www.szss.gov.cn/a.html", "title": TITLE,
                                                        "publisher": "深汕特别合作区",
                                                        "retrieved_at": "2025-09-19T08:00:00Z"}))
    _write(root / "a.txt", "一、总体情况\n")
    _write(root / "c.DOCX", docx_bytes())
    _write(root / "d.pdf", pdf_bytes([["TITLE:" + TITLE, "正文一段。"]], header=None))
    _write(root / "e.htm", "<p>正文</p>")
    _write(root / "notes.xlsx", b"PK")
    _write(root / "orphan.txt.meta.json", "{}")
    _write(root / ".hidden" / "x.txt", "隐藏")
    _write(root / ".swp.txt", "编辑器临时文件")
    return root


def test_directory_is_walked_recursively_sorted_supported_only(collection: Path) -> None:
    metas = discover(["inbox"], base_dir=collection.parent)
    assert [m.name for m in metas] == ["a.txt", "2.html", "c.DOCX", "d.pdf", "e.htm"]
    assert [Path(m.uri).relative_to(collection).as_posix() for m in metas] == [
        "a.txt", "b/2.html", "c.DOCX", "d.pdf", "e.htm"]
    assert all(Path(m.uri).is_absolute() for m in metas)


def test_sidecar_is_merged_and_is_not_a_source(collection: Path) -> None:
    meta = next(m for m in discover([str(collection)]) if m.name == "2.html")
    assert (meta.url, meta.title, meta.publisher, meta.retrieved_at) == (
        "https://www.szss.gov.cn/a.html", TITLE, "深汕特别合作区", "2025-09-19T08:00:00Z")
    with pytest.raises(RejectedInput, match="a sidecar is metadata for another file"):
        discover([str(collection / "b" / "2.html.meta.json")])


@pytest.mark.parametrize("sidecar, message", [
    ("{", "not valid UTF-8 JSON"),
    ("[]", "must hold a JSON object"),
    ('{"title": 3}', "'title' must be a string"),
    ('{"url": "javascript:alert(1)"}', "must be an http"),
    ('{"retrieved_at": "yesterday"}', "not an ISO 8601"),
])
def test_bad_sidecar_is_rejected_with_its_name(tmp_path: Path, sidecar: str, message: str) -> None:
    _write(tmp_path / "r.txt", "正文。")
    _write(tmp_path / "r.txt.meta.json", sidecar)
    with pytest.raises(RejectedInput, match=message) as info:
        discover([str(tmp_path)])
    assert info.value.source.endswith("r.txt.meta.json") and info.value.stage == "discover"


def test_sources_keep_their_order_and_repeats_are_dropped(collection: Path) -> None:
    # Relative names resolve against base_dir; "inbox/../inbox/e.htm" is the same file as e.htm.
    metas = discover(["inbox/e.htm", "inbox/a.txt", str(collection / ".." / "inbox" / "e.htm"),
                      "https://x.gov.cn/a.html", "inbox"], base_dir=collection.parent)
    assert [m.name for m in metas] == ["e.htm", "a.txt", "a.html", "2.html", "c.DOCX", "d.pdf"]


def test_file_urls_are_paths(collection: Path) -> None:
    [meta] = discover([(collection / "a.txt").as_uri()])
    assert meta.uri == str(collection / "a.txt")


def test_every_format_reads(collection: Path) -> None:
    docs = {Path(m.uri).name: read(m) for m in discover([str(collection)])}
    assert docs["a.txt"].text == "一、总体情况"
    assert docs["2.html"].title_hint == TITLE and docs["2.html"].source.url == "https://www.szss.gov.cn/a.html"
    assert docs["c.DOCX"].title_hint == TITLE
    assert docs["d.pdf"].text.split("\n") == [TITLE, "正文一段。"]
    assert docs["e.htm"].text == "正文"
    assert {d.media_type for d in docs.values()} == {
        "text/plain", "text/html", "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def test_the_seed(tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip(f"seed not found at {SEED}")
    [meta] = discover([str(SEED)])
    doc = read(meta)
    raw = SEED.read_bytes()
    import hashlib

    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.encoding == "utf-8"
    gold = json.loads(GOLD.read_text(encoding="utf-8")) if GOLD.exists() else {"noise": ["手机扫一扫打开当前界面"]}
    for noise in gold["noise"]:
        assert noise not in doc.text
        assert noise in doc.noise
    # Nothing but the furniture is lost: every other line of the seed is in the text, in order.
    expected = [ln for ln in raw.decode("utf-8").split("\n") if ln.strip() and ln.strip() not in gold["noise"]]
    assert doc.text.split("\n") == expected


# --- bad input: each one a clear RejectedInput naming the file and the stage -----------------

DEFAULT_LIMITS = IngestLimits()


def _reject(path: Path, match: str, limits: IngestLimits = DEFAULT_LIMITS) -> RejectedInput:
    with pytest.raises(RejectedInput, match=match) as info:
        read(discover([str(path)])[0], limits=limits)
    assert info.value.stage == "ingest"
    assert info.value.source == str(path.resolve())
    assert str(path.name) in str(info.value)
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    _reject(_write(tmp_path / "empty.txt", b""), "empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    _reject(_write(tmp_path / "blank.txt", " \n\u3000\n\r\n"), "no text")


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = bytes((i * 7919 + 13) % 256 for i in range(4096))
    _reject(_write(tmp_path / "garbage.txt", garbage), "binary data, not text")


def test_binary_garbage_without_nul_bytes(tmp_path: Path) -> None:
    garbage = bytes(((i * 7919 + 13) % 255) + 1 for i in range(4096))
    _reject(_write(tmp_path / "garbage.html", garbage), "binary data|cannot decode|no text")


def test_truncated_html_keeps_what_is_there(tmp_path: Path) -> None:
    page = government_page().encode("gbk")
    cut = page[: page.index("一是".encode("gbk")) + 40]
    doc = read(discover([str(_write(tmp_path / "cut.html", cut))])[0])
    assert doc.title_hint == TITLE
    assert "一、党工委履行巡察整改主体责任情况" in doc.text


def test_html_cut_inside_a_tag_is_rejected_cleanly(tmp_path: Path) -> None:
    _reject(_write(tmp_path / "stub.html", b"<html><body><div class=\"a"), "has no text")


@pytest.mark.slow
def test_50_mb_text_is_read_within_the_default_limit(tmp_path: Path) -> None:
    line = "（一）提高政治站位，扛起政治责任。党工委深入学习贯彻习近平总书记关于巡视工作的重要论述。\n"
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        block = (line * 1000).encode("utf-8")
        while fh.tell() < 50 * 1000 * 1000:
            fh.write(block)
    size = path.stat().st_size
    doc = read(discover([str(path)])[0])
    assert len(doc.text.encode("utf-8")) == size - 1  # every byte kept but the final newline
    assert doc.text.count("\n") + 1 == size // len(line.encode("utf-8"))


def test_text_over_the_size_limit_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", "整改。\n" * 1000)
    err = _reject(path, r"more than the limit of 1024 \(IngestLimits.max_bytes\)", IngestLimits(max_bytes=1024))
    assert "10000 bytes" in err.message


def test_html_lying_about_its_encoding(tmp_path: Path) -> None:
    path = _write(tmp_path / "lying.html", government_page(charset_declared="utf-8").encode("gbk"))
    doc = read(discover([str(path)])[0])
    assert doc.encoding == "gb18030"
    assert doc.title_hint == TITLE and "巡察" in doc.text and "\ufffd" not in doc.text


def test_corrupt_docx(tmp_path: Path) -> None:
    _reject(_write(tmp_path / "corrupt.docx", docx_bytes()[:2000]), "not a readable DOCX")


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    _reject(_write(tmp_path / "fake.docx", buf.getvalue()), "no word/document.xml")


def test_corrupt_pdf(tmp_path: Path) -> None:
    data = pdf_bytes([["正文。"]])
    _reject(_write(tmp_path / "corrupt.pdf", data[:300]), "not a readable PDF|no text layer")


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    _reject(_write(tmp_path / "page.pdf", "<html>不是PDF</html>"), "not a PDF file")


def test_unsupported_suffix_is_discovered_then_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "table.xlsx", b"PK\x03\x04")
    err = _reject(path, "unsupported file type '.xlsx'")
    assert ".docx" in err.message and ".txt" in err.message


def test_missing_path_is_rejected_at_discovery(tmp_path: Path) -> None:
    with pytest.raises(RejectedInput, match="no such file or directory") as info:
        discover(["missing.txt"], base_dir=tmp_path)
    assert info.value.stage == "discover" and info.value.source == str(tmp_path / "missing.txt")


def test_file_deleted_after_discovery_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "gone.txt", "正文。")
    [meta] = discover([str(path)])
    os.remove(path)
    with pytest.raises(RejectedInput, match="no such file") as info:
        read(meta)
    assert info.value.stage == "ingest"


def test_directory_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    _write(tmp_path / "d" / "a.txt", "正文。")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    assert [m.name for m in discover([str(tmp_path)])] == ["a.txt"]
