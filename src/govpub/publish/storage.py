"""The storage interface: keys and bytes in, objects with etags and sha256 out (local directory or S3)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from govpub.errors import PublishConflict, TerminalError

# A key is a POSIX relative path of safe segments, e.g. "inspection-reports/1.2.0/data/measures.csv".
# Names found in documents never reach a key unchecked: ".." and absolute paths are refused here.
KEY_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$")  # e.g. "measures.parquet", "1.0.0", ".claim.json" is refused

# Keys that start with "." (our claim objects) are built by layout.py and allowed explicitly.
PRIVATE_SEGMENT = re.compile(r"^\.[a-z][a-z0-9._-]{0,63}$")  # e.g. ".claim.json"


class PreconditionFailed(PublishConflict):
    """A conditional write lost: the object exists (If-None-Match: *) or changed (If-Match)."""


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    etag: str  # opaque; pass back as if_match
    size: int
    sha256: str | None  # hex, when the backend knows it without reading the body
    content_type: str | None = None
    cache_control: str | None = None
    # Seconds since the object was last written, by the storage's own clock (S3: the response's
    # Date minus LastModified); None when unknown. Leases on claims use it, so no stage reads a clock.
    age_seconds: float | None = None


@dataclass(frozen=True)
class StoredObject:
    info: ObjectInfo
    data: bytes


class Storage(Protocol):
    """What the commit protocol needs from a backend; both backends give the same layout."""

    @property
    def url(self) -> str:
        """The target as the user gave it: a directory or s3://bucket/prefix."""
        ...

    def get(self, key: str) -> StoredObject | None: ...

    def head(self, key: str) -> ObjectInfo | None: ...

    def get_range(self, key: str, start: int, length: int) -> bytes:
        """`length` bytes of the object from byte `start` (fewer at its end); TerminalError when absent."""
        ...

    def put(self, key: str, data: bytes, *, content_type: str, cache_control: str,
            if_none_match: bool = False, if_match: str | None = None) -> ObjectInfo:
        """Write an object. if_none_match: create only (PreconditionFailed when it exists);
        if_match: replace only when the current etag equals it."""
        ...

    def list(self, prefix: str) -> Iterator[str]:
        """Every key under prefix (a folder path ending in "/" or ""), in no set order."""
        ...

    def delete(self, key: str) -> None: ...


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_key(key: str) -> str:
    """Refuse any key that could escape the target or is not a plain relative path."""
    parts = key.split("/")
    if not key or any(not (KEY_SEGMENT.match(p) or PRIVATE_SEGMENT.match(p)) for p in parts):
        raise TerminalError(f"unsafe storage key {key!r}", stage="publish")
    return key


def check_prefix(prefix: str) -> str:
    if prefix:
        check_key(prefix.rstrip("/"))
    return prefix


def open_storage(target: str, *, s3_endpoint_url: str | None = None) -> Storage:
    """A local directory, or s3://bucket/prefix on any S3 endpoint."""
    if target.startswith("s3://"):
        from govpub.publish.s3 import S3Storage

        return S3Storage.from_url(target, endpoint_url=s3_endpoint_url)
    if "://" in target:
        raise TerminalError(f"unsupported target {target!r}: use a directory or s3://bucket/prefix", stage="publish")
    from govpub.publish.local import LocalStorage

    return LocalStorage(target)
