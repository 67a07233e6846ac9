"""A target's storage in, what readers may see out: committed versions (those with a manifest) and their files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govpub.errors import TerminalError
from govpub.publish.layout import MANIFEST_KEY, Version, manifest_key, versions_key
from govpub.publish.manifest import Manifest
from govpub.publish.storage import Storage


@dataclass(frozen=True)
class DatasetState:
    dataset: str
    manifests: tuple[Manifest, ...]  # committed versions, newest first

    @property
    def latest(self) -> Manifest | None:
        return self.manifests[0] if self.manifests else None

    def get(self, version: str) -> Manifest | None:
        return next((m for m in self.manifests if m.version == version), None)


def committed_versions(storage: Storage, dataset: str) -> list[str]:
    """Versions whose commit marker exists, newest first; a folder without manifest.json does not exist."""
    found = []
    for key in storage.list(f"{dataset}/"):
        m = MANIFEST_KEY.match(key)
        if m and m["dataset"] == dataset:
            found.append(Version.parse(m["version"]))
    return [str(v) for v in sorted(found, reverse=True)]


def read_manifest(storage: Storage, dataset: str, version: str) -> Manifest | None:
    key = manifest_key(dataset, version)
    obj = storage.get(key)
    return Manifest.from_bytes(obj.data, source=f"{storage.url}/{key}") if obj else None


def read_state(storage: Storage, dataset: str) -> DatasetState:
    manifests = []
    for v in committed_versions(storage, dataset):
        m = read_manifest(storage, dataset, v)
        if m is not None:
            manifests.append(m)
    return DatasetState(dataset, tuple(manifests))


def datasets(storage: Storage) -> list[str]:
    """Datasets at the target: folders that hold at least one committed version."""
    names = {m["dataset"] for key in storage.list("") if (m := MANIFEST_KEY.match(key))}
    return sorted(names)


def read_json(storage: Storage, key: str) -> Any:
    obj = storage.get(key)
    if obj is None:
        return None
    try:
        return json.loads(obj.data)
    except ValueError as exc:
        raise TerminalError(f"{storage.url}/{key} is not JSON: {exc}", stage="publish") from None


def read_file(storage: Storage, dataset: str, version: str, path: str) -> bytes:
    obj = storage.get(f"{dataset}/{version}/{path}")
    if obj is None:
        raise TerminalError(f"{storage.url}/{dataset}/{version}/{path} is missing", stage="publish")
    return obj.data


def versions_document(state: DatasetState) -> dict[str, Any]:
    """versions.json: every committed version, newest first (format in docs/publish.md)."""
    latest = state.latest
    meta: Mapping[str, Any] = latest.meta if latest else {}
    return {
        "dataset": state.dataset,
        "title": {"zh": meta.get("title_zh", ""), "en": meta.get("title_en", "")},
        "latest": latest.version if latest else None,
        "versions": [
            {"version": m.version, "created": m.created, "content_hash": m.content_hash, "path": f"{m.version}/",
             "rows": dict(sorted(m.rows.items())), "bytes": m.total_bytes}
            for m in state.manifests
        ],
    }


def versions_json_key(dataset: str) -> str:
    return versions_key(dataset)
