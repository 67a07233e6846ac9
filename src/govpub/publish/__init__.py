"""Publish: a validated Package in, a Release out (versioned, atomic, with catalogs and pages)."""

from __future__ import annotations

from govpub.publish.commit import publish, publish_to
from govpub.publish.release import Release
from govpub.publish.storage import Storage, open_storage

__all__ = ["publish", "publish_to", "Release", "Storage", "open_storage"]
