"""The process environment in, Prefect's offline defaults out (set only where the user set nothing)."""

from __future__ import annotations

import os
from collections.abc import MutableMapping

# Prefect phones home (server analytics, SDK telemetry) unless told not to; govpub runs offline
# by default, so these are set before the first `import prefect`.
OFFLINE_DEFAULTS: dict[str, str] = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}


def ensure_offline(environ: MutableMapping[str, str] | None = None) -> None:
    target = os.environ if environ is None else environ
    for name, value in OFFLINE_DEFAULTS.items():
        target.setdefault(name, value)
