"""Output files: written all at once, with the permissions any new file gets."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from juesuan.atomic_write import open_output, write_output
from juesuan.errors import OutputError


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_written_files_get_0644_under_umask_022(tmp_path: Path, umask_022: None) -> None:
    write_output(tmp_path / "a.txt", "x")
    with open_output(tmp_path / "b.txt") as fh:
        fh.write("y")
    for name in ("a.txt", "b.txt"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o644


def test_permissions_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_output(tmp_path / "private.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "private.txt").stat().st_mode & 0o777 == 0o600


def test_a_failure_part_way_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), open_output(tmp_path / "out.txt") as fh:
        fh.write("half")
        raise RuntimeError("stop")
    assert list(tmp_path.iterdir()) == []


def test_the_input_is_never_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(b"data")
    with pytest.raises(OutputError):
        write_output(source, "x", protect=(source,))
    assert source.read_bytes() == b"data"


def test_cli_parse_output_is_0644(tmp_path: Path, umask_022: None) -> None:
    from juesuan.cli import main
    from juesuan.model_json import dumps
    from tests.check import sample

    source = tmp_path / "r.json"
    source.write_text(dumps(sample.report()), encoding="utf-8")
    assert main(["parse", str(source), "--format", "json", "-o", str(tmp_path / "out.json")]) == 0
    assert (tmp_path / "out.json").stat().st_mode & 0o777 == 0o644
