"""After a commit: the committed versions in, versions.json, latest/, catalogs and the root page brought up to date."""

from __future__ import annotations

from collections.abc import Callable

from govpub.config import Agent, DatasetMeta
from govpub.errors import PublishConflict
from govpub.publish import pages
from govpub.publish.catalog_entry import CatalogEntry, distributions, version_notes
from govpub.publish.dcat_ap import dcat_ap_catalog
from govpub.publish.dcat_us import dcat_us_catalog
from govpub.publish.layout import SHORT, content_type, latest_prefix, versions_key
from govpub.publish.manifest import Manifest, canonical_json, meta_from_json
from govpub.publish.reader import DatasetState, datasets, read_json, read_state, versions_document
from govpub.publish.storage import PreconditionFailed, Storage, sha256_hex

MAX_ROUNDS = 8  # conditional-write retries before we report a conflict for the caller to retry


def write_if_changed(storage: Storage, key: str, render: Callable[[bool], bytes]) -> bool:
    """Replace `key` with render(fresh) using If-Match on the etag we read (If-None-Match when absent).
    After a lost race render is called with fresh=True to re-read what it depends on.
    Returns whether anything was written."""
    for round_ in range(MAX_ROUNDS):
        current = storage.get(key)
        data = render(round_ > 0)
        if current is not None and current.data == data:
            return False
        try:
            if current is None:
                storage.put(key, data, content_type=content_type(key), cache_control=SHORT, if_none_match=True)
            else:
                storage.put(key, data, content_type=content_type(key), cache_control=SHORT,
                            if_match=current.info.etag)
            return True
        except PreconditionFailed:
            continue
    raise PublishConflict(f"{storage.url}/{key} kept changing under us", stage="publish")


def update_versions(storage: Storage, dataset: str, state: DatasetState | None = None) -> DatasetState:
    """versions.json from the manifests (the source of truth), so a crash between commit and here heals."""
    current = state or read_state(storage, dataset)

    def render(fresh: bool) -> bytes:
        nonlocal current
        if fresh:
            current = read_state(storage, dataset)
        return canonical_json(versions_document(current))

    write_if_changed(storage, versions_key(dataset), render)
    return current


def _latest_is(storage: Storage, dataset: str, manifest: Manifest) -> bool:
    entry = manifest.file("datapackage.json")
    obj = storage.get(latest_prefix(dataset) + "datapackage.json")
    return obj is not None and entry is not None and sha256_hex(obj.data) == entry.sha256


def update_latest(storage: Storage, dataset: str, state: DatasetState | None = None) -> str | None:
    """Copy the newest committed version to latest/ (by reference where the backend can),
    datapackage.json last; then check that no newer version appeared meanwhile (a slower
    publisher may have mixed in older files)."""
    for round_ in range(MAX_ROUNDS):
        if state is None or round_ > 0:
            state = read_state(storage, dataset)
        newest = state.latest
        if newest is None:
            return None
        if _latest_is(storage, dataset, newest):
            return newest.version
        prefix = latest_prefix(dataset)
        src = f"{dataset}/{newest.version}/"
        wanted = {f.path for f in newest.files}
        copy = getattr(storage, "copy", None)
        for f in sorted(newest.files, key=lambda f: (f.path == "datapackage.json", f.path)):
            if copy is not None:
                # By reference: a hard link (local) or a server-side CopyObject (S3), each checked
                # against the manifest's sha256 before it is visible; nothing passes through memory.
                copy(src + f.path, prefix + f.path, content_type=f.media_type, cache_control=SHORT,
                     expect_sha256=f.sha256)
                continue
            obj = storage.get(src + f.path)
            if obj is None or sha256_hex(obj.data) != f.sha256:
                raise PublishConflict(f"{storage.url}/{src}{f.path} does not match its manifest", stage="publish")
            storage.put(prefix + f.path, obj.data, content_type=f.media_type, cache_control=SHORT)
        for key in list(storage.list(prefix)):
            if key[len(prefix):] not in wanted:
                storage.delete(key)
        again = read_state(storage, dataset).latest
        if again is not None and again.version == newest.version:
            return newest.version
    raise PublishConflict(f"{storage.url}/{dataset}/latest/ kept changing under us", stage="publish")


def catalog_entry(storage: Storage, state: DatasetState) -> CatalogEntry | None:
    latest = state.latest
    if latest is None:
        return None
    base = f"{state.dataset}/{latest.version}/"
    descriptor = read_json(storage, base + "datapackage.json") or {}
    changes = read_json(storage, base + "changes.json") or {}
    meta = meta_from_json(latest.meta) if latest.meta else DatasetMeta(
        state.dataset, state.dataset, state.dataset, "", "", Agent(""), Agent(""), ())
    return CatalogEntry(meta=meta, latest=latest, first_created=state.manifests[-1].created,
                        version_notes=version_notes(changes), distributions=distributions(descriptor, latest))


def update_catalogs(storage: Storage, *, base: str, publisher: Agent) -> None:
    """catalog.jsonld, data.json and index.html at the target root, for every dataset there."""
    cache: dict[str, tuple[list[CatalogEntry], dict[str, dict[str, object]]]] = {}

    def gather(fresh: bool) -> tuple[list[CatalogEntry], dict[str, dict[str, object]]]:
        if fresh or "state" not in cache:
            entries, docs = [], {}
            for name in datasets(storage):
                state = read_state(storage, name)
                entry = catalog_entry(storage, state)
                if entry is not None:
                    entries.append(entry)
                    docs[name] = versions_document(state)
            cache["state"] = (entries, docs)
        return cache["state"]

    write_if_changed(storage, "catalog.jsonld",
                     lambda fresh: dcat_ap_catalog(gather(fresh)[0], base=base, publisher=publisher))
    write_if_changed(storage, "data.json", lambda fresh: dcat_us_catalog(gather(fresh)[0], base=base))
    write_if_changed(storage, "index.html", lambda fresh: pages.root_page(gather(fresh)[1]).encode("utf-8"))
