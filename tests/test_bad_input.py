"""Bad input: one line naming the file and the reason, a distinct exit code, no traceback, no output file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from juesuan import errors, read
from juesuan.cli import main
from tests import minimal_pdf
from tests.conftest import corpus_file

CASES: list[tuple[str, Callable[[], bytes], type[errors.JuesuanError]]] = [
    ("not-a-pdf.pdf", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, errors.DamagedPdf),
    ("picture.png", lambda: b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4, errors.UnsupportedFile),
    ("empty.txt", lambda: b"", errors.UnsupportedFile),
    ("locked.pdf", minimal_pdf.encrypted_pdf, errors.EncryptedPdf),
    ("broken.pdf", minimal_pdf.damaged_pdf, errors.DamagedPdf),
    ("nothing.pdf", minimal_pdf.zero_page_pdf, errors.EmptyPdf),
    ("scan.pdf", minimal_pdf.drawing_only_pdf, errors.NoTextLayer),
    ("letter.pdf", minimal_pdf.text_pdf, errors.NoStandardTables),
]


@pytest.mark.parametrize(("name", "make", "error"), CASES, ids=[c[0] for c in CASES])
def test_library_raises_the_reason(tmp_path: Path, name: str, make: Callable[[], bytes],
                                   error: type[errors.JuesuanError]) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(error) as info:
        read(path)
    assert str(path) in info.value.message


@pytest.mark.parametrize(("name", "make", "error"), CASES, ids=[c[0] for c in CASES])
def test_cli_prints_one_line_and_exits_with_its_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, make: Callable[[], bytes],
    error: type[errors.JuesuanError],
) -> None:
    path = tmp_path / name
    data = make()
    path.write_bytes(data)
    out = tmp_path / "out.json"
    code = main(["parse", str(path), "--format", "json", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == error.exit_code
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"juesuan: {path}: ")
    assert "Traceback" not in captured.err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no partial or temporary file left
    assert path.read_bytes() == data  # the input is untouched


def test_exit_codes_are_distinct() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.JuesuanError)]
    codes = [c.exit_code for c in classes if c is not errors.JuesuanError]
    assert len(codes) == len(set(codes))
    # 1 is "errors found": for input errors only compose's refusal of data that fails its checks uses it
    assert 0 not in codes and [c for c in classes if c.exit_code == 1] == [errors.DataFailsChecks]


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["parse", str(tmp_path / "nope.pdf")])
    assert code == errors.FileMissing.exit_code
    assert "文件不存在" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["budget/putuo-czj-budget-2025.pdf", "budget/jiangsu-zx-budget-2018-tables.pdf"])
def test_budget_reports_are_refused(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus_file(name)
    code = main(["parse", str(path)])
    assert code == errors.BudgetReport.exit_code
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "部门预算" in err


def test_output_never_overwrites_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = corpus_file("hanyang-zzb-2022.txt")
    copy = tmp_path / "report.txt"
    copy.write_bytes(src.read_bytes())
    code = main(["parse", str(copy), "-o", str(copy)])
    assert code == errors.OutputError.exit_code
    assert copy.read_bytes() == src.read_bytes()
