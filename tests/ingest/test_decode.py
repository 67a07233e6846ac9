"""decode(): the encodings Chinese government sites actually serve, declared or not, right or wrong."""

from __future__ import annotations

import codecs

import pytest

from govpub.errors import RejectedInput
from govpub.ingest.decode import decode

SHORT = "一、总体情况"  # short Chinese: where detectors go wrong
LONG = "根据市委统一部署，2024年4月8日至6月21日，市委第六巡察组对深汕特别合作区党工委开展了巡察。\n" * 3
GBK_ONLY = "镕"  # in GBK/GB18030, not in GB2312
GB18030_ONLY = "\U00020000"  # CJK Extension B: four bytes in GB18030, not in GBK


@pytest.mark.parametrize("text, data, declared, encoding", [
    (SHORT, SHORT.encode("utf-8"), (), "utf-8"),
    (SHORT, codecs.BOM_UTF8 + SHORT.encode("utf-8"), (), "utf-8-sig"),
    (SHORT, SHORT.encode("utf-16"), (), "utf-16"),  # Python writes a BOM
    (SHORT, codecs.BOM_UTF16_BE + SHORT.encode("utf-16-be"), (), "utf-16"),
    (SHORT, SHORT.encode("gbk"), (), "gb18030"),
    (SHORT, SHORT.encode("gb2312"), (), "gb18030"),
    (LONG, LONG.encode("gbk"), ("gbk",), "gbk"),
    (LONG, LONG.encode("gb2312"), ("GB2312",), "gb2312"),
    (SHORT + GBK_ONLY, (SHORT + GBK_ONLY).encode("gbk"), ("gb2312",), "gb18030"),  # declared too narrow
    (SHORT + GB18030_ONLY, (SHORT + GB18030_ONLY).encode("gb18030"), (), "gb18030"),
    (LONG, LONG.encode("gbk"), ("utf-8",), "gb18030"),  # declared wrong
    (LONG, LONG.encode("gbk"), ("iso-8859-1",), "gb18030"),  # a server default: never trusted first
    (LONG, LONG.encode("utf-8"), ("gbk",), "utf-8"),  # declared wrong the other way
    (LONG, LONG.encode("utf-8"), ("no-such-charset",), "utf-8"),
    ("plain ascii", b"plain ascii", (), "utf-8"),
    ("潮州話", "潮州話".encode("big5"), ("big5",), "big5"),
])
def test_decodes(text: str, data: bytes, declared: tuple[str, ...], encoding: str) -> None:
    decoded = decode(data, source="t.txt", declared=declared)
    assert decoded.text.lstrip("\ufeff") == text
    assert decoded.encoding == encoding


TRADITIONAL = ("根據省委統一部署，省委第四巡視組對南屏師範大學黨委開展了巡視。學校黨委堅持把巡視整改作為重大政治任務，"
               "切實履行整改主體責任，推動各項整改措施落實落地。")


def test_undeclared_big5_is_not_read_as_gb18030_mojibake() -> None:
    decoded = decode(TRADITIONAL.encode("big5"), source="t.txt")
    assert decoded.text == TRADITIONAL and decoded.encoding == "big5hkscs"


def test_simplified_gbk_stays_gb18030_even_when_big5_could_decode_it() -> None:
    simplified = "根据市委统一部署，市委第六巡察组对深汕特别合作区党工委开展了巡察。党工委高度重视巡察整改工作。"
    assert decode(simplified.encode("gbk"), source="t.txt").encoding == "gb18030"


def test_latin1_text_falls_back_to_detection_or_declared() -> None:
    data = "Résumé of the café meeting, naïve façade.".encode("latin-1") * 5
    decoded = decode(data, source="t.txt", declared=("iso-8859-1",))
    assert "café" in decoded.text


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "NUL bytes"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "does not decode as utf-8-sig"),
    (bytes(range(1, 32)) * 20, "control characters"),
])
def test_rejects(data: bytes, message: str) -> None:
    with pytest.raises(RejectedInput, match=message) as info:
        decode(data, source="bad.txt")
    assert info.value.source == "bad.txt" and info.value.stage == "ingest"
