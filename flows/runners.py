"""A task-runner name in ("threads", "dask", "dask:N", "dask://host:port"), a Prefect task runner out
(and the API settings its workers need)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.context import FlowRunContext
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from govpub.errors import ConfigError

# "threads:8" -> 8 threads; "threads" -> DEFAULT_THREADS (or PREFECT_TASK_RUNNER_THREAD_POOL_MAX_WORKERS)
THREADS = re.compile(r"^threads(?::(?P<threads>[1-9][0-9]{0,3}))?$")
# Enough to overlap fetches of remote sources; more only adds GIL switching and batches held in
# memory at once (Prefect's own default is unbounded: every batch would start at once).
DEFAULT_THREADS = 4
# "dask:4" -> a local cluster of 4 worker processes
DASK_LOCAL = re.compile(r"^dask(?::(?P<workers>[1-9][0-9]{0,3}))?$")
# "dask://10.0.0.5:8786" -> the scheduler of an existing cluster (tcp)
DASK_ADDRESS = re.compile(r"^dask://(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):(?P<port>[0-9]{1,5})$")


def describe_runners() -> str:
    return ("threads (default, 4 threads), threads:N, dask (a local cluster, one process per core), "
            "dask:N (N processes), dask://HOST:PORT")


def process_workers(spec: str, *, cpu_count: int | None = None) -> int:
    """How many processes a runner parses with: 1 for threads (the GIL), N for dask:N, one per
    core for "dask" and for a cluster given by address (its size is not known before connecting)."""
    local = DASK_LOCAL.match(spec.strip())
    if local and local["workers"]:
        return int(local["workers"])
    if local or DASK_ADDRESS.match(spec.strip()):
        return cpu_count or os.cpu_count() or 1
    return 1


def batch_size_for(documents: int, configured: int, spec: str, *, cpu_count: int | None = None) -> int:
    """The configured size, raised on Dask so that each worker gets about 4 batches: big enough
    that the per-task cost (~0.1-0.5 s on Dask) disappears, small enough to balance uneven documents."""
    workers = process_workers(spec, cpu_count=cpu_count)
    if workers <= 1:
        return configured
    return max(configured, -(-documents // (4 * workers)))


def build_task_runner(spec: str, *, cpu_count: int | None = None) -> TaskRunner:  # type: ignore[type-arg]
    """Threads suit I/O-bound batches (remote sources); parsing is CPU-bound and holds the GIL,
    so real parallelism needs processes: a Dask LocalCluster with one single-threaded worker
    process per core, or an existing cluster by address."""
    spec = spec.strip() or "threads"
    threads = THREADS.match(spec)
    if threads:
        configured = get_current_settings().tasks.runner.thread_pool_max_workers
        count = int(threads["threads"]) if threads["threads"] else (configured or DEFAULT_THREADS)
        return ThreadPoolTaskRunner(max_workers=count)
    local = DASK_LOCAL.match(spec)
    address = DASK_ADDRESS.match(spec)
    if not (local or address):
        raise ConfigError(f"unknown task runner {spec!r}; use {describe_runners()}", stage="flow")
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise ConfigError("the dask task runner needs the 'dask' extra: pip install 'govpub[dask]'",
                          stage="flow") from None
    if address:
        return DaskTaskRunner(address=f"tcp://{address['host']}:{address['port']}")  # type: ignore[no-any-return]
    assert local is not None
    workers = int(local["workers"]) if local["workers"] else (cpu_count or os.cpu_count() or 1)
    return DaskTaskRunner(  # type: ignore[no-any-return]
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                        "dashboard_address": None, "host": "127.0.0.1"},
    )


@contextmanager
def api_for_workers(spec: str) -> Iterator[None]:
    """Dask workers are other processes. On Prefect's ephemeral API each would start a temporary
    server of its own (seconds per worker, all writing one SQLite file); the settings serialised
    with every submitted task point them at this process's server instead. Remote clusters need
    a real server (PREFECT_API_URL) that their workers can reach."""
    context = FlowRunContext.get()
    if not spec.startswith("dask") or get_current_settings().api.url or context is None or context.client is None:
        yield
        return
    with temporary_settings(updates={PREFECT_API_URL: str(context.client.api_url)}):
        yield
