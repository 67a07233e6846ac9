"""The stat index: an unchanged file's sha256 without reading it; any write, or a write too recent to
tell apart from the read, means hashing again."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from govpub import fragment_extract
from govpub.fragment_extract import content_key
from govpub.ingest import IngestLimits, SourceMeta
from govpub.stat_index import StatIndex

LIMITS = IngestLimits()
LONG_AGO = (1_600_000_000, 1_600_000_000)  # 2020: well outside the racy window


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the files content_key hashes by reading them."""
    seen: list[str] = []
    real = hashlib.file_digest

    def counting(fh, digest):  # type: ignore[no-untyped-def]
        seen.append(Path(fh.name).name)
        return real(fh, digest)

    monkeypatch.setattr(fragment_extract.hashlib, "file_digest", counting)
    return seen


def _keys(folder: Path, index_path: Path) -> dict[str, str | None]:
    index = StatIndex(index_path)
    out = {p.name: content_key(SourceMeta(uri=str(p), name=p.name), LIMITS, folder, index)
           for p in sorted(folder.glob("*.txt"))}
    index.save()
    return out


def test_unchanged_files_are_not_read_and_keys_do_not_change(tmp_path: Path, reads: list[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.txt", "b.txt"):
        (docs / name).write_text(f"一、{name}", encoding="utf-8")
        os.utime(docs / name, LONG_AGO)
    first = _keys(docs, tmp_path / "index.json")
    assert sorted(reads) == ["a.txt", "b.txt"]
    reads.clear()
    assert _keys(docs, tmp_path / "index.json") == first and reads == []


def test_a_rewrite_is_seen_even_with_the_same_size_and_mtime(tmp_path: Path, reads: list[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / "a.txt"
    doc.write_text("一、甲", encoding="utf-8")
    os.utime(doc, LONG_AGO)
    first = _keys(docs, tmp_path / "index.json")
    doc.write_text("一、乙", encoding="utf-8")  # same size
    os.utime(doc, LONG_AGO)  # mtime set back; ctime moved and cannot be
    reads.clear()
    second = _keys(docs, tmp_path / "index.json")
    assert reads == ["a.txt"] and second["a.txt"] != first["a.txt"]


def test_a_file_written_just_now_is_hashed_again_next_time(tmp_path: Path, reads: list[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "fresh.txt").write_text("一、新", encoding="utf-8")  # mtime: now, inside the racy window
    _keys(docs, tmp_path / "index.json")
    reads.clear()
    _keys(docs, tmp_path / "index.json")
    assert reads == ["fresh.txt"]


def test_a_damaged_index_means_hashing_everything(tmp_path: Path, reads: list[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("一、甲", encoding="utf-8")
    os.utime(docs / "a.txt", LONG_AGO)
    first = _keys(docs, tmp_path / "index.json")
    (tmp_path / "index.json").write_text('{"x": [1, 2], "', encoding="utf-8")
    reads.clear()
    assert _keys(docs, tmp_path / "index.json") == first and reads == ["a.txt"]
