"""s3://bucket/prefix in: listed objects (SourceMeta, sidecars merged) and their bytes out (boto3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    ReadTimeoutError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from govpub.errors import RejectedInput, TerminalError, TransientError
from govpub.ingest.document import SourceMeta
from govpub.ingest.formats import SIDECAR_SUFFIX, is_sidecar, media_type_for_name
from govpub.ingest.sidecar import MAX_SIDECAR_BYTES, merge, parse_sidecar

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
else:
    S3Client = Any

CHUNK: Final = 1 << 20
MISSING: Final = frozenset({"NoSuchKey", "404", "NotFound", "NoSuchBucket"})
DENIED: Final = frozenset({"AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch",
                           "AllAccessDisabled", "AccountProblem"})


def split_s3_uri(uri: str) -> tuple[str, str]:
    """"s3://bucket/reports/a.html" -> ("bucket", "reports/a.html")."""
    rest = uri.removeprefix("s3://")
    bucket, _, key = rest.partition("/")
    if not bucket:
        raise RejectedInput("an s3:// source needs a bucket: s3://bucket/prefix", stage="discover", source=uri)
    return bucket, key


def make_client(*, timeout_s: float = 30.0, retries: int = 3) -> S3Client:
    """An S3 client from the standard chain: credentials from env/profile/instance role, the
    endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (MinIO, Ceph, R2, moto) — botocore
    reads those itself."""
    config = Config(connect_timeout=timeout_s, read_timeout=timeout_s,
                    retries={"max_attempts": retries + 1, "mode": "standard"})
    return boto3.session.Session().client("s3", config=config)


def _error(exc: Exception, *, uri: str, stage: str) -> Exception:
    """Map boto errors to ours: missing/denied -> RejectedInput, network/5xx -> TransientError."""
    if isinstance(exc, NoCredentialsError):
        return TerminalError("no AWS credentials found (set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile)",
                             stage=stage, source=uri)
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", ""))
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        if code in MISSING:
            return RejectedInput(f"no such S3 object or bucket ({code})", stage=stage, source=uri)
        if code in DENIED:
            return RejectedInput(f"access denied by S3 ({code}); check the credentials and bucket policy",
                                 stage=stage, source=uri)
        if status >= 500 or code in ("SlowDown", "Throttling", "RequestTimeout", "InternalError"):
            return TransientError(f"S3 error {code} (HTTP {status})", stage=stage, source=uri)
        return RejectedInput(f"S3 error {code} (HTTP {status})", stage=stage, source=uri)
    if isinstance(exc, (BotoConnectionError, ReadTimeoutError)):
        return TransientError(f"cannot reach S3 ({type(exc).__name__})", stage=stage, source=uri)
    return TransientError(f"S3 request failed ({type(exc).__name__}: {exc})", stage=stage, source=uri)


def _get(client: S3Client, bucket: str, key: str, *, max_bytes: int, uri: str, stage: str) -> bytes:
    try:
        obj = client.get_object(Bucket=bucket, Key=key)
        size = int(obj.get("ContentLength") or 0)
        if size > max_bytes:
            obj["Body"].close()
            raise RejectedInput(f"the object has {size} bytes, more than the limit of {max_bytes} "
                                "(IngestLimits.max_bytes)", stage=stage, source=uri)
        chunks: list[bytes] = []
        total = 0
        for chunk in obj["Body"].iter_chunks(CHUNK):
            total += len(chunk)
            if total > max_bytes:
                obj["Body"].close()
                raise RejectedInput(f"the object is larger than the limit of {max_bytes} bytes",
                                    stage=stage, source=uri)
            chunks.append(chunk)
        return b"".join(chunks)
    except (ClientError, BotoCoreError) as exc:
        raise _error(exc, uri=uri, stage=stage) from None


def discover_s3(uri: str, *, client: S3Client | None = None) -> list[SourceMeta]:
    """Every supported object under the prefix, sorted by key, with its `<key>.meta.json` merged.
    A prefix names a "folder": s3://b/reports means the keys under reports/, unless it is itself
    an object key with a supported suffix."""
    bucket, prefix = split_s3_uri(uri)
    s3 = client or make_client()
    keys: set[str] = set()
    try:
        listing_prefix = prefix
        if prefix and not prefix.endswith("/") and media_type_for_name(prefix) is None:
            listing_prefix = prefix + "/"
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=listing_prefix):
            keys.update(obj["Key"] for obj in page.get("Contents", ()))
    except (ClientError, BotoCoreError) as exc:
        raise _error(exc, uri=uri, stage="discover") from None
    if media_type_for_name(prefix) is not None:
        keys = {k for k in keys if k == prefix or k == prefix + SIDECAR_SUFFIX}
    if not keys:
        raise RejectedInput("no objects under this S3 prefix", stage="discover", source=uri)
    metas: list[SourceMeta] = []
    for key in sorted(keys):
        name = key.rsplit("/", 1)[-1]
        if key.endswith("/") or is_sidecar(name) or media_type_for_name(name) is None:
            continue
        meta = SourceMeta(uri=f"s3://{bucket}/{key}", name=name)
        sidecar = key + SIDECAR_SUFFIX
        if sidecar in keys:
            side_uri = f"s3://{bucket}/{sidecar}"
            data = _get(s3, bucket, sidecar, max_bytes=MAX_SIDECAR_BYTES, uri=side_uri, stage="discover")
            meta = merge(meta, parse_sidecar(data, source=side_uri))
        metas.append(meta)
    return metas


def read_s3(meta: SourceMeta, *, max_bytes: int, timeout_s: float, retries: int,
            client: S3Client | None = None) -> bytes:
    bucket, key = split_s3_uri(meta.uri)
    s3 = client or make_client(timeout_s=timeout_s, retries=retries)
    return _get(s3, bucket, key, max_bytes=max_bytes, uri=meta.uri, stage="ingest")
