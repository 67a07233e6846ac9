"""The S3 backend: keys and bytes in, objects on any S3 endpoint (AWS, MinIO, Ceph, R2, moto) out."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from botocore.exceptions import ConnectionError as BotoConnectionError

from govpub.errors import PublishConflict, TerminalError, TransientError
from govpub.publish.storage import ObjectInfo, PreconditionFailed, StoredObject, check_key, check_prefix

# Error codes a retry can fix (S3 and S3-compatible servers).
TRANSIENT_CODES = frozenset({
    "InternalError", "ServiceUnavailable", "SlowDown", "Throttling", "ThrottlingException",
    "RequestTimeout", "RequestTimeTooSkewed", "500", "502", "503", "504",
})
NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NotFound"})


def _b64_to_hex(value: str | None) -> str | None:
    if not value or "-" in value:  # "…-3" is a checksum of part checksums, not of the object
        return None
    try:
        return base64.b64decode(value).hex()
    except (binascii.Error, ValueError):
        return None


def _age(resp: dict[str, Any]) -> float | None:
    """Server time of the response minus the object's LastModified: both from the server's clock."""
    modified = resp.get("LastModified")
    date = resp.get("ResponseMetadata", {}).get("HTTPHeaders", {}).get("date")
    if not isinstance(modified, datetime) or not date:
        return None
    try:
        return max(0.0, (parsedate_to_datetime(date) - modified).total_seconds())
    except (TypeError, ValueError):
        return None


class S3Storage:
    """s3://bucket/prefix. Credentials and the endpoint come from boto3's own chain
    (AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3, profiles, instance roles) unless endpoint_url is given."""

    def __init__(self, bucket: str, prefix: str, *, endpoint_url: str | None = None, client: Any = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        if self.prefix:
            check_key(self.prefix)
        self.endpoint_url = endpoint_url
        self.client = client or boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url,
            # Path-style works on MinIO and moto without wildcard DNS; AWS still accepts it.
            config=Config(s3={"addressing_style": "path"}, retries={"mode": "standard", "max_attempts": 3},
                          connect_timeout=10, read_timeout=60),
        )

    @classmethod
    def from_url(cls, url: str, *, endpoint_url: str | None = None) -> S3Storage:
        rest = url[len("s3://"):]
        bucket, _, prefix = rest.partition("/")
        if not bucket:
            raise TerminalError(f"no bucket in {url!r}", stage="publish")
        return cls(bucket, prefix, endpoint_url=endpoint_url)

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _error(self, exc: Exception, action: str, key: str) -> Exception:
        where = f"{action} {self.url}/{key}"
        if isinstance(exc, ClientError):
            code = str(exc.response.get("Error", {}).get("Code", ""))
            status = str(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))
            if code in ("PreconditionFailed", "412") or status == "412":
                return PreconditionFailed(f"{where}: precondition failed", stage="publish")
            if code == "ConditionalRequestConflict" or status == "409":
                return PublishConflict(f"{where}: concurrent conditional write", stage="publish")
            if code in TRANSIENT_CODES or status in TRANSIENT_CODES:
                return TransientError(f"{where}: {code or status}", stage="publish")
            return TerminalError(f"{where}: {code} {exc.response.get('Error', {}).get('Message', '')}".strip(),
                                 stage="publish")
        if isinstance(exc, NoCredentialsError):
            return TerminalError(f"{where}: no S3 credentials found", stage="publish")
        if isinstance(exc, BotoConnectionError):
            return TransientError(f"{where}: {type(exc).__name__}", stage="publish")
        return TransientError(f"{where}: {type(exc).__name__}: {exc}", stage="publish")

    @staticmethod
    def _not_found(exc: ClientError) -> bool:
        err = exc.response.get("Error", {})
        status = str(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))
        return str(err.get("Code", "")) in NOT_FOUND_CODES or status == "404"

    def _info(self, key: str, resp: dict[str, Any]) -> ObjectInfo:
        return ObjectInfo(
            key=key,
            etag=str(resp.get("ETag", "")),
            size=int(resp.get("ContentLength", 0)),
            sha256=_b64_to_hex(resp.get("ChecksumSHA256")),
            content_type=resp.get("ContentType"),
            cache_control=resp.get("CacheControl"),
            age_seconds=_age(resp),
        )

    def get(self, key: str) -> StoredObject | None:
        try:
            resp = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
            data = resp["Body"].read()
        except ClientError as exc:
            if self._not_found(exc):
                return None
            raise self._error(exc, "get", key) from None
        except BotoCoreError as exc:
            raise self._error(exc, "get", key) from None
        return StoredObject(self._info(key, resp), data)

    def head(self, key: str) -> ObjectInfo | None:
        try:
            resp = self.client.head_object(Bucket=self.bucket, Key=self._key(key), ChecksumMode="ENABLED")
        except ClientError as exc:
            if self._not_found(exc):
                return None
            raise self._error(exc, "head", key) from None
        except BotoCoreError as exc:
            raise self._error(exc, "head", key) from None
        return self._info(key, resp)

    def put(self, key: str, data: bytes, *, content_type: str, cache_control: str,
            if_none_match: bool = False, if_match: str | None = None) -> ObjectInfo:
        digest = hashlib.sha256(data)
        kwargs: dict[str, Any] = {
            "Bucket": self.bucket, "Key": self._key(key), "Body": data,
            "ContentType": content_type, "CacheControl": cache_control,
            # The server checks the body against this and stores it, so `head` can prove it later.
            "ChecksumSHA256": base64.b64encode(digest.digest()).decode("ascii"),
        }
        if if_none_match:
            kwargs["IfNoneMatch"] = "*"
        if if_match is not None:
            kwargs["IfMatch"] = if_match
        try:
            resp = self.client.put_object(**kwargs)
        except ClientError as exc:
            raise self._error(exc, "put", key) from None
        except BotoCoreError as exc:
            raise self._error(exc, "put", key) from None
        return ObjectInfo(key, str(resp.get("ETag", "")), len(data), digest.hexdigest(), content_type, cache_control)

    def list(self, prefix: str) -> Iterator[str]:
        full = self._key(check_prefix(prefix).rstrip("/")) + "/" if prefix else (f"{self.prefix}/" if self.prefix else "")
        cut = len(self.prefix) + 1 if self.prefix else 0
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=full):
                for item in page.get("Contents", ()):
                    yield str(item["Key"])[cut:]
        except ClientError as exc:
            raise self._error(exc, "list", prefix) from None
        except BotoCoreError as exc:
            raise self._error(exc, "list", prefix) from None

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if not self._not_found(exc):
                raise self._error(exc, "delete", key) from None
        except BotoCoreError as exc:
            raise self._error(exc, "delete", key) from None
