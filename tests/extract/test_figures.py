"""find_figures: tables of stated quantities (and numbers that are not quantities) in, figures out."""

from __future__ import annotations

import pytest

from govpub.extract.figures import find_figures


def _found(text: str) -> list[tuple[float, str, str]]:
    return [(f.value, f.unit, f.as_written) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24项依申请文体旅游类政务服务事项权责全部上线实施", [(24.0, "项", "24项")]),
        ("推动全区34个行政村成立股份经济合作联合社", [(34.0, "个行政村", "34个行政村")]),
        ("推动22项依申请政务服务事项全部实现线上办理", [(22.0, "项", "22项")]),
        ("实现自然村“100%通自来水”", [(100.0, "%", "100%")]),
        ("覆盖率达到100％", [(100.0, "%", "100％")]),
        ("覆盖率达到98.5%", [(98.5, "%", "98.5%")]),
        ("提高5个百分点", [(5.0, "个百分点", "5个百分点")]),
        ("占比百分之五十", [(50.0, "%", "百分之五十")]),
        ("超千名农村党员主动认岗领责", [(1000.0, "名", "超千名")]),
        ("上千名群众", [(1000.0, "名", "上千名")]),
        ("千余名党员", [(1000.0, "名", "千余名")]),
        # Arabic digits + magnitude: the number as written, the magnitude in the unit
        ("投入资金1.5亿元", [(1.5, "亿元", "1.5亿元")]),
        ("服务群众3.2万人", [(3.2, "万人", "3.2万人")]),
        ("完成投资5000余万元", [(5000.0, "万元", "5000余万元")]),
        ("合计2024.5万", [(2024.5, "万", "2024.5万")]),
        ("涉及金额5万余元", [(5.0, "万元", "5万余元")]),
        ("清退1,234.56元", [(1234.56, "元", "1,234.56元")]),
        (
            "整改问题45个,完成整改43个,整改完成率95.6%",
            [(45.0, "个", "45个"), (43.0, "个", "43个"), (95.6, "%", "95.6%")],
        ),
        ("共1,200名", [(1200.0, "名", "1,200名")]),
        ("300余人参加", [(300.0, "人", "300余人")]),
        ("30多个部门", [(30.0, "个部门", "30多个部门")]),
        ("约12.5公里", [(12.5, "公里", "约12.5公里")]),
        ("近3年", [(3.0, "年", "近3年")]),
        ("15个工作日内办结", [(15.0, "个工作日", "15个工作日")]),
        # Chinese-numeral counts: whole numeral converted
        ("新增三个", [(3.0, "个", "三个")]),
        ("选派两名干部", [(2.0, "名", "两名")]),
        ("召开三次会议", [(3.0, "次", "三次")]),
        ("三千五百人参加", [(3500.0, "人", "三千五百人")]),
        ("两万余人", [(20000.0, "人", "两万余人")]),
        ("从三个方面", [(3.0, "个方面", "三个方面")]),
        # a space before the unit, as text extracted from PDFs has
        ("完成 24 项", [(24.0, "项", "24 项")]),
        ("服务 3.2 万人", [(3.2, "万人", "3.2 万人")]),
        # Traditional script
        ("完成24項", [(24.0, "項", "24項")]),
        ("推動全區34個行政村成立", [(34.0, "個行政村", "34個行政村")]),
        ("投入資金1.5億元", [(1.5, "億元", "1.5億元")]),
        ("選派兩名幹部", [(2.0, "名", "兩名")]),
        ("超過三千五百人", [(3500.0, "人", "超過三千五百人")]),
        ("300餘人參加", [(300.0, "人", "300餘人")]),
        # several in one clause, in order
        ("新建3所学校,新增2000个学位", [(3.0, "所", "3所"), (2000.0, "个", "2000个")]),
    ],
)
def test_figures(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一是促进一三产业加快发展",  # enumeration markers and ordinals
        "第一",
        "第三轮巡察",
        "第3轮",
        "第 3 轮",
        "一批项目",  # "一" as the article
        "一个项目",
        "一流汽车城",
        "美丽圩镇建设“七个一”项目",  # slogans and named formulas
        "坚定拥护“两个确立”、坚决做到“两个维护”",
        "推进“两个责任”落实",
        "中央八项规定精神",
        "中央八項規定精神",
        "堅決做到兩個維護",
        "數十家企業",
        "做到两个维护",
        "四议两公开",
        "数十家企业",  # no number stated
        "十几个",
        "千家万户",  # idioms
        "一事一议",
        "2024年4月8日至6月21日",  # dates
        "2024年度",
        "8:30-12:00",  # clock times
        "14时30分",
        "联系电话:0755-22092176",  # phones, postcodes, addresses
        "邮政编码:518200",
        "邮政信箱:深圳市深汕特别合作区管委会文贞楼1栋103办公室,",
        "〔2024〕5号",  # document numbers
        "第2024号",
        "1.加快推动合作区经济高质量发展",  # section markers
        "(1)项目",
        "v1.2.3",
        "2024年",
    ],
)
def test_not_figures(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "context"),
    [
        (
            "丰富文娱设施项目,24项依申请文体旅游类政务服务事项权责全部上线实施,持续举办各类文化活动。",
            "24项依申请文体旅游类政务服务事项权责全部上线实施",
        ),
        (
            "加强政策指导，推动全区34个行政村成立股份经济合作联合社；积极发动",
            "推动全区34个行政村成立股份经济合作联合社",
        ),
        ("完成村庄供水管网施工,实现自然村“100%通自来水”。", "实现自然村“100%通自来水”"),
        ("超千名农村党员主动认岗领责", "超千名农村党员主动认岗领责"),
        ("前文。\n  服务3.2万人  \n后文", "服务3.2万人"),
    ],
)
def test_context_is_the_clause(text: str, context: str) -> None:
    (figure,) = find_figures(text)
    assert figure.context == context
    assert text[figure.char_start : figure.char_end] == figure.as_written


def test_seed_figures(seed_text: str) -> None:
    assert _found(seed_text) == [
        (24.0, "项", "24项"),
        (100.0, "%", "100%"),
        (22.0, "项", "22项"),
        (34.0, "个行政村", "34个行政村"),
        (1000.0, "名", "超千名"),
    ]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("text", ["", "1项" * 20000, "1" * 50000, "二" * 50000, "百分之" * 5000, "\ud800"])
def test_nasty_input_terminates_without_error(text: str) -> None:
    for f in find_figures(text):
        assert f.char_start < f.char_end
