"""publish-collection with the stand-in stages installed: the deployment test's entrypoint while the
library's stages are still contracts (see stand_in_stages.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stand_in_stages  # noqa: E402

stand_in_stages.install()

from govpub_flows.collection import publish_collection  # noqa: E402

__all__ = ["publish_collection"]
