#!/usr/bin/env python3
"""Peak memory and time of each hostile case of issue 9, through the command line as a user runs it.

Each case is made in a temporary folder (tests/hostile_files.py; the damaged-font cases from the corpus,
skipped without it) and run as `juesuan ...` in a fresh process; the peak is the largest resident set of
that process and the reading process it forks (wait4), the time is wall-clock and CPU (user + system) of
both.  The real reports are measured the same way, for comparison.

Usage: .venv/bin/python bench/hostile.py [--only SUBSTRING] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile_files as h  # noqa: E402  (the generators the tests use)

CORPUS = Path(os.environ.get("JUESUAN_CORPUS", ROOT.parent / "shared" / "corpus"))
JUESUAN = Path(sys.executable).parent / "juesuan"
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


@dataclass
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes its files into the folder, returns the juesuan arguments


def _file(name: str, data: Callable[[], bytes], *extra: str, command: str = "parse") -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data())
        return [command, str(path), *(str(folder / e) if e.startswith("out.") else e for e in extra)]

    return make


def _corpus_mutation(changes: dict[int, int], command: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        source = CORPUS / "putuo-shgzb-2024.pdf"
        if not source.exists():
            raise FileNotFoundError(source)
        data = bytearray(source.read_bytes())
        for offset, value in changes.items():
            data[offset] = value
        path = folder / "mutated.pdf"
        path.write_bytes(bytes(data))
        return [command, str(path)] + (["-o", str(folder / "out.docx")] if command == "compose" else [])

    return make


def _example_text(folder: Path, size: int) -> Path:
    import juesuan

    report = juesuan.read(ROOT / "examples" / "example-2022.pdf")
    text = "\f".join(page.text for page in report.pages)
    copies = max(1, size // len(text.encode("utf-8")))
    path = folder / f"text-{size >> 20}MB.txt"
    path.write_text("\f".join([text] * copies), encoding="utf-8")
    return path


def _text(size: int) -> Callable[[Path], list[str]]:
    return lambda folder: ["parse", str(_example_text(folder, size)), "--format", "json", "-o",
                           str(folder / "out.json")]


def _workbook(folder: Path) -> bytes:
    import juesuan
    from juesuan.model_json import report_from_json

    path = folder / "seed.xlsx"
    example = json.loads((ROOT / "examples" / "example-2022.json").read_text(encoding="utf-8"))
    juesuan.template(path, source=report_from_json(example))
    return path.read_bytes()


def _xlsx(name: str, change: Callable[[bytes], dict[str, bytes | tuple[int, bytes]]]) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        seed = _workbook(folder)
        path = folder / f"{name}.xlsx"
        path.write_bytes(h.replace_members(seed, change(seed)))
        return ["parse", str(path)]

    return make


def _stray_cells(folder: Path) -> list[str]:
    import openpyxl

    path = folder / "stray.xlsx"
    path.write_bytes(_workbook(folder))
    wb = openpyxl.load_workbook(path)
    for name in wb.sheetnames:
        if name.startswith("表"):
            wb[name].cell(1_048_576, 3).value = 1
    wb.save(path)
    return ["check", str(path)]


def _fifo(folder: Path) -> list[str]:
    path = folder / "pipe.pdf"
    os.mkfifo(path)
    return ["parse", str(path)]


LONG_NAME = """
import json, time, juesuan
from juesuan.model_json import report_from_json
report = report_from_json(json.load(open({example!r}, encoding="utf-8")))
for n in (1_000, 10_000, 100_000):
    report.department = "某" * n
    started = time.process_time()
    juesuan.check(report)
    print(f"check, department of {{n:,}} characters: {{time.process_time() - started:.2f}} s CPU")
"""


def _long_department(folder: Path) -> list[str]:
    """check on a Report made in Python (the JSON door refuses names beyond 500 characters)."""
    return ["python", LONG_NAME.format(example=str(ROOT / "examples" / "example-2022.json"))]


def _interleaved(folder: Path) -> list[str]:
    import itertools

    import juesuan

    report = juesuan.read(ROOT / "examples" / "example-2022.pdf")
    pages = [page.text for page in report.pages]
    tables = [i for i, text in enumerate(pages) if sum(ch.isdigit() for ch in text) > 200]
    lines = [pages[i].split("\n") for i in tables]
    mixed = [line for group in itertools.zip_longest(*lines) for line in group if line is not None]
    path = folder / "interleaved.txt"
    path.write_text("\f".join([p for i, p in enumerate(pages) if i not in tables] + ["\n".join(mixed)]),
                    encoding="utf-8")
    return ["parse", str(path)]


def _big_json(folder: Path) -> list[str]:
    path = folder / "huge.json"
    h.big_model_json(path, 200 * h.MiB)
    return ["parse", str(path)]


SHEET = "xl/worksheets/sheet5.xml"  # 表3 支出决算表 in a template workbook (after 填报说明, 基本信息, 表1, 表2)


CASES: list[Case] = [
    Case("PDF content inflating to 4 GiB of spaces", _file("ws.pdf", lambda: h.whitespace_bomb_pdf(4 * h.GiB))),
    Case("PDF content of 2 GiB of text objects", _file("text.pdf", lambda: h.text_bomb_pdf(2 * h.GiB))),
    Case("PDF content behind two FlateDecode filters", _file("dbl.pdf", lambda: h.double_flate_bomb_pdf())),
    Case("PDF page tree: 200,000 kids, one page", _file("tree.pdf", lambda: h.page_tree_bomb_pdf(200_000))),
    Case("PDF forms nested 7 deep, 10 per level", _file("forms.pdf", lambda: h.nested_forms_pdf(7, 10))),
    Case("... the same, measurements off: isolation", _file("forms.pdf", lambda: h.nested_forms_pdf(7, 10),
                                                            "--limit", "objects=0,stream=0,document=0")),
    Case("PDF image of 100,000 x 100,000 pixels", _file("img.pdf", lambda: h.image_bomb_pdf())),
    Case("PDF of 2,001 pages", _file("pages.pdf", lambda: h.many_pages_pdf(2001))),
    Case("corpus PDF, 3 font bytes changed: check", _corpus_mutation({84757: 0x2A, 213034: 0x01, 215142: 0x7B},
                                                                     "check")),
    Case("corpus PDF, 3 font bytes changed: compose", _corpus_mutation({84757: 0x2A, 213034: 0x01, 215142: 0x7B},
                                                                       "compose")),
    Case("corpus PDF, 1 narrative-font byte: check", _corpus_mutation({205759: 0x3D}, "check")),
    Case("model JSON nested 1,000 deep", _file("deep.json", lambda: h.deep_json(1000))),
    Case("model JSON amount NaN: compose", _file("nan.json", lambda: json.dumps(h.model_json(
        tables={"income": {"columns": ["total"], "rows": [{"name": "x", "values": ["NaN"]}]}})).encode(),
        "-o", "out.docx", command="compose")),
    Case("model JSON amount 1e999999: template", _file("huge.json", lambda: json.dumps(h.model_json(
        tables={"income": {"columns": ["total"], "rows": [{"name": "x", "values": ["1e999999"]}]}})).encode(),
        "-o", "out.xlsx", command="template --from")),
    Case("model JSON department with NUL: compose", _file("nul.json", lambda: json.dumps(h.model_json(
        department="某\u0000局")).encode(), "-o", "out.docx", command="compose")),
    Case("model JSON year 二〇二四", _file("year.json", lambda: json.dumps(h.model_json(year="二〇二四")).encode())),
    Case("model JSON duplicate keys", _file("dup.json", lambda: b'{"year": 2024, "year": 2025, "tables": {}}')),
    Case("model JSON of 200 MB", _big_json),
    Case("check: department names of 1,000 to 100,000 characters", _long_department),
    Case("text interleaving every table's lines", _interleaved),
    Case("XLSX sheet inflating to 3 GiB", _xlsx("bomb", lambda s: {SHEET: (3 * h.GiB, h.raw_deflate_bomb(
        b" " * h.MiB, 3072))})),
    Case("XLSX shared strings inflating to 8 GiB", _xlsx("strings", lambda s: {"xl/sharedStrings.xml": (
        8 * h.GiB, h.raw_deflate_bomb(b"<si><t>x</t></si>" * 65536, 8192))})),
    Case("XLSX sheet lying about its size", _xlsx("liar", lambda s: {SHEET: (1000, h.raw_deflate_bomb(
        b" " * h.MiB, 1024))})),
    Case("XLSX table sheet of 1,000,000 rows", _xlsx("rows", lambda s: {SHEET: h.sheet_xml(1_000_000)})),
    Case("XLSX table sheet of 150,000 rows", _xlsx("rows150k", lambda s: {SHEET: h.sheet_xml(150_000)})),
    Case("XLSX one cell in row 1,048,576 per table: check", _stray_cells),
    Case("text of 1 MB", _text(1 << 20)),
    Case("text of 10 MB", _text(10 << 20)),
    Case("FIFO as input", _fifo),
    Case("/proc/self/mem as input", lambda folder: ["parse", "/proc/self/mem"]),
]


def real_reports() -> list[Case]:
    out = []
    for path in sorted(CORPUS.glob("*.pdf")) + sorted(CORPUS.glob("*.txt")):
        out.append(Case(f"real: check {path.name}", lambda folder, p=path: ["check", str(p)]))
    return out


def run(case: Case, folder: Path) -> dict[str, object]:
    args = case.make(folder)
    if args[0] == "python":
        command = [sys.executable, "-c", args[1]]
    else:
        command = [str(JUESUAN), *args[0].split(), *args[1:]]
    started = time.perf_counter()
    stats = folder / "time.txt"
    # GNU time forks the command from its own small process: the peak is the command's (and its reading
    # process's), not this script's (a child forked from a large process starts with that process's peak)
    command = [TIME, "-f", "%M %U %S", "-o", str(stats), *command] if TIME else command
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err_file:
        proc = subprocess.Popen(command, stdout=out, stderr=err_file, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        err_file.seek(0)
        out.seek(0)
        err, said = err_file.read(), out.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    if TIME and stats.exists():
        fields = stats.read_text().split()[-3:]
        peak_kb, cpu = int(fields[0]), float(fields[1]) + float(fields[2])
    lines = [line for line in err.splitlines() if line.startswith("juesuan:")]
    if args[0] == "python":
        lines = said.strip().splitlines()[-1:]
    elif args[0] == "check" and not lines:
        lines = [line for line in said.splitlines() if "错误" in line][:1]
    first = lines[0] if lines else err.strip()[:200]
    return {"case": case.name, "exit": proc.returncode, "seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024,
            "says": first}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="run the cases whose name holds this")
    ap.add_argument("--markdown", action="store_true", help="a Markdown table")
    a = ap.parse_args()
    cases = [c for c in CASES + real_reports() if not a.only or a.only in c.name]
    rows = []
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            try:
                rows.append(run(case, Path(tmp)))
            except FileNotFoundError as exc:
                print(f"{case.name}: skipped ({exc} not found)", file=sys.stderr)
                continue
        row = rows[-1]
        if not a.markdown:
            print(f"{row['case']:50} exit {row['exit']:>3}  {row['seconds']:6.1f} s  cpu {row['cpu']:6.1f} s  "
                  f"peak {row['peak_mb']:7.0f} MB  {str(row['says'])[:110]}", flush=True)
    if a.markdown:
        print("| case | exit | wall s | CPU s | peak MB | what it says |")
        print("|---|---:|---:|---:|---:|---|")
        for row in rows:
            says = str(row["says"]).replace("|", "/")[:140]
            print(f"| {row['case']} | {row['exit']} | {row['seconds']:.1f} | {row['cpu']:.1f} | "
                  f"{row['peak_mb']:.0f} | {says} |")
    bugs = [r for r in rows if r["exit"] == 70]
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
