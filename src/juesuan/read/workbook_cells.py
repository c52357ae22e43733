"""A workbook's cells, taken from its XML in bounded memory and time, whatever the file claims.

An XLSX is a ZIP of XML parts.  Before anything is parsed, each part's inflated size is held against the
``stream`` limit and their sum against ``document`` (the sizes the archive declares: Python's zipfile never
inflates a part beyond its declared size, so a lie truncates the part instead of filling the memory), and
the number of parts is bounded.  Then openpyxl reads the workbook in read-only (streaming) mode and each
wanted sheet is parsed row by row: only the cells that hold a value are kept, so a value typed in row
1,048,576 costs one row, not a million; the rows, columns and cells that hold a value are counted as they
stream in, against the ``rows``, ``columns`` and ``cells`` limits.

The row parser is openpyxl's own (``WorkSheetParser``, the one its read-only ``iter_rows`` uses) called
directly, without the filling of missing rows and columns: openpyxl is pinned for it.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any

from juesuan import limits
from juesuan.errors import LimitExceeded, UnsupportedFile

MAX_PARTS = 10_000  # parts in the archive (a workbook has a few dozen)
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"

Cells = dict[tuple[int, int], Any]


def load_sheets(path: Path, wanted: dict[str, int]) -> dict[str, Cells]:
    """The cells holding a value, ``(row, column) -> value``, of each wanted sheet the workbook has; ``wanted``
    maps a sheet name to how many columns of it are read."""
    _check_archive(path)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except LimitExceeded:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnsupportedFile(str(path), f"无法读取工作簿 (cannot read workbook: {type(exc).__name__})") from None
    try:
        out: dict[str, Cells] = {}
        total = 0
        for name in wb.sheetnames:
            if name not in wanted:
                continue
            try:
                out[name], cells = _sheet_cells(path, wb, name, wanted[name])
            except (LimitExceeded, UnsupportedFile):
                raise
            except Exception as exc:
                raise UnsupportedFile(str(path), f"无法读取工作表 {name} (cannot read sheet: "
                                                 f"{type(exc).__name__})") from None
            total += cells
            limits.check(path, "cells", total)
        return out
    finally:
        wb.close()


def _sheet_cells(path: Path, wb: Any, name: str, columns: int) -> tuple[Cells, int]:
    from openpyxl.worksheet._reader import WorkSheetParser

    ws = wb[name]
    max_rows, max_columns, max_cells = (limits.limit_of(n) for n in ("rows", "columns", "cells"))
    cells: Cells = {}
    rows = 0
    present = 0
    seen_columns: set[int] = set()
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for number, row in parser.parse():
            held = False
            for cell in row:
                value = cell.get("value")
                if value is None or value == "":
                    continue
                held = True
                present += 1
                column = int(cell.get("column") or 0)
                seen_columns.add(column)
                if 0 < column <= columns:
                    cells[(int(number), column)] = value
            if held:
                rows += 1
                if max_rows and rows > max_rows:
                    raise limits.refusal(path, "rows", rows, max_rows, f"工作表“{name}”", at_least=True)
                if max_columns and len(seen_columns) > max_columns:
                    raise limits.refusal(path, "columns", len(seen_columns), max_columns, f"工作表“{name}”",
                                         at_least=True)
                if max_cells and present > max_cells:
                    raise limits.refusal(path, "cells", present, max_cells, f"工作表“{name}”", at_least=True)
    return cells, present


def _check_archive(path: Path) -> None:
    """The archive's part count (from its end record, before zipfile reads the directory) and each part's
    declared inflated size, against the limits."""
    entries = _entry_count(path)
    if entries > MAX_PARTS:
        raise UnsupportedFile(str(path), f"ZIP 中有 {entries} 个文件，不是决算填报工作簿 "
                                         f"(an archive of {entries} parts)")
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for info in archive.infolist():
                limits.check(path, "stream", info.file_size, what=f"工作簿部件 {info.filename}")
                total += info.file_size
            limits.check(path, "document", total, what="工作簿各部件合计")
    except zipfile.BadZipFile as exc:
        raise UnsupportedFile(str(path), f"无法读取工作簿 (cannot read workbook: {exc})") from None
    except OSError as exc:
        raise UnsupportedFile(str(path), f"无法读取 (cannot read: {exc.strerror or exc})") from None


def _entry_count(path: Path) -> int:
    """The number of entries the ZIP's end-of-central-directory record declares (ZIP64 too); 0 if not found."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - (1 << 16) - 22))
            tail = fh.read()
    except OSError:
        return 0
    end = tail.rfind(_EOCD)
    if end < 0 or len(tail) < end + 22:
        return 0
    count = struct.unpack("<H", tail[end + 10: end + 12])[0]
    locator = tail.rfind(_ZIP64_LOCATOR, 0, end)
    if count == 0xFFFF and locator >= 0 and len(tail) >= locator + 20:
        offset = struct.unpack("<Q", tail[locator + 8: locator + 16])[0]
        try:
            with path.open("rb") as fh:
                fh.seek(offset)
                record = fh.read(56)
            if record[:4] == b"PK\x06\x06":
                return int(struct.unpack("<Q", record[32:40])[0])
        except (OSError, struct.error):
            return count
    return int(count)
