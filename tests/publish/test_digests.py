"""The file digest memo: a file read once per change, a changed file (even the same size) hashed again."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from govpub import digests


def test_a_changed_file_is_hashed_again(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"id\r\n1\r\n")
    assert digests.file_digest(path) == (7, hashlib.sha256(b"id\r\n1\r\n").hexdigest())
    st = path.stat()
    path.write_bytes(b"id\r\n2\r\n")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the old mtime: ctime still moves
    assert digests.file_digest(path) == (7, hashlib.sha256(b"id\r\n2\r\n").hexdigest())


def test_an_unchanged_file_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(b"x" * 3_000_000)
    first = digests.file_digest(path)
    reads = []
    real_open = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object) -> object:
        reads.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "open", counting_open)
        assert digests.file_digest(path) == first
    assert reads == []
