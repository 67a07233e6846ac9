"""The release layout: dataset names, versions and file paths in, storage keys and object metadata out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from govpub.config import DATASET_NAME
from govpub.errors import TerminalError

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")  # e.g. "1.2.0" (no pre-release tags)
# A version's commit marker, e.g. "inspection-reports/1.2.0/manifest.json".
MANIFEST_KEY = re.compile(r"^(?P<dataset>[a-z0-9][a-z0-9._-]{0,79})/(?P<version>\d+\.\d+\.\d+)/manifest\.json$")

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"

Bump = Literal["major", "minor", "patch"]

_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".parquet": "application/vnd.apache.parquet",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        m = SEMVER.match(text)
        if not m:
            raise TerminalError(f"{text!r} is not a version like 1.2.0", stage="publish")
        return cls(int(m[1]), int(m[2]), int(m[3]))

    def bump(self, part: Bump) -> Version:
        if part == "major":
            return Version(self.major + 1, 0, 0)
        if part == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


FIRST = Version(1, 0, 0)


def dataset_name(name: str) -> str:
    if not DATASET_NAME.match(name):
        raise TerminalError(f"dataset name {name!r} must match {DATASET_NAME.pattern}", stage="publish")
    return name


def version_prefix(dataset: str, version: str) -> str:
    return f"{dataset_name(dataset)}/{Version.parse(version)}/"


def manifest_key(dataset: str, version: str) -> str:
    return version_prefix(dataset, version) + "manifest.json"


def claim_key(dataset: str, version: str) -> str:
    return version_prefix(dataset, version) + ".claim.json"


def versions_key(dataset: str) -> str:
    return f"{dataset_name(dataset)}/versions.json"


def latest_prefix(dataset: str) -> str:
    return f"{dataset_name(dataset)}/latest/"


def content_type(path: str) -> str:
    dot = path.rfind(".")
    return _TYPES.get(path[dot:].lower() if dot >= 0 else "", "application/octet-stream")


def join_url(base: str, path: str) -> str:
    return f"{base.rstrip('/')}/{path}" if base else path
