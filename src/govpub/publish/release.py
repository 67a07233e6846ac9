"""The Release: what a publish did — the version it committed, or that nothing changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Release:
    dataset: str
    status: Literal["published", "unchanged"]
    version: str  # the new version, or the existing one whose content equals ours
    target: str  # the target root as given: a directory or s3://bucket/prefix
    location: str  # where the version lives: "<target>/<dataset>/<version>/"
    latest: str  # "<target>/<dataset>/latest/"
    files: tuple[str, ...] = ()  # relative paths committed in this version
    previous_version: str | None = None
