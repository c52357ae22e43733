"""The composer's two products, as library calls: a report file (DOCX/PDF/HTML) and a workbook to fill.

``compose(report, path)`` checks the data first (compose/check_gate.py) and refuses data that
fails its checks unless ``force``; ``template(path, source)`` writes the 决算填报 workbook,
pre-filled from a source report when one is given.  Both take a Report or a file to read.
The ``juesuan compose`` and ``juesuan template`` commands are thin layers over these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from juesuan.atomic_write import write_output
from juesuan.compose.check_gate import GateResult, run_checks
from juesuan.errors import DataFailsChecks, FileMissing, JuesuanError
from juesuan.limits import Limits
from juesuan.model import Report

FORMATS = ("docx", "pdf", "html")


@dataclass
class Composed:
    """What was made: the file's bytes (or HTML text), the check it passed (or not), and whether forced."""

    data: bytes | str
    gate: GateResult
    unchecked: bool


def _report(source: Report | str | Path, limits: Limits | None = None) -> tuple[Report, tuple[Path, ...]]:
    """The report to write, and the input file it came from (never to be written over). A file is read in a
    process of its own when ``limits`` say so (the command line)."""
    if isinstance(source, Report):
        return source, ()
    from juesuan.read import read

    return read(source, limits=limits, isolate=bool(limits and limits.isolate)), (Path(source),)


def prepare(report: Report) -> Report:
    """What a composed report needs beyond the source: tables other tables determine, and previous-year
    figures the source implies through a printed change (this year - change)."""
    from juesuan.compose.carry_forward import fill_previous
    from juesuan.compose.derive import fill_derived

    fill_derived(report)
    fill_previous(report)
    return report


def _read_file(path: Path | None) -> bytes | None:
    if path is None:
        return None
    if not path.is_file():
        raise FileMissing(str(path))
    return path.read_bytes()


def render(report: Report, fmt: str, force: bool = False, reference_docx: Path | None = None,
           css: Path | None = None) -> Composed:
    """The composed report in ``fmt`` (docx, pdf or html), after the check gate."""
    if fmt not in FORMATS:
        raise JuesuanError(fmt, "输出格式须为 .docx、.pdf 或 .html (unknown output format)")
    reference = _read_file(reference_docx)
    style = _read_file(css)
    from juesuan.model_validation import require_writable

    require_writable(report)
    prepare(report)
    gate = run_checks(report)
    if gate.available and gate.errors and not force:
        raise DataFailsChecks(report.source, gate.errors)
    unchecked = not gate.passed
    data: bytes | str
    if fmt == "docx":
        from juesuan.compose.docx_writer import report_docx

        data = report_docx(report, unchecked=unchecked, reference=reference)
    else:
        extra_css = style.decode("utf-8-sig", errors="replace") if style is not None else None
        if fmt == "pdf":
            from juesuan.compose.pdf import report_pdf

            data = report_pdf(report, unchecked=unchecked, extra_css=extra_css)
        else:
            from juesuan.compose.html import report_html

            data = report_html(report, unchecked=unchecked, extra_css=extra_css)
    return Composed(data, gate, unchecked)


def compose(report: Report | str | Path, path: str | Path, *, format: str | None = None, force: bool = False,
            reference_docx: str | Path | None = None, css: str | Path | None = None,
            limits: Limits | None = None) -> Composed:
    """Write the whole report (封面, 目录, 概况, 9 张表, 情况说明, 名词解释, 绩效自评表) to ``path``.

    The format is ``format`` or the file's suffix.  Raises ``juesuan.errors.DataFailsChecks`` (listing every
    error) when the data fails its checks, unless ``force`` (then every page says 未经审核).
    ``reference_docx``: a department's Word file whose styles (and cover page, if it has one) the DOCX uses;
    ``css``: a department's style sheet added after the report's own (HTML and PDF).  ``limits``: what a
    report file given may cost to read (juesuan.limits; with ``limits.isolate`` it is read in a process of its own).
    """
    target = Path(path)
    fmt = (format or target.suffix.lstrip(".")).lower()
    source, inputs = _report(report, limits)
    composed = render(source, fmt, force, Path(reference_docx) if reference_docx else None,
                      Path(css) if css else None)
    write_output(target, composed.data, protect=inputs)
    return composed


def template(path: str | Path, source: Report | str | Path | None = None, *, next_year: bool = False,
             codes: list[str | Path] | tuple[str | Path, ...] = (), limits: Limits | None = None) -> Report | None:
    """Write the 决算填报 workbook to ``path``: blank, or pre-filled from ``source`` (its tables, figures and
    prose); with ``next_year``, the source is last year's report: its structure and totals become the new
    workbook's 上年数, its year-specific texts drafts marked 本年新写.  ``codes``: CSV code lists to offer.
    Returns the source report as read (None without a source)."""
    from juesuan.compose.carry_forward import drafts
    from juesuan.compose.carry_forward import next_year as seed_next_year
    from juesuan.compose.workbook_template import workbook_bytes

    report: Report | None = None
    inputs: tuple[Path, ...] = ()
    fresh: set[str] = set()
    filled: Report | None = None
    if source is not None:
        report, inputs = _report(source, limits)
        from juesuan.model_validation import require_writable

        require_writable(report)
        filled = prepare(report)
        if next_year:
            fresh = set(drafts(report))
            filled = seed_next_year(report)
    write_output(path, workbook_bytes(filled, [Path(c) for c in codes], fresh), protect=inputs)
    return report
