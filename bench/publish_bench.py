"""Benchmark of publish: package size in, wall-clock seconds per protocol case out (printed, never asserted).

Run from the repo root:
    PYTHONPATH=src:. python bench/publish_bench.py --rows 10000 100000 --backends local s3
The S3 case starts moto's server on 127.0.0.1 (as the tests do).
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import tempfile
import time
from pathlib import Path

from govpub.publish import publish
from tests.publish.packages import make_meta, make_package, measures


def _moto() -> tuple[object, str]:
    from moto.server import ThreadedMotoServer

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    return server, f"http://127.0.0.1:{port}"


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto logs every request otherwise
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--backends", nargs="+", default=["local", "s3"])
    args = ap.parse_args()
    server, endpoint = _moto() if "s3" in args.backends else (None, None)
    print(f"{'backend':<7} {'rows':>8} {'MB':>7} {'first':>8} {'unchanged':>10} {'minor':>8}")
    try:
        for backend in args.backends:
            for n in args.rows:
                with tempfile.TemporaryDirectory() as tmp:
                    root = Path(tmp)
                    if backend == "s3":
                        import boto3

                        bucket = f"bench-{n}"
                        boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
                        target = f"s3://{bucket}/r"
                    else:
                        target = str(root / "public")
                    a = make_package(root / "a", measure_rows=measures(n))
                    b = make_package(root / "b", measure_rows=measures(n + n // 100))
                    size = sum(f.bytes for f in a.files) / 1e6
                    times = []
                    for package, now in ((a, "2026-01-01T00:00:00+00:00"), (a, "2026-01-02T00:00:00+00:00"),
                                         (b, "2026-01-03T00:00:00+00:00")):
                        t0 = time.perf_counter()
                        publish(package, target, meta=make_meta(), now=now, s3_endpoint_url=endpoint)
                        times.append(time.perf_counter() - t0)
                    print(f"{backend:<7} {n:>8} {size:>7.2f} {times[0]:>8.2f} {times[1]:>10.2f} {times[2]:>8.2f}")
    finally:
        if server is not None:
            server.stop()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
