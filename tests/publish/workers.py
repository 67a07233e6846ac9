"""Publisher entry points for child processes in the concurrency tests (importable under spawn)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govpub.publish import publish
from tests.publish.packages import make_meta, make_package, measures


def publish_rows(root: str, n_rows: int, target: str, endpoint: str | None, now: str, barrier: Any,
                 results: Any) -> None:
    package = make_package(Path(root), measure_rows=measures(n_rows))
    barrier.wait()
    release = publish(package, target, meta=make_meta(), now=now, s3_endpoint_url=endpoint)
    results.put((n_rows, release.status, release.version))
