"""The commit protocol: a validated Package in, a Release out — upload, verify, commit marker, then
versions.json, latest/ and catalogs (DESIGN, "Release layout and commit protocol")."""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from govpub.config import DatasetMeta
from govpub.errors import PublishConflict, TerminalError
from govpub.package.model import Package
from govpub.publish.changes import Changes
from govpub.publish.layout import FIRST, IMMUTABLE, Bump, Version, claim_key, join_url, manifest_key
from govpub.publish.manifest import Manifest, canonical_json
from govpub.publish.reader import DatasetState, read_state
from govpub.publish.refresh import update_catalogs, update_latest, update_versions
from govpub.publish.release import Release
from govpub.publish.stage import PreviousRelease, Staged, diff_changes, metadata_hash, stage_release
from govpub.publish.storage import ObjectInfo, PreconditionFailed, Storage, open_storage, sha256_hex

# A claim not rewritten for this long (by the storage's clock: object age) belongs to a dead
# publisher and may be broken; a younger one for other files means "wait for it".
CLAIM_LEASE_SECONDS = 900.0
WAIT_SECONDS = 120.0  # how long a publisher waits for a racing one before reporting a conflict
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Claim:
    """Who is writing a version folder: written first with If-None-Match, so one publisher owns it."""

    token: str  # tells two publishers apart; never part of the release
    content_hash: str
    metadata_hash: str
    created: str
    files: dict[str, str]  # path -> sha256 of the planned files

    def to_bytes(self) -> bytes:
        return canonical_json({"token": self.token, "content_hash": self.content_hash,
                               "metadata_hash": self.metadata_hash, "created": self.created, "files": self.files})

    @classmethod
    def from_bytes(cls, data: bytes) -> Claim | None:
        try:
            raw = json.loads(data)
            return cls(str(raw["token"]), str(raw["content_hash"]), str(raw["metadata_hash"]), str(raw["created"]),
                       {str(k): str(v) for k, v in raw["files"].items()})
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged claim is treated as stale


def publish(package: Package, target: str, *, meta: DatasetMeta, now: str,
            s3_endpoint_url: str | None = None) -> Release:
    """Publish a validated package to a local directory or s3://bucket/prefix. `now` is the
    ISO datetime of the run (stages never read the clock). Returns status "unchanged" when
    the content hash equals the latest release's."""
    return publish_to(open_storage(target, s3_endpoint_url=s3_endpoint_url), package, meta=meta, now=now)


def _bump(previous: Manifest | None, package: Package, changes: Changes) -> Version:
    if previous is None:
        return FIRST
    part: Bump
    if previous.content_hash == package.content_hash:
        part = "patch"  # same data and schemas: only the metadata moved
    elif changes.breaking:
        part = "major"
    else:
        part = "minor"
    return Version.parse(previous.version).bump(part)


def _previous(storage: Storage, state: DatasetState) -> PreviousRelease | None:
    m = state.latest
    if m is None:
        return None
    base = f"{state.dataset}/{m.version}/"

    def load(path: str) -> bytes:
        obj = storage.get(base + path)
        if obj is None:
            raise TerminalError(f"{storage.url}/{base}{path} is missing from a committed version", stage="publish")
        return obj.data

    descriptor = json.loads(load("datapackage.json"))
    changelog_obj = storage.get(base + "CHANGELOG.md")

    def load_range(path: str, start: int, length: int) -> bytes:
        return storage.get_range(base + path, start, length)

    return PreviousRelease(m, descriptor, load, changelog_obj.data.decode("utf-8") if changelog_obj else None,
                           load_range)


def _stale(age_seconds: float | None, claimed_at: str, now: str) -> bool:
    """Past its lease: by the storage's clock when known, else by the run times."""
    age = age_seconds if age_seconds is not None else _seconds_between(claimed_at, now)
    return age >= CLAIM_LEASE_SECONDS


def _seconds_between(earlier: str, later: str) -> float:
    try:
        return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
    except (ValueError, TypeError):
        return float("inf")  # an unreadable time cannot hold a lease


def _release(storage: Storage, status: str, m: Manifest, previous: str | None) -> Release:
    root = storage.url.rstrip("/")
    return Release(dataset=m.dataset, status=status,  # type: ignore[arg-type]
                   version=m.version, target=storage.url,
                   location=join_url(root, f"{m.dataset}/{m.version}/"), latest=join_url(root, f"{m.dataset}/latest/"),
                   files=tuple(sorted([f.path for f in m.files] + ["manifest.json"])), previous_version=previous)


def _adoptable(storage: Storage, staged: Staged) -> dict[str, bytes]:
    """Package files already in the folder with other bytes than ours (same data, another build):
    we take theirs, since nothing in a version folder is ever replaced once written."""
    prefix = f"{staged.manifest.dataset}/{staged.manifest.version}/"
    found = {}
    for path in staged.package_paths:
        if storage.head(prefix + path) is None:
            continue
        obj = storage.get(prefix + path)
        entry = staged.manifest.file(path)
        if obj is not None and entry is not None and sha256_hex(obj.data) != entry.sha256:
            found[path] = obj.data
    return found


def _upload(storage: Storage, staged: Staged) -> None:
    """Create every file of the version (never replace one), package files first, then prove each checksum."""
    m = staged.manifest
    prefix = f"{m.dataset}/{m.version}/"
    # Package files first, README.md (which lists their sha256) last of them, then the rendered
    # files: whoever finds a README here finds every package file it describes.
    sent: dict[str, ObjectInfo] = {}
    rendered_last = sorted(m.files, key=lambda f: (f.path not in staged.package_paths, f.path == "README.md",
                                                   f.path))
    for f in rendered_last:
        key = prefix + f.path
        existing = storage.get(key) if storage.head(key) is not None else None
        if existing is not None:
            if sha256_hex(existing.data) == f.sha256:
                continue  # left by a crashed run or a co-publisher with the same content
            raise PublishConflict(f"{storage.url}/{key} holds other content", stage="publish")
        try:
            put_file = getattr(storage, "put_file", None)
            if put_file is not None:  # a backend that streams or links a file: big tables stay out of memory
                sent[key] = put_file(key, staged.root / f.path, content_type=f.media_type, cache_control=IMMUTABLE,
                                     if_none_match=True)
            else:
                storage.put(key, (staged.root / f.path).read_bytes(), content_type=f.media_type,
                            cache_control=IMMUTABLE, if_none_match=True)
        except PreconditionFailed:
            again = storage.get(key)
            if again is None or sha256_hex(again.data) != f.sha256:
                raise PublishConflict(f"{storage.url}/{key} was written by another publisher", stage="publish") from None
    for f in m.files:
        key = prefix + f.path
        # Local: head answers from the digest memo for the linked inode (nothing is read).
        # S3: the server's stored full-object SHA-256; a multipart object has only a checksum of
        # part checksums, each checked by the server on upload, so the object we completed
        # (same ETag and size, whole-file digest proven while sending) stands for it.
        info = storage.head(key)
        digest = info.sha256 if info is not None else None
        mine = sent.get(key)
        if digest is None and info is not None and mine is not None and mine.etag and mine.etag == info.etag \
                and info.size == mine.size == f.bytes:
            digest = mine.sha256
        if info is None or info.size != f.bytes or digest is None:
            obj = storage.get(key)  # the backend did not report a sha256: read back
            digest = sha256_hex(obj.data) if obj else None
        if digest != f.sha256:
            raise PublishConflict(f"{storage.url}/{key} failed its checksum after upload", stage="publish")


def _clean_orphans(storage: Storage, staged: Staged) -> None:
    """After breaking a dead publisher's claim: delete what it left that is not byte-equal to our plan."""
    m = staged.manifest
    prefix = f"{m.dataset}/{m.version}/"
    planned = {prefix + f.path: f.sha256 for f in m.files}
    for key in list(storage.list(prefix)):
        if key in (claim_key(m.dataset, m.version), manifest_key(m.dataset, m.version)):
            continue
        obj = storage.get(key) if key in planned else None
        if obj is None or sha256_hex(obj.data) != planned[key]:
            storage.delete(key)


def publish_to(storage: Storage, package: Package, *, meta: DatasetMeta, now: str,
               wait_seconds: float = WAIT_SECONDS) -> Release:
    """The protocol on an open Storage (tests pass a fault-injecting one)."""
    if meta.name != package.name:
        raise TerminalError(f"package {package.name!r} is described by config for {meta.name!r}", stage="publish")
    dataset = package.name
    meta_hash = metadata_hash(package.descriptor, meta)
    token = uuid.uuid4().hex  # randomness only to tell publishers apart, never in the output
    deadline = time.monotonic() + wait_seconds
    with _stage_folder(package) as tmp:
        attempt = 0
        while True:
            attempt += 1
            state = read_state(storage, dataset)
            prev = state.latest
            if prev is not None and prev.content_hash == package.content_hash and prev.metadata_hash == meta_hash:
                _finish(storage, dataset, meta)
                return _release(storage, "unchanged", prev, prev.previous)
            previous = _previous(storage, state)
            changes = diff_changes(package, previous)
            version = str(_bump(prev, package, changes))
            created = now
            claim_obj = storage.get(claim_key(dataset, version))
            existing = Claim.from_bytes(claim_obj.data) if claim_obj else None
            owner = True
            if existing is not None and existing.token != token and existing.content_hash == package.content_hash \
                    and existing.metadata_hash == meta_hash:
                created, owner = existing.created, False  # same content: render the same files with its time
            staged = stage_release(package, meta, version=version, created=created, previous=previous,
                                   root=Path(tmp) / f"a{attempt}", changes=changes)
            claim = Claim(token, package.content_hash, meta_hash, created,
                          {f.path: f.sha256 for f in staged.manifest.files})
            if claim_obj is not None and owner and existing is not None and existing.token != token \
                    and not _stale(claim_obj.info.age_seconds, existing.created, now):
                if time.monotonic() > deadline:
                    raise PublishConflict(f"{storage.url}/{dataset}/{version}/ is being published by another run",
                                          stage="publish")
                time.sleep(POLL_SECONDS * min(attempt, 20))
                continue
            if owner:
                try:
                    if claim_obj is None:
                        storage.put(claim_key(dataset, version), claim.to_bytes(), content_type="application/json",
                                    cache_control="no-store", if_none_match=True)
                    else:  # break a stale or damaged claim; If-Match makes only one breaker win
                        storage.put(claim_key(dataset, version), claim.to_bytes(), content_type="application/json",
                                    cache_control="no-store", if_match=claim_obj.info.etag)
                except PreconditionFailed:
                    continue  # someone else claimed it first: re-read
                if storage.head(manifest_key(dataset, version)) is not None:
                    # Committed after we read the state (its claim was already gone): never touch it.
                    storage.delete(claim_key(dataset, version))
                    continue
                # Files of a dead claimant for other content (we hold the claim now) go; nothing
                # else in this folder is ever deleted or replaced.
                if claim_obj is not None and (existing is None or existing.token != token):
                    _clean_orphans(storage, staged)
            adopted = _adoptable(storage, staged)
            if adopted:
                staged = stage_release(package, meta, version=version, created=created, previous=previous,
                                       root=Path(tmp) / f"b{attempt}", changes=changes, adopted=adopted)
            try:
                _upload(storage, staged)
            except PublishConflict:
                if time.monotonic() > deadline:
                    raise
                continue
            try:
                storage.put(manifest_key(dataset, version), staged.manifest.to_bytes(),
                            content_type="application/json; charset=utf-8", cache_control=IMMUTABLE,
                            if_none_match=True)
            except PreconditionFailed:
                continue  # committed by a co-publisher (same content: the next round says unchanged) or a racer
            storage.delete(claim_key(dataset, version))
            _finish(storage, dataset, meta)
            return _release(storage, "published", staged.manifest, staged.manifest.previous)


def _stage_folder(package: Package) -> tempfile.TemporaryDirectory[str]:
    """The stage sits beside the package when that folder is writable: one filesystem, so package
    files enter the stage (and a local target on that filesystem) as hard links, not copies."""
    try:
        return tempfile.TemporaryDirectory(prefix=".govpub-publish-", dir=package.root.parent)
    except OSError:
        return tempfile.TemporaryDirectory(prefix="govpub-publish-")


def _finish(storage: Storage, dataset: str, meta: DatasetMeta) -> None:
    """Everything after the commit marker is derived from the manifests, so any run can redo it."""
    keys = set(storage.list(f"{dataset}/"))
    for key in sorted(keys):
        # A claim whose version is committed is garbage from a run that died right after its commit.
        if key.endswith("/.claim.json") and key[: -len(".claim.json")] + "manifest.json" in keys:
            storage.delete(key)
    state = update_versions(storage, dataset)
    update_latest(storage, dataset, state)
    update_catalogs(storage, base=meta.base_url or "", publisher=meta.publisher)


__all__ = ["publish", "publish_to", "Claim"]
