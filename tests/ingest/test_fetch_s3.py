"""s3:// sources against moto's server mode on 127.0.0.1, through boto3 over HTTP."""

from __future__ import annotations

import json
import uuid

import boto3
import pytest

from govpub.errors import RejectedInput
from govpub.ingest import IngestLimits, discover, read

from .builders import TITLE, docx_bytes, government_page

pytestmark = pytest.mark.integration


@pytest.fixture
def bucket(s3_env: str) -> str:
    name = f"inbox-{uuid.uuid4().hex[:8]}"
    s3 = boto3.client("s3", endpoint_url=s3_env)
    s3.create_bucket(Bucket=name)
    objects = {
        "reports/2025/b.html": government_page().encode("gbk"),
        "reports/2025/b.html.meta.json": json.dumps({
            "url": "https://www.szss.gov.cn/xxgk/t20250918_1.html", "title": TITLE,
            "publisher": "深汕特别合作区", "retrieved_at": "2025-09-19T08:00:00+08:00", "extra": 1,
        }, ensure_ascii=False).encode(),
        "reports/a.txt": "一、总体情况\n整改完成。\n手机扫一扫打开当前界面\n".encode(),
        "reports/c.docx": docx_bytes(),
        "reports/notes.xlsx": b"not a report",
        "reports/sub/": b"",
        "reportsX/other.txt": "不在前缀内".encode(),
    }
    for key, body in objects.items():
        s3.put_object(Bucket=name, Key=key, Body=body)
    return name


def test_prefix_lists_supported_objects_sorted_with_sidecars(bucket: str) -> None:
    metas = discover([f"s3://{bucket}/reports"])
    assert [m.uri for m in metas] == [f"s3://{bucket}/reports/2025/b.html", f"s3://{bucket}/reports/a.txt",
                                      f"s3://{bucket}/reports/c.docx"]
    b = metas[0]
    assert (b.name, b.url, b.title, b.publisher, b.retrieved_at) == (
        "b.html", "https://www.szss.gov.cn/xxgk/t20250918_1.html", TITLE, "深汕特别合作区", "2025-09-19T08:00:00+08:00")
    assert metas[1].url is None


def test_objects_are_read_and_converted(bucket: str) -> None:
    docs = [read(m) for m in discover([f"s3://{bucket}/reports/"])]
    assert [d.media_type for d in docs] == ["text/html", "text/plain",
                                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert docs[0].title_hint == TITLE and docs[0].encoding == "gbk"
    assert docs[1].text == "一、总体情况\n整改完成。" and docs[1].noise == ("手机扫一扫打开当前界面",)
    assert "序号 问题 整改措施" in docs[2].text.split("\n")


def test_a_single_object_key(bucket: str) -> None:
    [meta] = discover([f"s3://{bucket}/reports/a.txt"])
    assert meta.uri == f"s3://{bucket}/reports/a.txt"


def test_endpoint_from_aws_endpoint_url_too(bucket: str, s3_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL_S3")
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_env)
    assert len(discover([f"s3://{bucket}/reports"])) == 3


def test_empty_prefix_and_missing_bucket_are_rejected(bucket: str) -> None:
    with pytest.raises(RejectedInput, match="no objects under this S3 prefix"):
        discover([f"s3://{bucket}/nothing-here"])
    with pytest.raises(RejectedInput, match="NoSuchBucket") as info:
        discover([f"s3://no-such-bucket-{uuid.uuid4().hex[:6]}/x"])
    assert info.value.stage == "discover"


def test_object_deleted_after_discovery_is_rejected(bucket: str, s3_env: str) -> None:
    [meta] = discover([f"s3://{bucket}/reports/a.txt"])
    boto3.client("s3", endpoint_url=s3_env).delete_object(Bucket=bucket, Key="reports/a.txt")
    with pytest.raises(RejectedInput, match="no such S3 object"):
        read(meta)


def test_object_over_the_size_limit_is_rejected(bucket: str) -> None:
    [meta] = discover([f"s3://{bucket}/reports/c.docx"])
    with pytest.raises(RejectedInput, match="more than the limit of 1000"):
        read(meta, limits=IngestLimits(max_bytes=1000))


def test_bad_sidecar_is_rejected_naming_the_sidecar(bucket: str, s3_env: str) -> None:
    s3 = boto3.client("s3", endpoint_url=s3_env)
    s3.put_object(Bucket=bucket, Key="bad/x.txt", Body="正文。".encode())
    s3.put_object(Bucket=bucket, Key="bad/x.txt.meta.json", Body=b"{not json")
    with pytest.raises(RejectedInput, match="sidecar is not valid UTF-8 JSON") as info:
        discover([f"s3://{bucket}/bad"])
    assert info.value.source == f"s3://{bucket}/bad/x.txt.meta.json"


def test_unreachable_endpoint_is_transient(bucket: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from govpub.errors import TransientError

    [meta] = discover([f"s3://{bucket}/reports/a.txt"])
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://127.0.0.1:{port}")
    with pytest.raises(TransientError, match="cannot reach S3"):
        read(meta, limits=IngestLimits(http_timeout_s=0.5, http_retries=0))
