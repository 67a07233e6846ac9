"""govpub_flows: the Prefect orchestration of govpub — a collection config in, a published release out.

Importing the package sets Prefect's offline defaults (no analytics, no telemetry) before
any submodule imports Prefect; a value the user set already wins.
"""

from __future__ import annotations

from govpub_flows.env import ensure_offline

ensure_offline()
