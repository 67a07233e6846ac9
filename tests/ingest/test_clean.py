"""clean: newlines, invisible characters and page-furniture lines."""

from __future__ import annotations

import pytest

from govpub.ingest.clean import clean_text, is_furniture, normalise


@pytest.mark.parametrize("raw, expected", [
    ("一、总体情况\r\n整改完成。\r\n", "一、总体情况\n整改完成。\n"),
    ("a\rb\x0cc\u2028d\u2029e\x85f\x0bg", "a\nb\nc\nd\ne\nf\ng"),
    ("\ufeff根据市委统一部署", "根据市委统一部署"),
    ("整改完成。  \t\u00a0\n", "整改完成。\n"),
    ("\u3000\u3000根据市委统一部署\u3000", "\u3000\u3000根据市委统一部署\u3000"),  # U+3000 is the parser's
    ("a\x00b\x07c", "abc"),
])
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("line", [
    "手机扫一扫打开当前界面",
    "扫一扫在手机打开当前页",
    "用手机扫描二维码在手机上继续观看",
    "分享到：微信 微博 QQ空间",
    "发布时间：2025-09-18 10:30　来源：深汕特别合作区　浏览次数：1024",
    "来源：深圳市人民政府",
    "字号：大 中 小",
    "【字体：大 中 小】【打印】【关闭】",
    "无障碍浏览 | 长者模式",
    "【打印本页】【关闭窗口】",
    "[打印] [关闭]",
    "上一篇：关于2024年工作的通报",
    "当前位置：首页 > 政务公开 > 通知公告",
    "首页 > 信息公开",
    "版权所有：深圳市人民政府 主办单位：深圳市政务服务数据管理局",
    "粤ICP备05104532号",
    "网站标识码：4403000001",
    "Copyright © 2025 All Rights Reserved",
    "江州市生态环境局 版权所有\u3000联系我们：0797-8216001",
    "粤公网安备 44162502000123号",
])
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "一、党工委履行巡察整改主体责任情况",
    "（三）推进无障碍环境建设",  # about accessibility, not an accessibility bar
    "联系电话：0755-22092176；邮政信箱：深圳市深汕特别合作区管委会文贤楼1栋103办公室，邮政编码：518200",
    "欢迎广大干部群众对巡察整改落实情况进行监督。公开期限：2025年9月18日至10月18日。",
    "时间：2024年4月8日至6月21日",
    "二是加强版权保护，打击侵权盗版。",
    "三是严厉打击侵权行为，维护版权所有者合法权益。",
    "主办单位要落实安全责任，确保活动有序开展。",
    '"noise": ["无障碍", "长者模式", "版权所有", "ICP备", "网站标识码"]',
    "三是推进首页改版，优化政务服务。",
    "中共深圳市深汕特别合作区工作委员会",
    "2025年9月18日",
    "发布时间：" + "很长的正文" * 40,  # too long to be an info line
])
def test_report_lines_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_clean_text_keeps_order_drops_blank_lines_and_collects_noise_once() -> None:
    cleaned = clean_text("一、总体情况\n\n整改完成。\n手机扫一扫打开当前界面\n\u3000\n手机扫一扫打开当前界面",
                         noise=["首页"])
    assert cleaned.text == "一、总体情况\n整改完成。"
    assert cleaned.noise == ("首页", "手机扫一扫打开当前界面")


def test_caption_glued_to_the_last_paragraph_is_cut_off() -> None:
    cleaned = clean_text("公开期限：2025年8月15日至8月24日。中共江州市章江区沙河街道工作委员会 2025年8月15日手机扫一扫打开当前界面")
    assert cleaned.text == "公开期限：2025年8月15日至8月24日。中共江州市章江区沙河街道工作委员会 2025年8月15日"
    assert cleaned.noise == ("手机扫一扫打开当前界面",)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("line", [
    "打印 " * 30 + "X",
    "【打印】 " * 25 + "正文",
    "无障碍  " * 25 + "正文",
    "字号" + " " * 70 + "大" + " " * 70 + "中 x",
    "分享到" + "微 " * 40 + "。" * 100,
])
def test_near_miss_furniture_fails_fast(line: str) -> None:
    # Each of these once made a pattern backtrack exponentially (a hang, not a slow test).
    assert not is_furniture(line)


@pytest.mark.timeout(10)
def test_huge_single_line_with_glued_captions_is_cleaned_in_linear_time() -> None:
    line = "【打印本页】" * 20000 + "正文。手机扫一扫打开当前界面"
    cleaned = clean_text(line)
    assert cleaned.text.endswith("正文。") and cleaned.noise == ("手机扫一扫打开当前界面",)
