"""The CLI explains itself, and the README documents every command (a test fails if one is undocumented)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govpub.cli import build_parser, main

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


def test_every_command_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [c for c in _commands() if f"govpub {c}" not in readme]
    assert missing == []


def test_readme_starts_with_the_two_commands() -> None:
    readme = README.read_text(encoding="utf-8")
    before, first_block = readme.split("```", 2)[:2]
    assert before.strip().startswith("# govpub") and before.count("\n") <= 2, "the commands come first"
    lines = first_block.splitlines()[1:]  # the first line is the fence's language tag
    commands = [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
    assert commands == ["make demo", "make test"]


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert len(capsys.readouterr().out) > 200


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
