"""Property 4: a publish that fails or dies at any write leaves nothing partial visible, and the next run completes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govpub.errors import TransientError
from govpub.publish.commit import publish_to
from govpub.publish.reader import committed_versions
from tests.publish.faults import FaultyStorage, Killed
from tests.publish.helpers import assert_consistent, assert_latest_complete, storage_for
from tests.publish.packages import NAME, make_meta, make_package, measures

T0 = "2026-11-26T10:00:00+00:00"
T1 = "2026-11-26T11:00:00+00:00"
T2 = "2026-11-26T11:30:00+00:00"


def _count_writes(backend, tmp_path: Path) -> int:  # type: ignore[no-untyped-def]
    """How many writes a second publish makes on a fresh target, so the test covers every one."""
    storage = storage_for(backend)
    publish_to(storage, make_package(tmp_path / "c0"), meta=make_meta(), now=T0)
    probe = FaultyStorage(storage)
    publish_to(probe, make_package(tmp_path / "c1", measure_rows=measures(4)), meta=make_meta(), now=T1)
    return probe.writes


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["fail", "kill", "kill-after-write"])
def test_crash_at_every_step_then_next_run_completes(backend, tmp_path: Path, mode: str) -> None:
    from tests.publish.conftest import Backend

    total = _count_writes(Backend(backend.kind, backend.target + ("-probe" if backend.kind == "s3" else "/probe"),
                                  backend.endpoint_url), tmp_path)
    assert total > 10  # claim, files, manifest, versions.json, latest/, catalogs
    for step in range(total):
        target = f"{backend.target}/s{step}" if backend.kind == "s3" else str(Path(backend.target) / f"s{step}")
        b = Backend(backend.kind, target, backend.endpoint_url)
        storage = storage_for(b)
        publish_to(storage, make_package(tmp_path / f"a{step}"), meta=make_meta(), now=T0)
        faulty = FaultyStorage(storage, fail_at=step, kill=mode != "fail", after_write=mode == "kill-after-write")
        new = make_package(tmp_path / f"b{step}", measure_rows=measures(4))
        with pytest.raises((TransientError, Killed)):
            publish_to(faulty, new, meta=make_meta(), now=T1)
        # Nothing partial is visible: either 1.1.0 is whole and checks out, or it does not exist.
        versions = assert_consistent(storage, NAME)
        assert versions in (["1.0.0"], ["1.1.0", "1.0.0"]), (step, faulty.log[-1], versions)
        vj = json.loads(storage.get(f"{NAME}/versions.json").data)  # type: ignore[union-attr]
        assert vj["latest"] in versions
        # latest/ is whole for the version its datapackage.json names, or (mid-copy) the reader can tell.
        latest_dp = json.loads(storage.get(f"{NAME}/latest/datapackage.json").data)  # type: ignore[union-attr]
        assert latest_dp["version"] in versions
        # The next run, later, with the same data rebuilt (its README differs, as a build time would make
        # it), completes it: exactly one new version, reusing what the dead run uploaded.
        done = publish_to(storage, make_package(tmp_path / f"c{step}", measure_rows=measures(4),
                                                readme="# 巡察整改进展情况\n\nrebuilt\n"), meta=make_meta(), now=T2)
        assert done.version == "1.1.0", (step, faulty.log[-1])
        assert assert_consistent(storage, NAME) == ["1.1.0", "1.0.0"]
        assert assert_latest_complete(storage, NAME) == "1.1.0"
        assert not any(k.endswith(".claim.json") for k in storage.list(""))
        catalog = storage.get("catalog.jsonld")
        assert catalog is not None and b'"dcat:version": "1.1.0"' in catalog.data
        assert committed_versions(storage, NAME) == ["1.1.0", "1.0.0"]
