"""Plain texts made at test time from the corpus PDFs by four common extractors, and how close
their reading comes to the PDF's.

Nothing extracted is ever committed: each text is written to a temporary folder by the tool a
user would run (pdftotext in its default and -raw modes, pypdfium2's ``get_text_range`` per
page, pdfplumber's ``extract_text`` per page) and read back with ``juesuan.read`` like any
``.txt`` a user holds.  The comparison is cell by cell against the corpus answers (or, where a
document has none, against what the PDF reader gives), and fact by fact against the facts the
PDF reader gives for the same document, so that it stays valid as the narrative patterns grow.

Used by tests/test_extracted_texts.py and scripts/extracted_texts.py (which prints the table).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

DOCUMENTS = ("putuo-czj-2024", "putuo-shgzb-2024", "gjxfj-2024", "shanghai-template-2024")


def _pdftotext(pdf: Path, *options: str) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise FileNotFoundError("pdftotext (poppler-utils) not installed")
    done = subprocess.run([tool, *options, str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pdftotext_default(pdf: Path) -> str:
    """``pdftotext FILE`` (pages end with a form feed)."""
    return _pdftotext(pdf)


def pdftotext_raw(pdf: Path) -> str:
    """``pdftotext -raw FILE``: the content stream's order."""
    return _pdftotext(pdf, "-raw")


def pypdfium2_text(pdf: Path) -> str:
    """pypdfium2: ``get_text_range()`` of every page (CRLF line ends), pages joined with a form feed."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        doc.close()
    return "\f".join(texts)


def pdfplumber_text(pdf: Path) -> str:
    """pdfplumber: ``extract_text()`` of every page, pages joined with a newline (no page marks)."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    "pdftotext": pdftotext_default,
    "pdftotext-raw": pdftotext_raw,
    "pypdfium2": pypdfium2_text,
    "pdfplumber": pdfplumber_text,
}


def extract(pdf: Path, extractor: str, folder: Path) -> Path:
    """The text of ``pdf`` by ``extractor``, written (once) to ``folder`` as a .txt file."""
    out = folder / f"{pdf.stem}.{extractor}.txt"
    if not out.exists():
        out.write_text(EXTRACTORS[extractor](pdf), encoding="utf-8")
    return out


# --- comparison -------------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return Decimal(0)
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None


def _same(got: Any, want: Any) -> bool:
    a, b = _number(got), _number(want)
    return a is not None and b is not None and abs(a - b) <= Decimal("0.005")


def _squeeze(name: Any) -> str:
    return "".join(str(name or "").split())


@dataclass
class Score:
    """Cells and rows of one reading against its reference; every difference as a line."""

    cells: int = 0
    cells_matched: int = 0
    rows: int = 0
    rows_matched: int = 0
    ambiguous: int = 0  # cells differing where the reader said it could not settle them
    wrong: list[str] = field(default_factory=list)  # differences the reader did not flag
    missing: list[str] = field(default_factory=list)  # rows or tables not read

    def line(self) -> str:
        return (f"cells={self.cells_matched}/{self.cells} rows={self.rows_matched}/{self.rows} "
                f"ambiguous={self.ambiguous} wrong={len(self.wrong)}")

    def cell(self, where: str, got: Any, want: Any, flagged: bool = False, candidates: list[Any] | None = None) -> None:
        """One cell: right, in doubt with the right value among its candidates, or wrong."""
        self.cells += 1
        if _same(got, want):
            self.cells_matched += 1
        elif flagged and (candidates is None or any(_same(c, want) for c in candidates)):
            self.ambiguous += 1
        elif flagged:
            self.wrong.append(f"{where}: in doubt, but {want} is not among its candidates {candidates}")
        else:
            self.wrong.append(f"{where}: got {got} want {want}")


def compare_tables(got: dict[str, Any], want: dict[str, Any]) -> Score:
    """A parsed report's tables (JSON form) against the reference tables (JSON form)."""
    score = Score()
    for key, wt in want.items():
        gt = got.get(key)
        if gt is None:  # a table not read: its rows and cells count, as missing (not as wrong)
            score.missing.append(f"{key}: table not read")
            lost = Score()
            _compare_rows(key, {}, wt, lost)
            _compare_sides(key, {}, wt, lost)
            _compare_cells(key, {}, wt, lost)
            score.rows += lost.rows + (1 if wt.get("empty") else 0)
            score.cells += lost.cells
            score.missing.extend(lost.missing)
            continue
        if wt.get("empty"):
            score.rows += 1
            if gt.get("empty"):
                score.rows_matched += 1
            elif key in got:
                score.wrong.append(f"{key}: stated empty, read with data")
            continue
        _compare_rows(key, gt, wt, score)
        _compare_sides(key, gt, wt, score)
        _compare_cells(key, gt, wt, score)
    return score


def _compare_rows(key: str, gt: dict[str, Any], wt: dict[str, Any], score: Score) -> None:
    gcols = gt.get("columns") or []
    wcols = wt.get("columns") or []
    grows: dict[str, list[dict[str, Any]]] = {}
    for row in gt.get("rows") or []:
        grows.setdefault(row.get("code") or _squeeze(row.get("name")), []).append(row)
    for wr in wt.get("rows") or []:
        score.rows += 1
        ident = wr.get("code") or _squeeze(wr.get("name"))
        matches = grows.get(ident) or []
        gr = matches.pop(0) if matches else None
        if gr is None:
            score.missing.append(f"{key}: row {ident} {wr.get('name')} not read")
        elif _squeeze(gr.get("name")) != _squeeze(wr.get("name")):
            score.wrong.append(f"{key} {ident}: name {gr.get('name')} want {wr.get('name')}")
        else:
            score.rows_matched += 1
        flagged = set((gr or {}).get("ambiguous") or [])
        options = (gr or {}).get("candidates")
        for ci, column in enumerate(wcols):
            gvals = (gr or {}).get("values") or []
            gi = gcols.index(column) if column in gcols else None
            got = gvals[gi] if gi is not None and gi < len(gvals) else None
            where = f"{key} {ident} {column}"
            if gr is None:
                score.cells += 1
                continue
            possible = [o[gi] for o in options] if options and gi is not None else None
            score.cell(where, got, wr["values"][ci], column in flagged, possible)
    if wt.get("total") is not None and wcols:
        gtot = gt.get("total") or []
        for ci, column in enumerate(wcols):
            gi = gcols.index(column) if column in gcols else None
            got = gtot[gi] if gi is not None and gi < len(gtot) else None
            score.cell(f"{key} 合计 {column}", got, wt["total"][ci], f"total.{column}" in (gt.get("ambiguous") or []),
                       _table_candidates(gt, f"total.{column}"))


def _compare_sides(key: str, gt: dict[str, Any], wt: dict[str, Any], score: Score) -> None:
    for side in ("income", "expenditure"):
        glines: dict[str, dict[str, Any]] = {}
        for line in gt.get(side) or []:
            glines.setdefault(_squeeze(line.get("name")), line)
        for wl in wt.get(side) or []:
            score.rows += 1
            name = _squeeze(wl.get("name"))
            gl = glines.get(name)
            if gl is None:
                score.missing.append(f"{key}: {side} line {name} not read")
                score.cells += len(wl.get("values") or [])
                continue
            score.rows_matched += 1
            flagged = set(gl.get("ambiguous") or [])
            gvals = gl.get("values") or []
            for i, w in enumerate(wl.get("values") or []):
                got = gvals[i] if i < len(gvals) else None
                score.cell(f"{key} {side} {name} [{i}]", got, w, str(i) in flagged)


def _compare_cells(key: str, gt: dict[str, Any], wt: dict[str, Any], score: Score) -> None:
    """Named totals and scalar blocks (总计, 人员经费合计, 三公 budget/actual)."""
    # where things were printed (not in a text) and the reader's doubts are not cells
    skip = {"columns", "rows", "total", "income", "expenditure", "empty", "note", "title", "pages",
            "total_locations", "cell_boxes", "total_boxes", "ambiguous", "candidates"}
    for name, wv in wt.items():
        if name in skip:
            continue
        gv = gt.get(name)
        doubt = set(gt.get("ambiguous") or [])
        if isinstance(wv, dict):
            for sub, wsv in wv.items():
                gsv = gv.get(sub) if isinstance(gv, dict) else None
                cell = f"{name}.{sub}"
                _compare_values(f"{key} {cell}", gsv, wsv, score, cell in doubt, _table_candidates(gt, cell))
        else:
            _compare_values(f"{key} {name}", gv, wv, score, name in doubt, _table_candidates(gt, name))


def _table_candidates(table: dict[str, Any], cell: str) -> list[Any] | None:
    options = table.get("candidates")
    return [o.get(cell) for o in options] if options else None


def _compare_values(
    where: str, got: Any, want: Any, score: Score, flagged: bool = False, candidates: list[Any] | None = None,
) -> None:
    wants = want if isinstance(want, list) else [want]
    gots = got if isinstance(got, list) else [got]
    for i, w in enumerate(wants):
        score.cell(f"{where}[{i}]" if isinstance(want, list) else where, gots[i] if i < len(gots) else None, w,
                   flagged, candidates)


def leaves(obj: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            name = value.get("name") if isinstance(value, dict) and "name" in value else str(i)
            yield from leaves(value, f"{prefix}[{_squeeze(name)}]")
    else:
        yield prefix, obj


@dataclass
class FactScore:
    facts: int = 0
    matched: int = 0
    differences: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"facts={self.matched}/{self.facts}"


def compare_facts(got: dict[str, Any], reference: dict[str, Any]) -> FactScore:
    """Narrative and 绩效 facts of a text against those the PDF reader gives (both ways)."""
    score = FactScore()
    for section in ("narrative", "performance"):
        want = {p: v for p, v in leaves(_facts(reference, section), section) if v is not None}
        have = {p: v for p, v in leaves(_facts(got, section), section) if v is not None}
        for path, value in want.items():
            score.facts += 1
            if path in have and (_same(have[path], value) if _is_number(value)
                                 else _squeeze(have[path]) == _squeeze(value)):  # passages: as words
                score.matched += 1
            else:
                score.differences.append(f"{path}: got {have.get(path)!r} want {value!r}")
        for path in sorted(set(have) - set(want)):
            score.differences.append(f"{path}: got {have[path]!r}, not read from the PDF")
    return score


def _facts(report: dict[str, Any], section: str) -> Any:
    data = report.get(section) or {}
    if section == "narrative" and isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "sources"}
    if section == "performance" and isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "sources"}
    return data


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    try:
        Decimal(str(value))
    except InvalidOperation:
        return False
    return True


def answer_tables(corpus: Path, stem: str, pdf_json: dict[str, Any]) -> dict[str, Any]:
    """The reference tables: the corpus answer where there is one, else the PDF reader's tables."""
    answer = corpus / f"{stem}.expected.json"
    if answer.exists():
        tables: dict[str, Any] = json.loads(answer.read_text(encoding="utf-8"))["tables"]
        return tables
    return dict(pdf_json.get("tables") or {})
