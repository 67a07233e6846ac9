"""A file and a new name in, the name bound to the same inode (a hard link) or to a streamed copy out.

Publishing a 3 GB package must not copy it: on one filesystem every package file enters the stage,
the version folder and latest/ as a hard link. Linked names share their bytes, so nothing may ever
write into a package, stage or release file in place: writers make a temp file and os.replace it
(or unlink before rewriting), which gives the name a new inode and leaves published bytes alone.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path
from typing import Literal

from govpub.digests import BLOCK, carry, remember

Placed = Literal["link", "copy"]

# os.link errors that mean "this filesystem pair cannot link", not "something is wrong":
# another device (EXDEV), a filesystem without hard links or a policy against them
# (EPERM, ENOTSUP/EOPNOTSUPP; Linux protected_hardlinks gives EPERM), too many links (EMLINK).
LINK_REFUSED = frozenset({errno.EXDEV, errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK,
                          errno.ENOSYS})


def place(source: Path, dest: Path) -> Placed:
    """Create `dest` (FileExistsError when the name exists: create-only) holding the bytes of
    `source`: a hard link when the filesystem allows it, else a copy streamed in blocks. The digest
    memo follows (carried for a link, seeded from the copy's own hash), so nobody reads it again."""
    before = source.stat()
    try:
        os.link(source, dest)
    except FileExistsError:
        raise
    except (OSError, NotImplementedError, AttributeError) as exc:
        if isinstance(exc, OSError) and exc.errno not in LINK_REFUSED:
            raise
        _copy(source, dest)
        return "copy"
    carry(before, dest)
    return "link"


def _copy(source: Path, dest: Path) -> None:
    digest = hashlib.sha256()
    size = 0
    # O_EXCL keeps create-only semantics on the copy path too.
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while block := src.read(BLOCK):
                out.write(block)
                digest.update(block)
                size += len(block)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    remember(dest, size, digest.hexdigest())


def fsync_file(path: Path) -> None:
    """Make an inode's bytes durable (a read-only descriptor is enough on POSIX)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (new links, renames) durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a directory; the data itself was synced
    finally:
        os.close(fd)


def replace_bytes(path: Path, data: bytes) -> None:
    """Write `path` as a new inode (temp file + os.replace), never into an existing one that may be linked."""
    tmp = path.with_name(f".govpub-new-{os.getpid()}-{path.name}")
    tmp.unlink(missing_ok=True)  # a leftover of a killed run may itself be a link
    tmp.write_bytes(data)
    os.replace(tmp, path)
