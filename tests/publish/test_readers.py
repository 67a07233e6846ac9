"""Clients that are not ours read a published release: pyarrow's S3 filesystem and pandas over HTTP."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from govpub.publish import publish
from tests.publish.packages import NAME, make_meta, make_package, measures

NOW = "2026-11-26T10:00:00+00:00"


@pytest.fixture
def http_dir(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "public"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.integration
def test_pyarrow_and_pandas_read_from_s3(s3_server, tmp_path: Path) -> None:
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    bucket = s3_server.new_bucket("govpub-readers")
    # Public read comes from the bucket policy in infra/, not from object ACLs.
    policy = (Path(__file__).resolve().parents[2] / "infra" / "aws" / "bucket-policy-public-read.json").read_text()
    s3_server.client().put_bucket_policy(
        Bucket=bucket, Policy=policy.replace("${BUCKET}", bucket).replace("${PREFIX}", "open"))
    publish(make_package(tmp_path / "p", measure_rows=measures(5)), f"s3://{bucket}/open", meta=make_meta(),
            now=NOW, s3_endpoint_url=s3_server.endpoint_url)
    host = s3_server.endpoint_url.removeprefix("http://")
    fs = pafs.S3FileSystem(access_key="testing", secret_key="testing", region="us-east-1", scheme="http",
                           endpoint_override=host)
    table = pq.read_table(f"{bucket}/open/{NAME}/latest/data/measures.parquet", filesystem=fs)
    assert table.num_rows == 5
    assert table.column("summary").to_pylist()[0] == "一是整改措施第1项"
    frame = pd.read_csv(f"{s3_server.endpoint_url}/{bucket}/open/{NAME}/latest/data/measures.csv")
    assert list(frame["measure_id"]) == [f"r1-m{i}" for i in range(1, 6)]
    assert frame["summary"].iloc[4] == "一是整改措施第5项"


@pytest.mark.integration
def test_pandas_reads_local_target_over_http(http_dir: tuple[Path, str], tmp_path: Path) -> None:
    root, url = http_dir
    publish(make_package(tmp_path / "p", measure_rows=measures(4)), str(root), meta=make_meta(), now=NOW)
    frame = pd.read_csv(f"{url}/{NAME}/latest/data/measures.csv")
    assert len(frame) == 4 and frame["summary"].iloc[0] == "一是整改措施第1项"
    versioned = pd.read_csv(f"{url}/{NAME}/1.0.0/data/measures.csv")
    assert versioned.equals(frame)
