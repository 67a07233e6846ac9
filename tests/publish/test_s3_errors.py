"""S3 errors become govpub errors: transient ones (5xx, throttling, connection) can be retried, a lost
conditional write is a PublishConflict, a missing key is None."""

from __future__ import annotations

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from botocore.stub import Stubber

from govpub.errors import PublishConflict, TerminalError, TransientError
from govpub.publish.s3 import S3Storage
from govpub.publish.storage import PreconditionFailed


def _storage() -> tuple[S3Storage, Stubber]:
    client = boto3.client("s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x",
                          endpoint_url="http://127.0.0.1:9", config=Config(retries={"max_attempts": 1}))
    return S3Storage("bucket", "prefix", client=client), Stubber(client)


@pytest.mark.parametrize(("code", "status", "expected"), [
    ("SlowDown", 503, TransientError),
    ("InternalError", 500, TransientError),
    ("ServiceUnavailable", 503, TransientError),
    ("PreconditionFailed", 412, PreconditionFailed),
    ("ConditionalRequestConflict", 409, PublishConflict),
    ("AccessDenied", 403, TerminalError),
])
def test_put_errors_map_to_govpub_errors(code: str, status: int, expected: type[Exception]) -> None:
    storage, stub = _storage()
    stub.add_client_error("put_object", service_error_code=code, http_status_code=status)
    with stub, pytest.raises(expected) as info:
        storage.put("ds/1.0.0/manifest.json", b"{}", content_type="application/json", cache_control="x",
                    if_none_match=True)
    assert "s3://bucket/prefix/ds/1.0.0/manifest.json" in str(info.value)
    if expected is TerminalError:
        assert not info.value.transient  # type: ignore[attr-defined]


def test_missing_key_is_none_and_conditions_are_sent() -> None:
    storage, stub = _storage()
    stub.add_client_error("get_object", service_error_code="NoSuchKey", http_status_code=404)
    stub.add_response("put_object", {"ETag": '"e"'}, {
        "Bucket": "bucket", "Key": "prefix/a.json", "Body": b"{}", "ContentType": "application/json",
        "CacheControl": "public, max-age=300", "IfMatch": '"old"',
        "ChecksumSHA256": "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=", "ChecksumAlgorithm": "SHA256",
    })
    with stub:
        assert storage.get("a.json") is None
        assert storage.put("a.json", b"{}", content_type="application/json", cache_control="public, max-age=300",
                           if_match='"old"').etag == '"e"'
    stub.assert_no_pending_responses()


def test_connection_errors_are_transient(monkeypatch: pytest.MonkeyPatch) -> None:
    storage, _ = _storage()

    def refuse(**kwargs: object) -> None:
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")

    monkeypatch.setattr(storage.client, "get_object", refuse)
    with pytest.raises(TransientError):
        storage.get("a.json")
