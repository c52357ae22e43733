"""Live checks in the 决算填报 workbook: conditional formatting that turns a wrong total red as it is typed.

A total stays a typed value (the officer copies it from the 决算 software, and a
published report's own totals must travel unchanged), and a formula rule beside it
compares it with its parts: the 合计 row with the 类 rows, a 类 or 款 row with the rows
under it (by code), a 合计 column with its part columns, the lines of the two-sided
tables with their totals, the 三公 items with theirs.  The tolerance is the project's
one rounding rule: n typed parts may differ from their total by n x 0.005.  The rules
are plain Excel formulas (SUMPRODUCT, LEFT, LEN, COUNT) that Excel, WPS and LibreOffice
all evaluate; only a non-blank total with at least one typed part is judged (a table known
by its totals alone is incomplete, not wrong).
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from juesuan.workbook_layout import FIRST_DATA_ROW

WRONG_FILL = PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")  # Excel's "light red fill, dark red text"
WRONG_FONT = Font(color="9C0006", bold=True)
EPSILON = "0.000001"  # floating-point sums of cents are not exact

# row tables: the 合计 column and the columns that add up to it
PART_COLUMNS: dict[str, tuple[str, ...]] = {
    "income": ("fiscal", "superior_subsidy", "business", "operating", "affiliated", "other"),
    "expenditure": ("basic", "project", "to_superior", "operating", "to_affiliated"),
    "general_budget": ("basic", "project"),
    "gov_fund": ("basic", "project"),
    "state_capital": ("basic", "project"),
}


def _red(ws: Worksheet, cells: str, formula: str) -> None:
    ws.conditional_formatting.add(cells, FormulaRule(formula=[formula], fill=WRONG_FILL, font=WRONG_FONT))


def wrong_sum(total: str, parts: Sequence[str]) -> str:
    """Condition "a typed total differs from its typed parts by more than n x 0.005"."""
    refs = ",".join(parts)
    return (f'AND({total}<>"",COUNT({refs})>0,'
            f"ABS({total}-SUM({refs}))>0.005*COUNT({refs})+{EPSILON})")


def _children(code_col: str, value_col: str, first: int, last: int, row: int) -> tuple[str, str]:
    """SUMPRODUCT sum and count of the rows one level below the code in row ``row`` (款 under 类, 项 under 款)."""
    codes = f"${code_col}${first}:${code_col}${last}"
    values = f"{value_col}${first}:{value_col}${last}"
    under = f"(LEFT({codes},LEN(${code_col}{row}))=${code_col}{row}&\"\")*(LEN({codes})=LEN(${code_col}{row})+2)"
    return f"SUMPRODUCT({under}*{values})", f"SUMPRODUCT({under}*({values}<>\"\"))"


def row_table(ws: Worksheet, key: str, columns: Sequence[str], last: int) -> None:
    """合计 = Σ 类; 类 = Σ 款 and 款 = Σ 项 by code; 合计 column = Σ its part columns."""
    first_row = FIRST_DATA_ROW + 1
    end = get_column_letter(2 + len(columns))
    # 合计 row (top-left C4; column-relative, so each amount column compares with its own)
    codes = f"$A${first_row}:$A${last}"
    values = f"C${first_row}:C${last}"
    classes = f"(LEN({codes})=3)"
    typed = f'SUMPRODUCT({classes}*({values}<>""))'
    _red(ws, f"C{FIRST_DATA_ROW}:{end}{FIRST_DATA_ROW}",
         f'AND(C{FIRST_DATA_ROW}<>"",{typed}>0,ABS(C{FIRST_DATA_ROW}-SUMPRODUCT({classes}*{values}))>'
         f"0.005*{typed}+{EPSILON})")
    # 类 and 款 rows (top-left C5)
    total, count = _children("A", "C", first_row, last, first_row)
    _red(ws, f"C{first_row}:{end}{last}",
         f'AND(C{first_row}<>"",OR(LEN($A{first_row})=3,LEN($A{first_row})=5),{count}>0,'
         f"ABS(C{first_row}-{total})>0.005*{count}+{EPSILON})")
    # 合计 column = Σ part columns, on every line
    if "total" in columns:
        total_col = get_column_letter(3 + columns.index("total"))
        parts = [f"${get_column_letter(3 + columns.index(c))}{FIRST_DATA_ROW}"
                 for c in PART_COLUMNS.get(key, ()) if c in columns]
        if parts:
            _red(ws, f"{total_col}{FIRST_DATA_ROW}:{total_col}{last}",
                 wrong_sum(f"${total_col}{FIRST_DATA_ROW}", parts))


def two_sided(ws: Worksheet, lines_end: int, totals_row: int, grand_row: int, value_cols: Sequence[str],
              balance_rows: Sequence[int]) -> None:
    """本年收入合计 / 本年支出合计 = Σ lines; 总计 = 本年合计 + the balance lines; per column."""
    for col in value_cols:
        _red(ws, f"{col}{totals_row}", wrong_sum(f"{col}{totals_row}", [f"{col}{FIRST_DATA_ROW}:{col}{lines_end}"]))
        _red(ws, f"{col}{grand_row}",
             wrong_sum(f"{col}{grand_row}", [f"{col}{r}" for r in (totals_row, *balance_rows)]))


def across(ws: Worksheet, total_col: str, part_cols: Sequence[str], first: int, last: int) -> None:
    """A 合计 column = Σ its part columns on every line (财政拨款收入支出决算总表's expenditure side)."""
    _red(ws, f"{total_col}{first}:{total_col}{last}",
         wrong_sum(f"${total_col}{first}", [f"${c}{first}" for c in part_cols]))


def basic_expenditure(ws: Worksheet, first: int, last: int, totals_row: int) -> None:
    """人员经费合计 = Σ its 类 (left block), 公用经费合计 = Σ its 类 (right block); 类 = Σ 款 within each block."""
    for code_col, value_col in (("A", "C"), ("D", "F")):
        codes = f"${code_col}${first}:${code_col}${last}"
        values = f"${value_col}${first}:${value_col}${last}"
        classes = f"(LEN({codes})=3)"
        typed = f'SUMPRODUCT({classes}*({values}<>""))'
        _red(ws, f"{value_col}{totals_row}",
             f'AND({value_col}{totals_row}<>"",{typed}>0,ABS({value_col}{totals_row}-SUMPRODUCT({classes}*{values}))>'
             f"0.005*{typed}+{EPSILON})")
        total, count = _children(code_col, f"${value_col}", first, last, first)
        _red(ws, f"{value_col}{first}:{value_col}{last}",
             f'AND(${value_col}{first}<>"",LEN(${code_col}{first})=3,{count}>0,'
             f"ABS(${value_col}{first}-{total})>0.005*{count}+{EPSILON})")


def three_public(ws: Worksheet, rows: dict[str, int], value_cols: Sequence[str], includes: Sequence[str] = ()) -> None:
    """合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费 (+ 会议费 / 培训费 where the table's 合计
    includes them); 公务用车 = 购置 + 运行维护."""
    items = ("overseas", "vehicles", "reception", *(i for i in includes if i in rows))
    for col in value_cols:
        _red(ws, f"{col}{rows['total']}", wrong_sum(f"{col}{rows['total']}", [f"{col}{rows[i]}" for i in items]))
        _red(ws, f"{col}{rows['vehicles']}",
             wrong_sum(f"{col}{rows['vehicles']}", [f"{col}{rows[i]}" for i in ("vehicle_purchase",
                                                                                "vehicle_operation")]))


def malformed_codes(ws: Worksheet, cells: str, top_left: str) -> None:
    """A 功能分类 code that is not 3, 5 or 7 digits turns red (the drop-down only offers: it cannot refuse)."""
    _red(ws, cells, f'AND({top_left}<>"",OR(ISERROR(VALUE({top_left}&"")),'
                    f"AND(LEN({top_left})<>3,LEN({top_left})<>5,LEN({top_left})<>7)))")
