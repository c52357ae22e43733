"""What the fuzz tests share: their budget, and the one property every input must have.

The budget is small by default (the whole fuzzing costs a few minutes of CI on two cores) and grows for a
longer local run:

    JUESUAN_FUZZ_SCALE=20 JUESUAN_FUZZ_SECONDS=1800 .venv/bin/pytest tests/test_fuzz_*.py

``JUESUAN_FUZZ_SCALE`` multiplies the number of Hypothesis examples, ``JUESUAN_FUZZ_SECONDS`` is the time the
corpus mutation fuzzer runs for (tests/test_fuzz_files.py), ``JUESUAN_FUZZ_SEED`` changes its seed, and
``JUESUAN_FUZZ_FAILURES`` names a folder where an input that broke the property is kept, to replay it.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

import juesuan
from juesuan.errors import JuesuanError
from juesuan.model import Report


def scale() -> int:
    return max(1, int(os.environ.get("JUESUAN_FUZZ_SCALE", "1")))


def seconds(default: float) -> float:
    return float(os.environ.get("JUESUAN_FUZZ_SECONDS", default))


def seed() -> int:
    return int(os.environ.get("JUESUAN_FUZZ_SEED", "20260901"))


def examples(n: int) -> settings:
    """Hypothesis settings for ``n`` examples (times the scale): the same examples on every run (CI is
    reproducible), no example database in the working tree, no deadline on a loaded machine."""
    return settings(max_examples=n * scale(), derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


def keep_failure(name: str, data: bytes) -> Path | None:
    folder = os.environ.get("JUESUAN_FUZZ_FAILURES")
    if not folder:
        return None
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def read_or_refuse(path: Path, isolate: bool = False) -> Report | JuesuanError:
    """The property every input has: ``juesuan.read`` gives a Report or raises a JuesuanError (one line, an exit
    code of its own), and a Report it gives can be checked and holds nothing a document cannot carry."""
    from juesuan.model_validation import report_errors

    try:
        report = juesuan.read(path, isolate=isolate)
    except JuesuanError as exc:
        assert exc.exit_code not in (0, 70)
        assert "\n" not in exc.message
        return exc
    assert isinstance(report, Report)
    juesuan.check(report)  # a rule that crashes is reported (I001), never raised
    assert report_errors(report) == [], report_errors(report)
    return report
