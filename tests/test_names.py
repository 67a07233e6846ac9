from __future__ import annotations

import pytest

from govpub.names import safe_stem


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("000_5e2350e4989e1303.txt", "000_5e2350e4989e1303"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win"),
        ("..", "document"),
        ("关于巡察整改的通报.docx", "关于巡察整改的通报"),
        ("a b;rm -rf.html", "a_b_rm_-rf"),
        (".hidden", "hidden"),
    ],
)
def test_safe_stem(name: str, stem: str) -> None:
    assert safe_stem(name) == stem
    assert "/" not in safe_stem(name) and not safe_stem(name).startswith(".")
