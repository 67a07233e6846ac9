"""A local target by reference: package files enter the version and latest/ as hard links (a copy when
linking fails), latest/ names are replaced atomically, and no file is hashed twice."""

from __future__ import annotations

import errno
import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from govpub import digests
from govpub.publish import links, publish
from govpub.publish.local import LocalStorage
from govpub.publish.reader import read_manifest
from tests.publish.helpers import assert_consistent, assert_latest_complete
from tests.publish.packages import NAME, make_meta, make_package, measures

T0 = "2026-11-26T10:00:00+00:00"
T1 = "2026-11-26T11:00:00+00:00"
DATA = ("data/measures.csv", "data/measures.parquet", "data/reports.csv", "data/reports.parquet", "README.md")


def _ino(path: Path) -> int:
    return path.stat().st_ino


def test_package_files_are_linked_into_the_version_and_latest(tmp_path: Path) -> None:
    package = make_package(tmp_path / "a", measure_rows=measures(50))
    target = tmp_path / "public"
    publish(package, str(target), meta=make_meta(), now=T0)
    for path in DATA:
        src = package.root / path
        assert _ino(src) == _ino(target / NAME / "1.0.0" / path) == _ino(target / NAME / "latest" / path), path
        assert src.stat().st_nlink >= 3
    # Rendered files are linked from the stage: the version's and latest/'s are one inode too.
    assert _ino(target / NAME / "1.0.0" / "index.html") == _ino(target / NAME / "latest" / "index.html")
    storage = LocalStorage(target)
    assert assert_consistent(storage, NAME) == ["1.0.0"]
    assert not list(tmp_path.glob(".govpub-publish-*")), "the stage beside the package is removed"


def test_linking_refused_falls_back_to_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = make_package(tmp_path / "a", measure_rows=measures(50))
    target = tmp_path / "public"
    real_link = os.link
    refused: list[str] = []

    def cross_device(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        # Links inside one folder (temp name -> final name) work; across folders they are "another device".
        if Path(src).parent != Path(dst).parent:
            refused.append(str(dst))
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", cross_device)
    publish(package, str(target), meta=make_meta(), now=T0)
    monkeypatch.undo()
    assert refused
    for path in DATA:
        src, version = package.root / path, target / NAME / "1.0.0" / path
        assert _ino(src) != _ino(version)
        assert src.read_bytes() == version.read_bytes() == (target / NAME / "latest" / path).read_bytes()
    storage = LocalStorage(target)
    assert assert_consistent(storage, NAME) == ["1.0.0"]
    assert assert_latest_complete(storage, NAME) == "1.0.0"


def test_other_link_errors_are_not_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "src").write_bytes(b"x")

    def no_space(*_: Any, **__: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", no_space)
    with pytest.raises(OSError, match="No space"):
        links.place(tmp_path / "src", tmp_path / "dst")
    with pytest.raises(FileExistsError):
        monkeypatch.undo()
        links.place(tmp_path / "src", tmp_path / "src")


def test_latest_is_replaced_atomically_and_never_written_in_place(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    a = make_package(tmp_path / "a", measure_rows=measures(50))
    b = make_package(tmp_path / "b", measure_rows=measures(60))
    target = tmp_path / "public"
    publish(a, str(target), meta=make_meta(), now=T0)
    latest_csv = target / NAME / "latest" / "data" / "measures.csv"
    old_bytes = latest_csv.read_bytes()
    replaced: list[str] = []
    real_replace = os.replace

    def recording_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        replaced.append(Path(dst).relative_to(target).as_posix() if str(dst).startswith(str(target)) else str(dst))
        real_replace(src, dst, *args, **kwargs)

    with latest_csv.open("rb") as reader:  # a reader holding the old file keeps reading the old bytes
        monkeypatch.setattr(os, "replace", recording_replace)
        publish(b, str(target), meta=make_meta(), now=T1)
        monkeypatch.undo()
        assert reader.read() == old_bytes
    assert f"{NAME}/latest/data/measures.csv" in replaced and f"{NAME}/latest/datapackage.json" in replaced
    assert _ino(latest_csv) == _ino(target / NAME / "1.1.0" / "data" / "measures.csv") == _ino(b.root / "data" /
                                                                                               "measures.csv")
    assert (target / NAME / "1.0.0" / "data" / "measures.csv").read_bytes() == old_bytes
    assert assert_latest_complete(LocalStorage(target), NAME) == "1.1.0"


def test_a_writer_that_unlinks_and_rewrites_leaves_published_bytes_alone(tmp_path: Path) -> None:
    package = make_package(tmp_path / "a", measure_rows=measures(50))
    target = tmp_path / "public"
    publish(package, str(target), meta=make_meta(), now=T0)
    # The next package build in the same folder: every writer unlinks (or replaces) before writing.
    make_package(tmp_path / "a", measure_rows=measures(7, prefix="二是"))
    storage = LocalStorage(target)
    m = read_manifest(storage, NAME, "1.0.0")
    assert m is not None
    for f in m.files:
        for where in ("1.0.0", "latest"):
            data = (target / NAME / where / f.path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == f.sha256, (where, f.path)
    assert (tmp_path / "a" / "data" / "measures.csv").read_bytes() != (target / NAME / "1.0.0" / "data" /
                                                                       "measures.csv").read_bytes()


def _hashed_paths(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Paths that are opened to be hashed (digests.read_digest: memo misses)."""
    seen: list[Path] = []
    real_open = Path.open

    def recording_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if sys._getframe(1).f_code.co_name == "read_digest":  # what file_digest calls on a memo miss
            seen.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", recording_open)
    return seen


def test_files_seeded_by_the_writer_are_never_hashed_by_publish(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    package = make_package(tmp_path / "a", measure_rows=measures(2000))
    for f in package.files:  # what the package writer does after closing each file
        assert digests.remember(package.root / f.path, f.bytes, f.sha256)
    hashed = _hashed_paths(monkeypatch)
    publish(package, str(tmp_path / "public"), meta=make_meta(), now=T0)
    monkeypatch.undo()
    names = {p.name for p in hashed}
    assert not names & {"measures.csv", "measures.parquet", "reports.csv", "reports.parquet", "README.md"}, hashed
    # The rendered files are hashed once each, in the stage; never again as version or latest/ names.
    assert sorted(names) == sorted({"CHANGELOG.md", "changes.json", "datapackage.json", "index.html"})
    assert len(hashed) == len(names)


def test_an_unseeded_package_file_is_hashed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = make_package(tmp_path / "a", measure_rows=measures(2000))
    digests._memo.clear()
    hashed = _hashed_paths(monkeypatch)
    publish(package, str(tmp_path / "public"), meta=make_meta(), now=T0)
    monkeypatch.undo()
    csv = [p for p in hashed if p.name == "measures.csv"]
    assert csv == [package.root / "data" / "measures.csv"]


def test_a_changed_file_is_not_trusted_after_a_link(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_bytes(b"id\r\n1\r\n")
    digests.remember(src, 7, "0" * 64)  # a (wrong) digest seeded for these bytes
    before = src.stat()
    os.link(src, tmp_path / "b.csv")
    assert digests.carry(before, tmp_path / "b.csv")
    assert digests.file_digest(tmp_path / "b.csv") == (7, "0" * 64)  # the memo is trusted for the same inode
    src.unlink()
    src.write_bytes(b"id\r\n2\r\n")  # a new inode: nothing carried
    assert digests.file_digest(src) == (7, hashlib.sha256(b"id\r\n2\r\n").hexdigest())
    assert not digests.remember(src, 8, "1" * 64)  # another size: refused


def test_local_get_range(tmp_path: Path) -> None:
    store = LocalStorage(tmp_path / "t")
    store.put("ds/x.bin", bytes(range(100)), content_type="application/octet-stream", cache_control="x")
    assert store.get_range("ds/x.bin", 10, 5) == bytes(range(10, 15))
    assert store.get_range("ds/x.bin", 95, 50) == bytes(range(95, 100))
    assert store.get_range("ds/x.bin", 200, 5) == b""
    from govpub.errors import TerminalError

    with pytest.raises(TerminalError):
        store.get_range("ds/missing.bin", 0, 1)


def test_the_release_page_takes_row_counts_from_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govpub.publish import pages_read

    package = make_package(tmp_path / "a", measure_rows=measures(50))
    counted: list[Path] = []
    real = pages_read.count_rows

    def counting(path: Path) -> int:
        counted.append(path)
        return real(path)

    monkeypatch.setattr(pages_read, "count_rows", counting)
    publish(package, str(tmp_path / "public"), meta=make_meta(), now=T0)
    monkeypatch.undo()
    assert counted == []
    version = tmp_path / "public" / NAME / "1.0.0"
    # Counting the CSVs gives the tables the package's counts gave.
    given = pages_read.read_release(version, package.row_counts)
    assert pages_read.read_release(version).tables == given.tables
    assert {t.name: t.rows for t in given.tables} == {"measures": 50, "reports": 1}  # type: ignore[attr-defined]
