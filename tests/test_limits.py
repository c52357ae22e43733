"""juesuan.limits: the limits a run is given (--limit, juesuan.toml [limits]), and the refusal they make."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan import errors, limits
from juesuan.cli import main
from juesuan.limits import GiB, Limits, MiB


def test_values_are_read_the_way_people_write_them() -> None:
    got = limits.from_arguments(["pages=5000", "file=512MB,stream=1.5GB", "memory=2GiB", "cpu=300s",
                                 "json-depth=10", "cells=2_000_000", "isolate=false"])
    assert got.pages == 5000 and got.file_bytes == 512 * MiB and got.stream_bytes == int(1.5 * GiB)
    assert got.memory_bytes == 2 * GiB and got.cpu_seconds == 300 and got.json_depth == 10
    assert got.workbook_cells == 2_000_000 and got.isolate is False
    assert limits.from_arguments(["text_bytes=1KB"]).text_bytes == 1024  # the field's own name works too


@pytest.mark.parametrize("bad", ["pages", "pages=lots", "nosuch=1", "file=-1MB", "isolate=maybe", "cpu=1h"])
def test_a_bad_limit_is_a_settings_error(bad: str) -> None:
    with pytest.raises(errors.ConfigError):
        limits.from_arguments([bad])


def test_juesuan_toml_sets_limits_and_the_command_line_wins(tmp_path: Path) -> None:
    toml = tmp_path / "juesuan.toml"
    toml.write_text('[limits]\npages = 10\nstream = "1MB"\n\n[check]\nignore = ["C204"]\n', encoding="utf-8")
    got = limits.for_run(["pages=20"], config=toml)
    assert got.pages == 20 and got.stream_bytes == MiB and got.file_bytes == Limits().file_bytes


def test_zero_switches_a_limit_off(tmp_path: Path) -> None:
    assert limits.from_arguments(["pages=0"]).pages == 0
    limits.check("x", "pages", 10**9, limits.from_arguments(["pages=0"]))  # no refusal


def test_the_refusal_names_the_limit_the_value_and_how_to_raise_it() -> None:
    exc = limits.refusal("a.pdf", "pages", 200_000, 2000)
    assert exc.exit_code == 16
    assert exc.message == ("a.pdf: 文件超出处理限制 (exceeds a processing limit): 页数 200,000，超过上限 2,000 "
                           "(pages 200000 > 2000; --limit pages=N 或 juesuan.toml [limits] 可调整)")


def test_the_command_line_refuses_a_bad_limit_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "whatever.pdf", "--limit", "nosuch=1"]) == 2
    err = capsys.readouterr().err
    assert "没有这个限制" in err and err.count("\n") == 1


def test_a_bad_limits_table_in_juesuan_toml_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "juesuan.toml").write_text('[limits]\npages = "many"\n', encoding="utf-8")
    assert main(["parse", "whatever.pdf"]) == 2
    assert "juesuan.toml" in capsys.readouterr().err


def test_limits_in_juesuan_toml_apply_to_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.hostile_files import many_pages_pdf

    monkeypatch.chdir(tmp_path)
    (tmp_path / "juesuan.toml").write_text("[limits]\npages = 3\n", encoding="utf-8")
    (tmp_path / "four.pdf").write_bytes(many_pages_pdf(4))
    for args in (["parse", "four.pdf"], ["check", "four.pdf"], ["compose", "four.pdf", "-o", "r.docx"],
                 ["template", "--from", "four.pdf", "-o", "t.xlsx"]):
        code = main(args)
        err = capsys.readouterr().err
        assert code == (2 if args[0] == "check" else 16), (args, err)  # check: a file could not be read
        assert "--limit pages=N" in err
