"""The local-directory backend: keys and bytes in, files written atomically (temp file + link/replace) out."""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from govpub.digests import carry, file_digest, known
from govpub.errors import PublishConflict, TerminalError
from govpub.publish.links import fsync_dir, fsync_file, place
from govpub.publish.storage import ObjectInfo, PreconditionFailed, StoredObject, check_key, check_prefix, sha256_hex

# Object metadata (content type, cache control) lives beside nothing: a directory served by a
# web server derives them from the file name, so we keep them only in memory for `head`.
LOCK_SUFFIX = ".govpub-lock"
TEMP_PREFIX = ".govpub-tmp-"
LOCK_WAIT_SECONDS = 10.0
STALE_LOCK_SECONDS = 60.0  # a lock older than this belongs to a killed process
_temp_ids = itertools.count()


class LocalStorage:
    """A directory. etag = sha256 of the content, so conditional replace needs no side files."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self._given = str(root)
        self.root = Path(root)

    @property
    def url(self) -> str:
        return self._given

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key).split("/"))

    def get(self, key: str) -> StoredObject | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise TerminalError(f"cannot read {path}: {exc}", stage="publish") from None
        digest = sha256_hex(data)
        try:
            age = max(0.0, time.time() - path.stat().st_mtime)
        except OSError:
            age = None
        return StoredObject(ObjectInfo(key, digest, len(data), digest, age_seconds=age), data)

    def head(self, key: str) -> ObjectInfo | None:
        # Hashing is the only way to know a local file's sha256; the digest memo answers for a
        # file this process wrote, linked or hashed before (same inode, unchanged), so the
        # check after an upload of a linked file reads nothing.
        path = self._path(key)
        try:
            size, hexdigest = file_digest(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as exc:
            raise TerminalError(f"cannot read {path}: {exc}", stage="publish") from None
        try:
            age: float | None = max(0.0, time.time() - path.stat().st_mtime)
        except OSError:
            age = None
        return ObjectInfo(key, hexdigest, size, hexdigest, age_seconds=age)

    def get_range(self, key: str, start: int, length: int) -> bytes:
        """`length` bytes of the object from byte `start` (fewer at its end)."""
        path = self._path(key)
        if start < 0 or length < 0:
            raise TerminalError(f"bad range {start}+{length} of {key}", stage="publish")
        try:
            with path.open("rb") as fh:
                fh.seek(start)
                return fh.read(length)
        except (FileNotFoundError, NotADirectoryError):
            raise TerminalError(f"{path} is missing", stage="publish") from None
        except OSError as exc:
            raise TerminalError(f"cannot read {path}: {exc}", stage="publish") from None

    def put(self, key: str, data: bytes, *, content_type: str, cache_control: str,
            if_none_match: bool = False, if_match: str | None = None) -> ObjectInfo:
        def write(fh: BinaryIO) -> tuple[int, str]:
            fh.write(data)
            return len(data), sha256_hex(data)

        return self._put(key, write, content_type=content_type, cache_control=cache_control,
                         if_none_match=if_none_match, if_match=if_match)

    def put_file(self, key: str, source: Path, *, content_type: str, cache_control: str,
                 if_none_match: bool = False, if_match: str | None = None,
                 expect_sha256: str | None = None) -> ObjectInfo:
        """put() with the bytes of a local file: a hard link to it on the same filesystem, else a
        copy streamed in blocks (a large table is never held whole in memory). Same conditions,
        same atomicity: the new name is linked to a temp name, proven, made durable (the inode
        and the folder, once each), then linked create-only or renamed over the key. With
        expect_sha256, bytes that hash otherwise raise PublishConflict before anything is visible.
        The source must never be written in place afterwards (see govpub.publish.links)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        size, digest = file_digest(source)  # the memo answers for a file written or hashed before
        if expect_sha256 is not None and digest != expect_sha256:
            raise PublishConflict(f"{key}: {source} hashes to {digest}, not {expect_sha256}", stage="publish")
        tmp = self._temp_name(path)
        try:
            place(source, tmp)
            # The name we now hold is what gets published: prove it (a memo hit when the link
            # carried the source's digest; a read only if the source changed meanwhile).
            if known(tmp) != (size, digest) and file_digest(tmp) != (size, digest):
                raise PublishConflict(f"{key}: {source} changed while it was published", stage="publish")
            fsync_file(tmp)
            placed = tmp.stat()
            self._name(tmp, path, key, if_none_match=if_none_match, if_match=if_match)
            fsync_dir(path.parent)
        finally:
            tmp.unlink(missing_ok=True)
        # Linking, renaming and unlinking moved the inode's ctime, not its bytes: re-key the memo.
        carry(placed, path)
        return ObjectInfo(key, digest, size, digest, content_type, cache_control)

    def copy(self, source_key: str, key: str, *, content_type: str, cache_control: str,
             expect_sha256: str) -> ObjectInfo:
        """Replace `key` with the object at `source_key` (latest/ from a version): a link here."""
        try:
            return self.put_file(key, self._path(source_key), content_type=content_type, cache_control=cache_control,
                                 expect_sha256=expect_sha256)
        except (FileNotFoundError, NotADirectoryError):
            raise PublishConflict(f"{self.url}/{source_key} is missing", stage="publish") from None

    def _name(self, tmp: Path, path: Path, key: str, *, if_none_match: bool, if_match: str | None) -> None:
        """Give the finished temp file its key's name under the put's condition, atomically."""
        if if_none_match:
            try:
                os.link(tmp, path)  # fails when the name exists: an atomic create-if-absent
            except FileExistsError:
                raise PreconditionFailed(f"{key} exists", stage="publish") from None
        elif if_match is not None:
            with _Lock(path):
                current = self.head(key)
                if current is None or current.etag != if_match:
                    raise PreconditionFailed(f"{key} changed since it was read", stage="publish")
                os.replace(tmp, path)
        else:
            with _Lock(path):
                os.replace(tmp, path)

    @staticmethod
    def _temp_name(path: Path) -> Path:
        # Unique among this process's calls (pid + counter), and O_EXCL/link refuse a name
        # another process holds; no randomness needed.
        return path.with_name(f"{TEMP_PREFIX}{os.getpid()}-{next(_temp_ids)}-{path.name}"[:240])

    def local_path(self, key: str) -> Path:
        """Where the object of `key` lives (for put_file between keys of this storage)."""
        return self._path(key)

    def _put(self, key: str, write: Callable[[BinaryIO], tuple[int, str]], *, content_type: str,
             cache_control: str, if_none_match: bool, if_match: str | None,
             expect_sha256: str | None = None) -> ObjectInfo:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # The temp file sits in the same folder so that link/replace are atomic renames.
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                size, digest = write(fh)
                if expect_sha256 is not None and digest != expect_sha256:
                    raise PublishConflict(f"{key}: the bytes copied hash to {digest}, not {expect_sha256}",
                                          stage="publish")
                fh.flush()
                os.fsync(fh.fileno())
            self._name(Path(tmp_name), path, key, if_none_match=if_none_match, if_match=if_match)
        finally:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
        return ObjectInfo(key, digest, size, digest, content_type, cache_control)

    def list(self, prefix: str) -> Iterator[str]:
        base = self.root.joinpath(*check_prefix(prefix).rstrip("/").split("/")) if prefix else self.root
        if not base.is_dir():
            return
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                if name.startswith(TEMP_PREFIX) or name.endswith(LOCK_SUFFIX):
                    continue
                rel = Path(dirpath, name).relative_to(self.root).as_posix()
                yield rel

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            pass


class _Lock:
    """An O_EXCL lock file beside the target, so that read-compare-replace is one step for
    every process on this machine."""

    def __init__(self, path: Path) -> None:
        self.lock = path.with_name(path.name + LOCK_SUFFIX)

    def __enter__(self) -> None:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fd = os.open(self.lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                os.write(fd, json.dumps({"pid": os.getpid()}).encode())
                os.close(fd)
                return
            except FileExistsError:
                try:
                    if time.time() - self.lock.stat().st_mtime > STALE_LOCK_SECONDS:
                        self.lock.unlink()
                        continue
                except FileNotFoundError:
                    continue
                if time.monotonic() > deadline:
                    raise PublishConflict(f"{self.lock} is held by another publisher", stage="publish") from None
                time.sleep(0.01)

    def __exit__(self, *exc: object) -> None:
        try:
            self.lock.unlink()
        except FileNotFoundError:
            pass
