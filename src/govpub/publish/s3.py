"""The S3 backend: keys and bytes in, objects on any S3 endpoint (AWS, MinIO, Ceph, R2, moto) out."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from botocore.exceptions import ConnectionError as BotoConnectionError

from govpub.digests import file_digest
from govpub.errors import PublishConflict, TerminalError, TransientError
from govpub.publish.storage import ObjectInfo, PreconditionFailed, StoredObject, check_key, check_prefix

# Error codes a retry can fix (S3 and S3-compatible servers).
TRANSIENT_CODES = frozenset({
    "InternalError", "ServiceUnavailable", "SlowDown", "Throttling", "ThrottlingException",
    "RequestTimeout", "RequestTimeTooSkewed", "500", "502", "503", "504",
})
NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NotFound"})
# A file up to this size goes up as one streamed PUT (the server checks its full SHA-256); larger
# ones as a multipart upload of PART_BYTES parts, each checked by the server against its own SHA-256.
MULTIPART_THRESHOLD = 256 << 20
PART_BYTES = 64 << 20  # S3 allows 5 MiB .. 5 GiB per part and 10,000 parts: 640 GB at this size
COPY_LIMIT = 5 << 30  # CopyObject copies up to 5 GB; larger needs UploadPartCopy (not done: tables are smaller)


def _b64_to_hex(value: str | None) -> str | None:
    if not value or "-" in value:  # "…-3" is a checksum of part checksums, not of the object
        return None
    try:
        return base64.b64decode(value).hex()
    except (binascii.Error, ValueError):
        return None


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def composite_sha256(part_digests: list[bytes]) -> str:
    """S3's checksum of a multipart object: SHA-256 of the parts' SHA-256s, base64, then "-<parts>"."""
    return f"{_b64(hashlib.sha256(b''.join(part_digests)).digest())}-{len(part_digests)}"


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
        etag = str(resp.get("ETag", ""))
        # A multipart object (ETag "…-3") carries a checksum of its parts' checksums, not of its
        # bytes, even where the server leaves off the "-3" (moto) or ChecksumType COMPOSITE.
        composite = "-" in etag.strip('"') or resp.get("ChecksumType") == "COMPOSITE"
        return ObjectInfo(
            key=key,
            etag=etag,
            size=int(resp.get("ContentLength", 0)),
            sha256=None if composite else _b64_to_hex(resp.get("ChecksumSHA256")),
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
            # Naming the algorithm too makes every server keep it (moto keeps a bare value only then).
            "ChecksumAlgorithm": "SHA256",
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

    def get_range(self, key: str, start: int, length: int) -> bytes:
        """`length` bytes of the object from byte `start` (fewer at its end), by a Range request."""
        if start < 0 or length < 0:
            raise TerminalError(f"bad range {start}+{length} of {key}", stage="publish")
        if length == 0:
            return b""
        try:
            resp = self.client.get_object(Bucket=self.bucket, Key=self._key(key),
                                          Range=f"bytes={start}-{start + length - 1}")
            return bytes(resp["Body"].read())
        except ClientError as exc:
            if self._not_found(exc):
                raise TerminalError(f"{self.url}/{key} is missing", stage="publish") from None
            if str(exc.response.get("Error", {}).get("Code", "")) == "InvalidRange":
                return b""  # start at or past the end
            raise self._error(exc, "get", key) from None
        except BotoCoreError as exc:
            raise self._error(exc, "get", key) from None

    def put_file(self, key: str, source: Path, *, content_type: str, cache_control: str,
                 if_none_match: bool = False, if_match: str | None = None,
                 expect_sha256: str | None = None) -> ObjectInfo:
        """put() with the bytes of a local file, streamed: one PUT with the file's SHA-256 (the
        digest memo knows it when the file was written or staged in this process), or a
        multipart upload whose every part the server checks against its own SHA-256."""
        size, digest = file_digest(source)
        if expect_sha256 is not None and digest != expect_sha256:
            raise PublishConflict(f"{key}: {source} hashes to {digest}, not {expect_sha256}", stage="publish")
        cond: dict[str, Any] = {}
        if if_none_match:
            cond["IfNoneMatch"] = "*"
        if if_match is not None:
            cond["IfMatch"] = if_match
        if size <= MULTIPART_THRESHOLD:
            try:
                with source.open("rb") as fh:
                    resp = self.client.put_object(
                        Bucket=self.bucket, Key=self._key(key), Body=fh, ContentLength=size,
                        ContentType=content_type, CacheControl=cache_control,
                        ChecksumAlgorithm="SHA256", ChecksumSHA256=_b64(bytes.fromhex(digest)), **cond)
            except ClientError as exc:
                raise self._error(exc, "put", key) from None
            except BotoCoreError as exc:
                raise self._error(exc, "put", key) from None
            return ObjectInfo(key, str(resp.get("ETag", "")), size, digest, content_type, cache_control)
        return self._multipart(key, source, size, digest, content_type=content_type,
                               cache_control=cache_control, cond=cond)

    def _multipart(self, key: str, source: Path, size: int, digest: str, *, content_type: str,
                   cache_control: str, cond: dict[str, Any]) -> ObjectInfo:
        full = self._key(key)
        try:
            upload = self.client.create_multipart_upload(Bucket=self.bucket, Key=full, ContentType=content_type,
                                                         CacheControl=cache_control, ChecksumAlgorithm="SHA256")
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, "put", key) from None
        upload_id = upload["UploadId"]
        parts: list[dict[str, Any]] = []
        part_digests: list[bytes] = []
        whole = hashlib.sha256()
        try:
            with source.open("rb") as fh:
                while data := fh.read(PART_BYTES):
                    part = hashlib.sha256(data).digest()
                    whole.update(data)
                    n = len(parts) + 1
                    resp = self.client.upload_part(Bucket=self.bucket, Key=full, UploadId=upload_id, PartNumber=n,
                                                   Body=io.BytesIO(data), ContentLength=len(data),
                                                   ChecksumSHA256=_b64(part))
                    parts.append({"PartNumber": n, "ETag": resp["ETag"], "ChecksumSHA256": _b64(part)})
                    part_digests.append(part)
            if whole.hexdigest() != digest:  # the file changed after it was hashed: upload nothing
                raise PublishConflict(f"{key}: {source} changed while it was uploaded", stage="publish")
            resp = self.client.complete_multipart_upload(Bucket=self.bucket, Key=full, UploadId=upload_id,
                                                         MultipartUpload={"Parts": parts}, **cond)
        except BaseException as exc:
            try:
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=full, UploadId=upload_id)
            except (ClientError, BotoCoreError):
                pass  # a lifecycle rule cleans up what an abort could not
            if isinstance(exc, (ClientError, BotoCoreError)):
                raise self._error(exc, "put", key) from None
            raise
        got = str(resp.get("ChecksumSHA256") or "")
        expected = composite_sha256(part_digests)
        if got and got not in (expected, expected.rpartition("-")[0]):  # moto leaves off "-<parts>"
            raise PublishConflict(f"{self.url}/{key}: the server's checksum {got} is not of the parts sent",
                                  stage="publish")
        # sha256 is the whole file's, proven while reading the parts; the server proved each part.
        return ObjectInfo(key, str(resp.get("ETag", "")), size, digest, content_type, cache_control)

    def copy(self, source_key: str, key: str, *, content_type: str, cache_control: str,
             expect_sha256: str) -> ObjectInfo:
        """Replace `key` with the object at `source_key` by a server-side CopyObject (no bytes pass
        through us), with our Content-Type and Cache-Control (MetadataDirective REPLACE). The source
        must hash to expect_sha256: by its stored full-object ChecksumSHA256 when it has one (else
        the digest proven when it was uploaded and committed), and the copy is checked again."""
        src = self.head(source_key)
        if src is None:
            raise PublishConflict(f"{self.url}/{source_key} is missing", stage="publish")
        if src.sha256 is not None and src.sha256 != expect_sha256:
            raise PublishConflict(f"{self.url}/{source_key} does not match its manifest", stage="publish")
        if src.size > COPY_LIMIT:
            raise TerminalError(f"{self.url}/{source_key} is over 5 GB: UploadPartCopy is not implemented",
                                stage="publish")
        try:
            resp = self.client.copy_object(
                Bucket=self.bucket, Key=self._key(key), CopySource={"Bucket": self.bucket, "Key": self._key(source_key)},
                CopySourceIfMatch=src.etag,  # exactly the bytes checked above
                MetadataDirective="REPLACE", ContentType=content_type, CacheControl=cache_control,
                ChecksumAlgorithm="SHA256")
        except ClientError as exc:
            raise self._error(exc, "copy", key) from None
        except BotoCoreError as exc:
            raise self._error(exc, "copy", key) from None
        result = resp.get("CopyObjectResult", {})
        got = _b64_to_hex(result.get("ChecksumSHA256"))
        if got is not None and got != expect_sha256:
            raise PublishConflict(f"{self.url}/{key}: the copy of {source_key} failed its checksum", stage="publish")
        return ObjectInfo(key, str(result.get("ETag", "")), src.size, expect_sha256, content_type, cache_control)

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
