"""Test helpers: open the storage a Backend names and check what readers see."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from govpub.publish.reader import committed_versions, read_manifest
from govpub.publish.storage import Storage, open_storage


def storage_for(backend: Any) -> Storage:
    return open_storage(backend.target, s3_endpoint_url=backend.endpoint_url)


def snapshot(storage: Storage) -> dict[str, str]:
    """Every key and the sha256 of its bytes (claims included)."""
    out = {}
    for key in sorted(storage.list("")):
        obj = storage.get(key)
        assert obj is not None
        out[key] = hashlib.sha256(obj.data).hexdigest()
    return out


def assert_consistent(storage: Storage, dataset: str) -> list[str]:
    """What a reader may rely on: every committed version is whole and checks out; versions.json names
    only committed versions; latest/ is a complete copy of the version its datapackage.json names."""
    versions = committed_versions(storage, dataset)
    for v in versions:
        m = read_manifest(storage, dataset, v)
        assert m is not None and m.version == v
        for f in m.files:
            obj = storage.get(f"{dataset}/{v}/{f.path}")
            assert obj is not None, f"{v}/{f.path} missing"
            assert hashlib.sha256(obj.data).hexdigest() == f.sha256
            assert len(obj.data) == f.bytes
        dp = json.loads(storage.get(f"{dataset}/{v}/datapackage.json").data)  # type: ignore[union-attr]
        assert dp["version"] == v
        for res in dp["resources"] + dp.get("files", []):
            assert res["hash"] == f"sha256:{m.file(res['path']).sha256}"  # type: ignore[union-attr]
            assert res["bytes"] == m.file(res["path"]).bytes  # type: ignore[union-attr]
    vj = storage.get(f"{dataset}/versions.json")
    if vj is not None:
        listed = [e["version"] for e in json.loads(vj.data)["versions"]]
        assert set(listed) <= set(versions), f"versions.json lists uncommitted {set(listed) - set(versions)}"
    return versions


def assert_latest_complete(storage: Storage, dataset: str) -> str:
    dp = storage.get(f"{dataset}/latest/datapackage.json")
    assert dp is not None
    version = json.loads(dp.data)["version"]
    m = read_manifest(storage, dataset, version)
    assert m is not None
    for f in m.files:
        obj = storage.get(f"{dataset}/latest/{f.path}")
        assert obj is not None and hashlib.sha256(obj.data).hexdigest() == f.sha256, f.path
    return str(version)
