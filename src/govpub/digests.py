"""A local file in, its (size, sha256) out, read in blocks and remembered while the file is unchanged.

Shared by the package writer (which seeds it with what it hashed while writing) and publish.

Publishing hashes a staged file when it is copied, again for the release page; a memo keyed on
the file's identity and change times (device, inode, size, mtime_ns, ctime_ns: any write moves
ctime, which no user call can set back) reads each file once per publish.

A writer that hashed a file while writing it seeds the memo with `remember`, so publish never
reads it. Hard links share the inode, so a linked name finds the same entry; but os.link moves the
inode's ctime (its link count changed), so whoever links calls `carry` to re-key the entry.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

BLOCK = 1 << 20
_MEMO_LIMIT = 4096  # entries; a publish stages a few dozen files
Identity = tuple[int, int, int, int, int]
_memo: dict[Identity, tuple[int, str]] = {}


def _identity(st: os.stat_result) -> Identity:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _store(identity: Identity, result: tuple[int, str]) -> None:
    if len(_memo) >= _MEMO_LIMIT:
        _memo.clear()
    _memo[identity] = result


def known(path: Path) -> tuple[int, str] | None:
    """The remembered digest of the file as it is now, without reading it; None when unknown."""
    try:
        return _memo.get(_identity(path.stat()))
    except OSError:
        return None


def remember(path: Path, size: int, sha256: str) -> bool:
    """Seed the memo with a digest computed while the file was written (the writer closed it first).
    Refused (False) when the file on disk has another size: that digest cannot be of these bytes."""
    st = path.stat()
    if st.st_size != size:
        return False
    _store(_identity(st), (size, sha256))
    return True


def carry(before: os.stat_result, path: Path) -> bool:
    """`path` was just hard-linked to the inode `before` was taken of: move the memo entry to the
    inode's new identity. Only the ctime and the link count may differ; size and mtime_ns must be
    the same (a write moves mtime), otherwise nothing is carried and the next digest reads the file."""
    entry = _memo.get(_identity(before))
    if entry is None:
        return False
    after = path.stat()
    same = (after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns) == \
        (before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns)
    if not same:
        return False
    _store(_identity(after), entry)
    return True


def read_digest(path: Path) -> tuple[int, str]:
    """(bytes, hex sha256) of a file, read in blocks (never held whole), without the memo."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    before = _identity(path.stat())
    found = _memo.get(before)
    if found is not None:
        return found
    result = read_digest(path)
    if _identity(path.stat()) == before:  # not written to while it was read
        _store(before, result)
    return result
