"""Damaged inputs of every format: read() returns a Document or raises RejectedInput, nothing else."""

from __future__ import annotations

import random

import pytest

from govpub.errors import RejectedInput
from govpub.ingest.document import Document, MediaType, SourceMeta
from govpub.ingest.formats import DOCX
from govpub.ingest.read import convert

from .builders import SEED, docx_bytes, government_page, pdf_bytes

MUTATIONS = 40


def _mutants(data: bytes, seed: int) -> list[bytes]:
    rng = random.Random(seed)  # fixed seed: the same damaged files on every run
    out: list[bytes] = []
    for _ in range(MUTATIONS):
        b = bytearray(data)
        for _ in range(rng.choice([1, 5, 50])):
            pos, op = rng.randrange(len(b)), rng.random()
            if op < 0.5:
                b[pos] = rng.randrange(256)
            elif op < 0.75:
                del b[pos:pos + rng.randrange(1, 200)]
            else:
                b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 50)))
        out.append(bytes(b))
    return out


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.parametrize("media", ["text/plain", "text/html", DOCX, "application/pdf"])
def test_damaged_input_is_read_or_rejected(media: MediaType) -> None:
    original = {
        "text/plain": SEED.read_bytes(),
        "text/html": government_page().encode("gbk"),
        DOCX: docx_bytes(),
        "application/pdf": pdf_bytes([["TITLE:标题", "正文一段。" * 20], ["第二页内容。" * 10]]),
    }[media]
    meta = SourceMeta(uri="damaged", name="damaged")
    outcomes = {"read": 0, "rejected": 0}
    for data in _mutants(original, seed=len(media)):
        try:
            assert isinstance(convert(meta, data, media), Document)
            outcomes["read"] += 1
        except RejectedInput as exc:
            assert exc.stage == "ingest" and exc.source == "damaged" and exc.message
            outcomes["rejected"] += 1
    assert sum(outcomes.values()) == MUTATIONS
