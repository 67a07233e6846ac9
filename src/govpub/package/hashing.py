"""Files and schemas in, sha256 digests out: per file, and the package's content and schema hashes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from govpub.digests import read_digest
from govpub.package.schemas import canonical_json


def file_sha256(path: Path) -> tuple[int, str]:
    """(bytes, hex sha256) of a file, read in chunks so big tables stay out of memory."""
    return read_digest(path)


def schema_hash(schemas: Mapping[str, Mapping[str, Any]]) -> str:
    digest = hashlib.sha256()
    for name in sorted(schemas):
        digest.update(f"schema {name}\n".encode())
        digest.update(canonical_json(schemas[name]) + b"\n")
    return digest.hexdigest()


def content_hash(data_files: Iterable[tuple[str, str]], schemas: Mapping[str, Mapping[str, Any]]) -> str:
    """sha256 over (path, file sha256) pairs and the schemas; never the created time or version."""
    digest = hashlib.sha256()
    for path, sha in sorted(data_files):
        digest.update(f"file {path} {sha}\n".encode())
    digest.update(f"schemas {schema_hash(schemas)}\n".encode())
    return digest.hexdigest()
