"""find_contacts: tables of real contact blocks in, normalised contacts out."""

from __future__ import annotations

import random
from typing import Any

import pytest

from govpub.extract import contacts
from govpub.extract.contacts import find_contacts


def _found(text: str) -> list[tuple[str, str, str, str | None]]:
    return [(c.kind, c.value, c.as_written, c.region) for c in find_contacts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # landlines with area code, every way they are written
        ("联系电话:0755-22092176;", [("phone", "+8675522092176", "0755-22092176", "广东省深圳市")]),
        ("联系电话：(0755)22092176。", [("phone", "+8675522092176", "(0755)22092176", "广东省深圳市")]),
        ("联系电话：（0755）22092176。", [("phone", "+8675522092176", "（0755）22092176", "广东省深圳市")]),
        ("联系电话：0755－22092176。", [("phone", "+8675522092176", "0755－22092176", "广东省深圳市")]),
        (
            "电话：０７５５－２２０９２１７６",
            [("phone", "+8675522092176", "０７５５－２２０９２１７６", "广东省深圳市")],
        ),
        ("电话:020-12345678转123。", [("phone", "+862012345678;ext=123", "020-12345678转123", "广东省广州市")]),
        ("電話：010-12345678", [("phone", "+861012345678", "010-12345678", "北京市")]),
        ("电话：0755-2209 2176。", [("phone", "+8675522092176", "0755-2209 2176", "广东省深圳市")]),
        ("电话：0755-2209-2176。", [("phone", "+8675522092176", "0755-2209-2176", "广东省深圳市")]),
        # a number phonenumbers does not know yet keeps its place from the area code
        ("联系电话:0756-69436611;", [("phone", "+8675669436611", "0756-69436611", "广东省珠海市")]),
        ("联系电话:0660-6820985;", [("phone", "+866606820985", "0660-6820985", "广东省汕尾市")]),
        ("聯繫電話：+86 755 22092176", [("phone", "+8675522092176", "+86 755 22092176", "广东省深圳市")]),
        # a second local number shares the first one's area code
        (
            "联系电话：0755-22092176、22092177。",
            [
                ("phone", "+8675522092176", "0755-22092176", "广东省深圳市"),
                ("phone", "+8675522092177", "22092177", "广东省深圳市"),
            ],
        ),
        (
            "电话:020-12345678/87654321或83838383",
            [
                ("phone", "+862012345678", "020-12345678", "广东省广州市"),
                ("phone", "+862087654321", "87654321", "广东省广州市"),
                ("phone", "+862083838383", "83838383", "广东省广州市"),
            ],
        ),
        # a mobile lends no area code
        ("手机13812345678、22092177", [("phone", "+8613812345678", "13812345678", "江苏省连云港市")]),
        # mobiles: region is where the number block was issued
        ("手机:13812345678。", [("phone", "+8613812345678", "13812345678", "江苏省连云港市")]),
        ("手机：138 1234 5678，", [("phone", "+8613812345678", "138 1234 5678", "江苏省连云港市")]),
        # hotlines: digits as dialled, no region
        ("举报电话:12388。", [("phone", "12388", "12388", None)]),
        ("请拨打12345政务服务便民热线", [("phone", "12345", "12345", None)]),
        ("12345政务服务便民热线", [("phone", "12345", "12345", None)]),
        ("或登录12388举报平台反映", [("phone", "12388", "12388", None)]),
        ("联系方式：12380。", [("phone", "12380", "12380", None)]),
        ("服务热线：400-810-8888", [("phone", "4008108888", "400-810-8888", None)]),
        # emails: value lower-cased
        ("电子邮箱:zfhshgzj_xf@szss.gov.cn。", [("email", "zfhshgzj_xf@szss.gov.cn", "zfhshgzj_xf@szss.gov.cn", None)]),
        ("電子郵箱：ABC.Def@SZ.Gov.CN；", [("email", "abc.def@sz.gov.cn", "ABC.Def@SZ.Gov.CN", None)]),
        ("邮件地址：a_b@qq.com", [("email", "a_b@qq.com", "a_b@qq.com", None)]),
        # postcodes: only in a postal context
        ("邮政编码:518200;", [("postcode", "518200", "518200", None)]),
        ("邮编 518200", [("postcode", "518200", "518200", None)]),
        ("郵政編碼：518200", [("postcode", "518200", "518200", None)]),
        # postal addresses: without label and trailing punctuation; a postcode at their end is split off
        (
            "邮政信箱:深圳市深汕特别合作区管委会文贞楼1栋103办公室,邮政编码:518200;",
            [
                (
                    "address",
                    "深圳市深汕特别合作区管委会文贞楼1栋103办公室",
                    "深圳市深汕特别合作区管委会文贞楼1栋103办公室",
                    None,
                ),
                ("postcode", "518200", "518200", None),
            ],
        ),
        ("来信请寄深圳市2001号邮政信箱。", [("address", "深圳市2001号邮政信箱", "深圳市2001号邮政信箱", None)]),
        (
            "来信请寄：深圳市福田区福中三路1号（518048），",
            [
                ("address", "深圳市福田区福中三路1号", "深圳市福田区福中三路1号", None),
                ("postcode", "518048", "518048", None),
            ],
        ),
        (
            "地址：深圳市福田区福中三路1号 518048",
            [
                ("address", "深圳市福田区福中三路1号", "深圳市福田区福中三路1号", None),
                ("postcode", "518048", "518048", None),
            ],
        ),
        (
            "来信请寄：深圳市2001号信箱（邮编：518000）",
            [("address", "深圳市2001号信箱", "深圳市2001号信箱", None), ("postcode", "518000", "518000", None)],
        ),
        (
            "地址：深圳市福田区福中三路1号，518048。",
            [
                ("address", "深圳市福田区福中三路1号", "深圳市福田区福中三路1号", None),
                ("postcode", "518048", "518048", None),
            ],
        ),
        ("通訊地址：香港中環花園道3號；", [("address", "香港中環花園道3號", "香港中環花園道3號", None)]),
        (
            "通信地址：北京市西城区平安里西大街41号 电话：010-12345678",
            [
                ("address", "北京市西城区平安里西大街41号", "北京市西城区平安里西大街41号", None),
                ("phone", "+861012345678", "010-12345678", "北京市"),
            ],
        ),
        # web addresses
        (
            "网址:https://www.szss.gov.cn/xxgk/index.html。",
            [("url", "https://www.szss.gov.cn/xxgk/index.html", "https://www.szss.gov.cn/xxgk/index.html", None)],
        ),
        ("详见www.ccdi.gov.cn.", [("url", "http://www.ccdi.gov.cn", "www.ccdi.gov.cn", None)]),
        ("登录WWW.SZ.GOV.CN/Path查询", [("url", "http://www.sz.gov.cn/Path", "WWW.SZ.GOV.CN/Path", None)]),
        ("登录szss.gov.cn查询", [("url", "http://szss.gov.cn", "szss.gov.cn", None)]),
    ],
)
def test_contacts(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "共有518200户",  # six digits without postal context
        "项目编号:518200",
        "推进项目,518200个",
        "编号518200号",
        "全区12345人参加",  # a five-digit number without a phone word
        "举报件办结,12345件",  # the phone word belongs to another clause
        "2025-09-18",  # dates
        "8:30-12:00",
        "1.5亿元",
        "0755-22092",  # too short for a phone number
        "电话：22092176",  # no area code: no place to give it
        "身份证号440301199001011234",  # a longer number holding phone-like digits
        "网站地址：请见附件",  # 网站地址 is not postal
        "地址变更",  # a bare 地址 without its colon
        "地址：。",  # nothing after the label
    ],
)
def test_not_contacts(text: str) -> None:
    assert _found(text) == []


def test_email_domain_is_not_also_a_url() -> None:
    assert [c.kind for c in find_contacts("邮箱:xf@szss.gov.cn,网站:www.szss.gov.cn")] == ["email", "url"]


def test_offsets_slice_the_text() -> None:
    text = "联系电话：（0755）22092176；邮政信箱：深圳市某路1号，邮编：518200；邮箱：A@B.cn。"
    found = find_contacts(text)
    assert [c.kind for c in found] == ["phone", "address", "postcode", "email"]
    for c in found:
        assert text[c.char_start : c.char_end] == c.as_written


def test_seed_matches_gold(seed_text: str, seed_gold: dict[str, Any]) -> None:
    found = find_contacts(seed_text)
    by_kind: dict[str, list[str]] = {}
    for c in found:
        by_kind.setdefault(c.kind, []).append(c.as_written)
    gold = seed_gold["contacts"]
    assert by_kind == {
        "phone": gold["phones"],
        "email": gold["emails"],
        "postcode": gold["postcodes"],
        "address": gold["addresses"],
    }
    phone = next(c for c in found if c.kind == "phone")
    assert (phone.value, phone.region) == ("+8675522092176", "广东省深圳市")


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "text", ["", "地址:" * 5000, "邮编" * 5000, "a@" * 5000, "www." * 5000, "0" * 50000, "1" * 50000, "\ud800"]
)
def test_nasty_input_terminates_without_error(text: str) -> None:
    for c in find_contacts(text):
        assert c.char_start < c.char_end


_FUZZ_TOKENS = [
    "联系电话:", "0755-22092176", "13812345678", "12388", "举报", "邮政信箱:", "地址:", "来信请寄", "深圳市福田区",
    "1号", "(518048)", "邮编", "518200", "@", "xf", "szss.gov.cn", "www.", "https://", "a.b", "。", ",", ";", "\n",
    " ", "网站地址:", "İ", "WWW.SZ.GOV.CN",
]  # fmt: skip


def test_scanning_only_lines_with_hints_finds_what_a_full_scan_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    # With every text one "line", each pattern scans everything; the hinted lines must give the same.
    rng = random.Random(20250918)
    texts = ["".join(rng.choice(_FUZZ_TOKENS) for _ in range(rng.randint(1, 25))) for _ in range(3000)]
    hinted = [contacts._scan(t) for t in texts]
    monkeypatch.setattr(contacts, "_lines_with", lambda haystack, needles: [(0, len(haystack))])
    assert [contacts._scan(t) for t in texts] == hinted
    assert sum(len(found) for found in hinted) > 1000  # the texts do hold contacts


@pytest.mark.parametrize(
    ("text", "value", "as_written", "region"),
    [
        ("中央巡视办举报受理电话：010-12380（仅受理有关巡视整改的问题反映）。", "+861012380", "010-12380", "北京市"),
        ("市纪委监委举报电话:0755 12388。", "+8675512388", "0755 12388", "广东省深圳市"),
    ],
)
def test_short_hotline_after_an_area_code(text: str, value: str, as_written: str, region: str) -> None:
    (phone,) = [c for c in find_contacts(text) if c.kind == "phone"]
    assert (phone.value, phone.as_written, phone.region) == (value, as_written, region)


def test_a_landline_is_not_read_as_an_area_hotline() -> None:
    (phone,) = find_contacts("联系电话:0755-12345678。")
    assert phone.value == "+8675512345678"
