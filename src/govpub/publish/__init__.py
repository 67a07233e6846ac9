"""Publish: a validated Package in, a Release out (versioned, atomic, with catalogs and pages)."""

from __future__ import annotations

from govpub.publish.commit import publish
from govpub.publish.release import Release

__all__ = ["publish", "Release"]
