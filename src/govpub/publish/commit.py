"""The commit protocol: upload, verify, commit marker, then versions.json, latest/ and catalogs.

CONTRACT (owned by the publish work).
"""

from __future__ import annotations

from govpub.config import DatasetMeta
from govpub.package.model import Package
from govpub.publish.release import Release


def publish(package: Package, target: str, *, meta: DatasetMeta, now: str,
            s3_endpoint_url: str | None = None) -> Release:
    """Publish a validated package to a local directory or s3://bucket/prefix. `now` is the
    ISO datetime of the run (stages never read the clock). Returns status "unchanged" when
    the content hash equals the latest release's."""
    raise NotImplementedError
