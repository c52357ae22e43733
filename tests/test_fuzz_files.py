"""A corpus-based mutation fuzzer, run for a bounded time: PDF, text, model JSON and workbook files changed at
random (bytes flipped, cut short, a chunk copied, dropped or spliced from another file; a workbook's XML parts
changed inside the archive) must each read into a Report or be refused in one line, never raise anything
else (the CLI's exit 70).  PDFs are read in a process of their own (juesuan.isolation): a change that makes a
bomb the measurements miss costs its process, not the test run.

Seeds: the bundled example (PDF, JSON, its text, a workbook filled from it) and, where present, the corpus.
The seed of the random choices is fixed (JUESUAN_FUZZ_SEED changes it) and the time budget is 60 s
(JUESUAN_FUZZ_SECONDS); an input that breaks the property is kept in JUESUAN_FUZZ_FAILURES, if set, and
named in the failure.
"""

from __future__ import annotations

import io
import json
import random
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

import juesuan
from juesuan.model_json import report_from_json
from tests.conftest import CORPUS
from tests.fuzzing import keep_failure, read_or_refuse, seconds, seed

ROOT = Path(__file__).resolve().parents[1]

Mutator = Callable[[random.Random, bytes, list[bytes]], bytes]


def flip(rng: random.Random, data: bytes, _others: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 8])):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes, _others: list[bytes]) -> bytes:
    return data[: rng.randrange(1, len(data))]


def duplicate(rng: random.Random, data: bytes, _others: list[bytes]) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start: start + rng.choice([1, 16, 256, 4096])]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.choice([1, 2, 50]) + data[at:]


def drop(rng: random.Random, data: bytes, _others: list[bytes]) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.choice([1, 16, 256, 4096]):]


def splice(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    other = rng.choice(others)
    start = rng.randrange(len(other))
    at = rng.randrange(len(data))
    return data[:at] + other[start: start + rng.choice([64, 1024, 16384])] + data[at:]


MUTATORS: list[Mutator] = [flip, flip, flip, truncate, duplicate, drop, splice]


def mutate_members(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    """A workbook with one XML part changed (the archive itself intact, so that the XML reaches the parser)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in source.namelist() if n.endswith(".xml")]
    except zipfile.BadZipFile:
        return flip(rng, data, others)
    target = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as sink:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == target:
                part = rng.choice(MUTATORS)(rng, part, [part])
            sink.writestr(info.filename, part)
    return out.getvalue()


def _seeds(folder: Path) -> dict[str, list[bytes]]:
    pdf = ROOT / "examples" / "example-2022.pdf"
    example = json.loads((ROOT / "examples" / "example-2022.json").read_text(encoding="utf-8"))
    report = juesuan.read(pdf)
    book = folder / "seed.xlsx"
    juesuan.template(book, source=report_from_json(example))
    seeds: dict[str, list[bytes]] = {
        ".pdf": [pdf.read_bytes()],
        ".json": [(ROOT / "examples" / "example-2022.json").read_bytes()],
        ".txt": ["\f".join(page.text for page in report.pages).encode("utf-8")],
        ".xlsx": [book.read_bytes()],
    }
    if CORPUS.is_dir():  # the corpus where present: real producers' files
        seeds[".pdf"] += [p.read_bytes() for p in sorted(CORPUS.glob("*.pdf")) if p.stat().st_size < 1_000_000]
        seeds[".txt"] += [p.read_bytes() for p in sorted(CORPUS.glob("*.txt"))]
    return seeds


def test_mutated_files_read_or_are_refused(tmp_path: Path) -> None:
    seeds = _seeds(tmp_path)
    rng = random.Random(seed())
    budget = seconds(60.0)
    started = time.monotonic()
    outcomes: Counter[str] = Counter()
    kinds = sorted(seeds)
    n = 0
    while time.monotonic() - started < budget:
        kind = kinds[n % len(kinds)]
        n += 1
        original = rng.choice(seeds[kind])
        mutator = mutate_members if kind == ".xlsx" and rng.random() < 0.7 else rng.choice(MUTATORS)
        data = mutator(rng, original, seeds[kind])
        path = tmp_path / f"case{kind}"
        path.write_bytes(data)
        try:
            outcome = read_or_refuse(path, isolate=kind == ".pdf")
        except BaseException as exc:  # the property broken: keep the input, say how to replay it
            kept = keep_failure(f"case-{n}{kind}", data)
            pytest.fail(f"case {n} ({kind}, {mutator.__name__}, seed {seed()}): {type(exc).__name__}: {exc}; "
                        f"kept as {kept or 'set JUESUAN_FUZZ_FAILURES to keep it'}\n{traceback.format_exc()}")
        outcomes[f"{kind} {type(outcome).__name__}"] += 1
    assert n >= len(kinds), "the time budget ran out before every kind of file was tried"
    print(f"{n} mutated files in {time.monotonic() - started:.0f} s: " +
          ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
