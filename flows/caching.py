"""A batch of SourceMeta in, a cache key out: the documents' content hashes plus govpub.PARSER_VERSION.

An unchanged document (same bytes, same sidecar metadata, same parser version) gives the same
key, so its batch task is not run again: Prefect returns the cached result (the index of the
batch's fragment files, kept in a store folder named by this key).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect.cache_policies import CachePolicy
from prefect.context import TaskRunContext

import govpub
from govpub.ingest import SourceMeta

# "https://www.szss.gov.cn/x.html": its bytes are known only after a fetch, which belongs inside
# the task (with its retries), so batches holding one are not cached. "s3://inbox/reports/a.txt":
# a HEAD request gives the object's ETag, which changes with its bytes.
REMOTE_URI = ("http://", "https://", "s3://")
_CHUNK = 1 << 20
# What a batch task leaves in the store and returns: part of the key, so that a result cached by
# an older flow (a pickle path, before the Arrow fragments) is never handed to this one.
STORE_FORMAT = "arrow-fragments-1"


def local_path(meta: SourceMeta, base_dir: Path | None) -> Path | None:
    uri = meta.uri.removeprefix("file://")
    if uri.startswith(REMOTE_URI):
        return None
    path = Path(uri)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path


def s3_etag(uri: str, client: Any) -> str | None:
    """The object's ETag, size and version (a HEAD request, endpoint and credentials as ingest
    finds them), or None when S3 does not answer: then the batch just runs, with its retries."""
    from govpub.ingest.fetch_s3 import split_s3_uri

    try:
        bucket, key = split_s3_uri(uri)
        head = client.head_object(Bucket=bucket, Key=key)
    except Exception:  # noqa: BLE001 - any failure only means "not known": no cache hit
        return None
    return f"s3:{head.get('ETag')}:{head.get('ContentLength')}:{head.get('VersionId') or ''}"


def fingerprint(meta: SourceMeta, base_dir: Path | None, *, s3_client: Any = None) -> str | None:
    """sha256 of a local source's bytes (the same hash ingest puts in Document.sha256), the ETag
    of an S3 object, or None when it cannot be known without fetching (http) or is not there."""
    if meta.uri.startswith("s3://"):
        return s3_etag(meta.uri, s3_client) if s3_client is not None else None
    path = local_path(meta, base_dir)
    if path is None or not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def batch_key(metas: Sequence[SourceMeta], *, base_dir: Path | None, store: Path) -> str | None:
    """None when any document's content is unknown: such a batch always runs."""
    parts: list[Any] = []
    s3_client = None
    if any(m.uri.startswith("s3://") for m in metas):
        from govpub.ingest.fetch_s3 import make_client

        s3_client = make_client(timeout_s=10.0, retries=1)
    for meta in metas:
        content = fingerprint(meta, base_dir, s3_client=s3_client)
        if content is None:
            return None
        parts.append([dataclasses.asdict(meta), content])
    blob = json.dumps([govpub.PARSER_VERSION, STORE_FORMAT, str(store), parts], ensure_ascii=False, sort_keys=True)
    return "govpub-batch-" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass
class DocumentContent(CachePolicy):
    """Cache policy of the batch task; reads its `metas`, `base_dir` and `store` inputs."""

    def compute_key(self, task_ctx: TaskRunContext, inputs: dict[str, Any],
                    flow_parameters: dict[str, Any], **kwargs: Any) -> str | None:
        base_dir = inputs.get("base_dir")
        return batch_key(inputs["metas"], base_dir=Path(base_dir) if base_dir else None,
                         store=Path(inputs["store"]))


DOCUMENT_CONTENT = DocumentContent()
