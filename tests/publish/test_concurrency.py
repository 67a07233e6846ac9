"""Property 3: publishers racing (threads and processes) never corrupt each other; one version per content."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from govpub.publish import publish
from govpub.publish.reader import read_state
from tests.publish.helpers import assert_consistent, assert_latest_complete, storage_for
from tests.publish.packages import NAME, make_meta, make_package, measures
from tests.publish.workers import publish_rows

NOW = "2026-11-26T10:00:00+00:00"


def _race_threads(jobs: list[tuple[Path, int, str]], backend: Any) -> list[tuple[int, str, str]]:
    barrier = threading.Barrier(len(jobs))
    results: list[tuple[int, str, str]] = []
    errors: list[BaseException] = []

    def run(root: Path, n: int, now: str) -> None:
        try:
            # Each publisher's README differs (a build time would do that): the data decides the version.
            package = make_package(root, measure_rows=measures(n), readme=f"# build {root.name}\n")
            barrier.wait()
            r = publish(package, backend.target, meta=make_meta(), now=now, s3_endpoint_url=backend.endpoint_url)
            results.append((n, r.status, r.version))
        except BaseException as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    return results


def _check(backend: Any, results: list[tuple[int, str, str]], contents: int) -> None:
    storage = storage_for(backend)
    versions = assert_consistent(storage, NAME)
    assert len(versions) == contents  # exactly one version per content
    state = read_state(storage, NAME)
    assert len({m.content_hash for m in state.manifests}) == contents
    published = [r for r in results if r[1] == "published"]
    assert len(published) == contents
    assert len({r[2] for r in published}) == contents  # nobody shares a version number
    by_rows = {r[0]: r[2] for r in published}
    for n, _status, version in results:
        assert by_rows[n] == version  # an "unchanged" publisher names the version holding its content
    for m in state.manifests:
        assert m.rows["measures"] in by_rows and by_rows[m.rows["measures"]] == m.version
    assert assert_latest_complete(storage, NAME) == versions[0]


@pytest.mark.slow
def test_threads_same_content_publish_once(backend, tmp_path: Path) -> None:
    jobs = [(tmp_path / f"p{i}", 3, f"2026-11-26T10:0{i}:00+00:00") for i in range(4)]
    results = _race_threads(jobs, backend)
    assert Counter(r[1] for r in results) == {"published": 1, "unchanged": 3}
    _check(backend, results, 1)


@pytest.mark.slow
def test_threads_different_content_take_successive_versions(backend, tmp_path: Path) -> None:
    jobs = [(tmp_path / f"p{i}", 2 + i, NOW) for i in range(3)]
    results = _race_threads(jobs, backend)
    _check(backend, results, 3)
    assert sorted(r[2] for r in results) == ["1.0.0", "1.1.0", "1.2.0"]


@pytest.mark.slow
def test_processes_race(backend, tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(4)
    queue = ctx.Queue()
    # Two contents, two publishers each: two versions, one "published" per content.
    procs = [ctx.Process(target=publish_rows, args=(str(tmp_path / f"p{i}"), 3 + i % 2, backend.target,
                                                     backend.endpoint_url, NOW, barrier, queue))
             for i in range(4)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    _check(backend, results, 2)
