"""The flow on a Dask cluster of 2 worker processes: batches really run in separate processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flows_conftest import Collection, make_collection

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_api")]

HERE = Path(__file__).resolve().parent

# Run in each worker process: count the batches it extracts (and install the stand-in stages
# when the library's stages are still contracts; a monkeypatch in this process does not reach them).
SETUP = """
import sys, govpub.pipeline as p, govpub.fragment_extract as fe
sys.path.insert(0, {here!r})
if {stand_in!r}:
    import stand_in_stages; stand_in_stages.install()
if not hasattr(p, "_batches_here"):
    p._batches_here = 0
    _inner = fe.run_batch
    def _counting(job):
        p._batches_here += 1
        import time; time.sleep(0.2)  # long enough that both workers get batches
        return _inner(job)
    fe.run_batch = _counting
"""


@pytest.fixture
def cluster(stage_kind: str) -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local, distributed.Client(local) as client:
        client.run(exec, SETUP.format(here=str(HERE), stand_in=stage_kind == "stand-in"), {})
        yield client


def test_batches_spread_over_two_worker_processes(stages: str, cluster: Any, tmp_path: Path) -> None:
    from govpub_flows.collection import run_collection_state

    collection: Collection = make_collection(tmp_path, documents=8)
    address = cluster.scheduler.address.replace("tcp://", "dask://")
    state = run_collection_state(str(collection.config), now="2026-11-26T00:00:00+00:00",
                                 target=str(collection.target), work_dir=collection.work, batch_size=1,
                                 task_runner=address)
    assert state.name == "Published", state.message
    assert state.result().row_counts["reports"] == 8
    per_worker = cluster.run(eval, "__import__('govpub.pipeline').pipeline._batches_here")
    assert sum(per_worker.values()) == 8
    assert len([n for n in per_worker.values() if n > 0]) == 2, per_worker
    pids = cluster.run(eval, "__import__('os').getpid()")
    assert len(set(pids.values())) == 2
