"""Furniture removal and line-break unification: what normalise() keeps and drops."""

from __future__ import annotations

import pytest

from govpub.parse.normalise import normalise


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
        ("第一页正文。\n- 1 -\n第二页正文。\n— 2 —", "第一页正文。\n第二页正文。"),
        ("增长3-5-8个百分点。", None),
        # a real paragraph that mentions 来源 or 版权 is not furniture
        ("资金来源：区财政安排专项资金3000万元，用于农村供水管网改造，确保群众用水安全。", None),
        ("加强知识产权和版权保护，完善版权所有人维权机制。", None),
    ],
)
def test_normalise(raw: str, clean: str | None) -> None:
    assert normalise(raw) == (raw if clean is None else clean)
