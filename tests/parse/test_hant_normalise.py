"""Script detection, the same-length Simplified folding, and furniture removal."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from govpub.parse.hant import script_of, to_simplified
from govpub.parse.normalise import normalise

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "000_5e2350e4989e1303.txt"


def test_script_of_seed_and_its_traditional_conversion() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert script_of(text) == "zh-Hans"
    assert script_of(opencc.OpenCC("s2t").convert(text)) == "zh-Hant"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("市委第六巡察組對深汕特別合作區黨工委開展了巡察。", "zh-Hant"),
        ("市委第六巡察组对深汕特别合作区党工委开展了巡察。", "zh-Hans"),
        ("", "zh-Hans"),
        ("2025-09-18", "zh-Hans"),
        # one Traditional name quoted in a Simplified paragraph does not flip the script
        ("会议邀请了臺灣同胞代表参加座谈，大家围绕两岸融合发展等议题进行了深入交流和讨论。", "zh-Hans"),
    ],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


def test_to_simplified_keeps_length_and_folds() -> None:
    trad = "市委第六巡察組對深汕特別合作區黨工委開展了七屆市委第八輪巡察"
    simp = to_simplified(trad)
    assert len(simp) == len(trad)
    assert simp == "市委第六巡察组对深汕特别合作区党工委开展了七届市委第八轮巡察"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("正文。\n手机扫一扫打开当前界面", "正文。"),
        ("正文。\n手機掃一掃打開當前界面", "正文。"),
        ("首页 > 政务公开 > 通知公告\n正文。", "正文。"),
        ("当前位置：首页 > 信息公开\n正文。", "正文。"),
        ("发布时间：2025-09-18 来源：本网 浏览次数：120\n正文。", "正文。"),
        ("正文。\n分享到：\n【打印本页】【关闭窗口】", "正文。"),
        ("无障碍 | 长者模式\n正文。\n版权所有：龙溪县人民政府 粤ICP备12345678号 网站标识码：4415000001", "正文。"),
        ("2025年9月18日 手机扫一扫打开当前界面", "2025年9月18日"),
        ("一\r\n二\r三", "一\n二\n三"),
        # a real paragraph that mentions 来源 or 版权 is not furniture
        ("资金来源：区财政安排专项资金3000万元，用于农村供水管网改造，确保群众用水安全。", None),
        ("加强知识产权和版权保护，完善版权所有人维权机制。", None),
    ],
)
def test_normalise(raw: str, clean: str | None) -> None:
    assert normalise(raw) == (raw if clean is None else clean)
