"""When most lines of a table break the same relation, suspect the reading before the document.

A publisher's slip breaks one line or a few.  A relation broken on most of
the lines it was checked on points at a column the reader took for another
(the name column read as the first amount, values slid one column) or a
column the model does not know (a regional 财政专户管理资金收入): those errors
become warnings that say so.
"""

from __future__ import annotations

from dataclasses import replace

from juesuan.check.finding import Hit

# at least this many errors, and more than this share of the lines checked
MIN_ERRORS = 3
SHARE = 0.5

NOTE = "（本表{what}多数不满足此关系，更可能是列被读错或有未识别的列，请人工核对）"


def damp(hits: list[Hit], checked: int, what: str = "各行") -> list[Hit]:
    """The hits of one relation over one table (``checked`` lines tested); errors damped when systematic."""
    errors = {id(h) for h in hits if h.severity in (None, "error")}
    if len(errors) < MIN_ERRORS or len(errors) <= checked * SHARE:
        return hits
    note = NOTE.format(what=what)
    return [replace(h, severity="warning", message=h.message + note) if id(h) in errors else h for h in hits]
