"""The command's help and argparse's own messages in Chinese, with examples in every sub-command's help."""

from __future__ import annotations

import argparse
import gettext

import pytest

from juesuan.cli import COMMANDS, main


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    assert info.value.code == 0
    return capsys.readouterr().out


def test_top_level_help_is_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    out = _help(capsys)
    assert out.startswith("用法: juesuan") and "选项" in out and "子命令" in out and "显示本帮助并退出" in out
    assert "usage:" not in out and "show this help" not in out.replace("(show this help)", "")
    assert "示例" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_sub_command_help_is_in_chinese_with_examples(capsys: pytest.CaptureFixture[str], command: str) -> None:
    out = _help(capsys, command)
    assert out.startswith(f"用法: juesuan {command}") and "选项" in out
    examples = out.split("示例 (examples):", 1)
    assert len(examples) == 2, f"`juesuan {command} --help` has no examples"
    assert f"juesuan {command}" in examples[1]


def test_missing_argument_error_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法: juesuan check") and "juesuan check: 错误: 缺少必需的参数" in err and "FILE" in err


def test_bad_choice_error_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "x.pdf", "--format", "docx"])
    err = capsys.readouterr().err
    assert "无效的选项值 'docx'" in err and "错误" in err


def test_inputs_name_the_workbook(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "parse"):
        out = _help(capsys, command)
        assert "XLSX" in out, command


def test_argparse_is_left_as_it_was() -> None:
    """The translation lasts only while the command parses: programs importing juesuan keep English argparse."""
    with pytest.raises(SystemExit):
        main(["--version"])
    assert getattr(argparse, "_") is gettext.gettext  # noqa: B009
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage: x")


def test_help_wraps_chinese_by_display_width() -> None:
    from juesuan.cli.help_format import display_width, wrap

    text = "只列出不低于此级别的结果，各种格式都适用；计数和退出码仍按全部结果 (default: info)"
    lines = wrap(text, 30)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= 30 for line in lines)
    assert not any(line[0] in "，；。）" for line in lines)
