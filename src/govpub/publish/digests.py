"""A local file in, its (size, sha256) out, read in blocks and remembered while the file is unchanged.

Publishing hashes a staged file when it is copied, again for the release page; a memo keyed on
the file's identity and change times (device, inode, size, mtime_ns, ctime_ns: any write moves
ctime, which no user call can set back) reads each file once per publish.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

BLOCK = 1 << 20
_MEMO_LIMIT = 4096  # entries; a publish stages a few dozen files
_memo: dict[tuple[int, int, int, int, int], tuple[int, str]] = {}


def _identity(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def file_digest(path: Path) -> tuple[int, str]:
    before = _identity(path.stat())
    known = _memo.get(before)
    if known is not None:
        return known
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            digest.update(block)
            size += len(block)
    result = (size, digest.hexdigest())
    if _identity(path.stat()) == before:  # not written to while it was read
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()
        _memo[before] = result
    return result
