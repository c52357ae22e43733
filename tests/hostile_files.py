"""Files built to hurt, or merely absurd, made at test time (none is committed).

Each generator returns the file's bytes (or writes it, for the big ones) in well under a second: a
deflate stream that inflates to gigabytes is made of one compressed block repeated, not by
compressing gigabytes.  The cases are those of issue 9; tests/test_hostile.py runs each through
the reader and the CLI.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

from tests.minimal_pdf import build_pdf

GiB = 1 << 30
MiB = 1 << 20

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


# --- deflate bombs -------------------------------------------------------------------------------------------


def _adler32_repeated(chunk: bytes, times: int) -> int:
    """The Adler-32 of ``chunk`` repeated ``times`` times, without making the repeated bytes."""
    mod = 65521
    a1, b1 = 1, 0
    for byte in chunk:  # one pass over the chunk: the sums of one copy
        a1 = (a1 + byte) % mod
        b1 = (b1 + a1) % mod
    s = (a1 - 1) % mod  # the chunk's byte sum
    n = len(chunk)
    # k copies: A = 1 + k*s; B = k*b1 + n*s*k*(k-1)/2 (each earlier copy's sum counted once per later byte)
    a_k = (1 + times * s) % mod
    b_k = (times * b1 + n * s * (times * (times - 1) // 2)) % mod
    return (b_k << 16) | a_k


def deflate_bomb(chunk: bytes, times: int) -> bytes:
    """A zlib stream (RFC 1950, as FlateDecode wants) that inflates to ``chunk * times``.

    The chunk is compressed once after a full flush; a full flush resets the history, so the same
    compressed bytes stand for every further copy.
    """
    c = zlib.compressobj(9)
    head = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush(zlib.Z_FINISH)[:-4]  # the final empty block; its Adler-32 is for two copies only
    body = head + block * (times - 1) + tail
    return body + struct.pack(">I", _adler32_repeated(chunk, times))


# --- PDF ------------------------------------------------------------------------------------------------------


def _one_page(content_stream: bytes, extra: list[bytes] | None = None, resources: bytes = b"<< >>") -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources " + resources + b" >>",
        content_stream,
        *(extra or []),
    ]
    return build_pdf(objects)


def _flate_stream(data: bytes, extra_dict: bytes = b"") -> bytes:
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra_dict) + data + b"\nendstream"


def whitespace_bomb_pdf(inflated: int = 4 * GiB) -> bytes:
    """One page whose content inflates to ``inflated`` bytes of spaces (about 4 MB on disk for 4 GiB)."""
    chunk = b" " * MiB
    return _one_page(_flate_stream(deflate_bomb(chunk, max(2, inflated // MiB))))


def text_bomb_pdf(inflated: int = 2 * GiB) -> bytes:
    """One page whose content inflates to millions of tiny text objects: the forms/text variant."""
    op = b"BT /F1 1 Tf 10 10 Td (x) Tj ET\n"
    chunk = op * (MiB // len(op))
    return _one_page(_flate_stream(deflate_bomb(chunk, max(2, inflated // len(chunk)))), [_FONT],
                     resources=b"<< /Font << /F1 5 0 R >> >>")


def double_flate_bomb_pdf(inflated: int = 4 * GiB) -> bytes:
    """A content stream behind two FlateDecode filters: the bytes on disk are tiny, the bound is squared."""
    inner = deflate_bomb(b" " * MiB, max(2, inflated // MiB))
    outer = zlib.compress(inner, 9)
    return _one_page(b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(outer) + outer
                     + b"\nendstream")


def page_tree_bomb_pdf(kids: int = 200_000) -> bytes:
    """A page tree whose one node lists the same page ``kids`` times."""
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>")
    content = b"BT /F1 12 Tf 72 720 Td (page) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"3 0 R " * kids + b"] /Count %d >>" % kids,
        page,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        _FONT,
    ]
    return build_pdf(objects)


def nested_forms_pdf(depth: int = 7, per_level: int = 10) -> bytes:
    """Form XObjects ``depth`` levels deep, each drawing every form of the level below: per_level**depth forms
    drawn from a file of a few hundred KB.  The leaves draw a rule and a character."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"",  # the page, once the first level's numbers are known
        b"",  # its content
        _FONT,
    ]
    first = len(objects) + 1
    levels: list[list[int]] = [[first + level * per_level + i for i in range(per_level)] for level in range(depth)]
    names = b"".join(b"/X%d Do " % i for i in range(per_level))
    for level in range(depth):
        for _ in range(per_level):
            if level + 1 < depth:
                refs = b" ".join(b"/X%d %d 0 R" % (i, n) for i, n in enumerate(levels[level + 1]))
                resources = b"<< /XObject << " + refs + b" >> >>"
                content = names
            else:
                resources = b"<< /Font << /F1 5 0 R >> >>"
                content = b"0 0 m 10 0 l S BT /F1 1 Tf (x) Tj ET"
            objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + resources
                           + b" /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    top = b" ".join(b"/X%d %d 0 R" % (i, n) for i, n in enumerate(levels[0]))
    objects[2] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                  b"/Resources << /XObject << " + top + b" >> /Font << /F1 5 0 R >> >> >>")
    objects[3] = b"<< /Length %d >>\nstream\n" % len(names) + names + b"\nendstream"
    return build_pdf(objects)


def many_pages_pdf(pages: int) -> bytes:
    """A real page tree of ``pages`` distinct (tiny) pages."""
    n_first = 4
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Length 34 >>\nstream\nBT /F1 12 Tf 72 720 Td (p) Tj ET\nendstream",
        _FONT,
    ]
    kids = []
    for i in range(pages):
        kids.append(b"%d 0 R" % (n_first + 1 + i))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                       b"/Resources << /Font << /F1 4 0 R >> >> >>")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return build_pdf(objects)


def image_bomb_pdf(width: int = 100_000, height: int = 100_000) -> bytes:
    """A page drawing one image whose pixels (width x height RGB) are gigabytes, from a few bytes on disk."""
    row = b"\x00" + b"\xff" * (3 * width)
    data = deflate_bomb(row, 2) if height > 1 else zlib.compress(row)
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
             b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(data))
             + data + b"\nendstream")
    content = b"q 500 0 0 700 40 60 cm /Im0 Do Q"
    return _one_page(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", [image],
                     resources=b"<< /XObject << /Im0 5 0 R >> >>")


# --- model JSON -----------------------------------------------------------------------------------------------


def deep_json(depth: int = 1000) -> bytes:
    """A model whose narrative nests ``depth`` lists deep."""
    inner = "[" * depth + "]" * depth
    return ('{"department": "x", "year": 2024, "tables": {}, "narrative": {"deep": ' + inner + "}}").encode()


def model_json(**overrides: object) -> dict[str, object]:
    """A small valid model (one 收入决算表 row that adds up), with fields replaced as given."""
    data: dict[str, object] = {
        "department": "某某局",
        "year": 2024,
        "unit": "万元",
        "kind": "final",
        "tables": {
            "income": {
                "columns": ["total", "fiscal"],
                "total": ["10.00", "10.00"],
                "rows": [{"code": "201", "name": "一般公共服务支出", "values": ["10.00", "10.00"]}],
            },
        },
        "narrative": {},
    }
    data.update(overrides)
    return data


def big_model_json(path: Path, size: int) -> None:
    """A model JSON of about ``size`` bytes: one table of very many rows, written in pieces."""
    row = json.dumps({"code": "2010101", "name": "行政运行", "values": ["1.00", "1.00"]}, ensure_ascii=False)
    head = '{"department": "x", "year": 2024, "tables": {"income": {"columns": ["total", "fiscal"], "rows": ['
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        written = len(head)
        piece = ",".join([row] * 1000)
        first = True
        while written < size:
            fh.write(("" if first else ",") + piece)
            written += len(piece) + 1
            first = False
        fh.write("]}}}")


# --- XLSX -----------------------------------------------------------------------------------------------------


def replace_members(xlsx: bytes, replace: dict[str, bytes | tuple[int, bytes]]) -> bytes:
    """The workbook with some members' data replaced (bytes), or written as raw deflate of a declared size
    ((declared_size, raw_deflate): a part whose declared size is whatever the attacker wants)."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace and isinstance(replace[info.filename], bytes):
                dst.writestr(info.filename, replace[info.filename])
            elif info.filename not in replace:
                dst.writestr(info, src.read(info.filename))
    data = out.getvalue()
    raw = {k: v for k, v in replace.items() if isinstance(v, tuple)}
    return _append_raw_members(data, raw) if raw else data


def _append_raw_members(zip_bytes: bytes, members: dict[str, tuple[int, bytes]]) -> bytes:
    """Rebuild the archive with extra members whose deflate data and declared size are given as is."""
    src = zipfile.ZipFile(io.BytesIO(zip_bytes))
    body = bytearray()
    central = bytearray()
    entries = 0

    def add(name: bytes, method: int, crc: int, csize: int, usize: int, data: bytes) -> None:
        nonlocal entries
        offset = len(body)
        zip64 = usize >= 0xFFFFFFFF or csize >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, usize, csize) if zip64 else b""
        sizes = (0xFFFFFFFF, 0xFFFFFFFF) if zip64 else (csize, usize)
        body.extend(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45 if zip64 else 20, 0, method, 0, 0, crc, *sizes,
                                len(name), len(extra)) + name + extra + data)
        cextra = struct.pack("<HHQQQ", 1, 24, usize, csize, offset) if zip64 else b""
        central.extend(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45 if zip64 else 20, 0, method, 0, 0,
                                   crc, *sizes, len(name), len(cextra), 0, 0, 0, 0,
                                   0xFFFFFFFF if zip64 else offset) + name + cextra)
        entries += 1

    for info in src.infolist():
        if info.filename in members:
            continue
        data = src.read(info.filename)
        comp = zlib.compressobj(6, zlib.DEFLATED, -15)
        raw = comp.compress(data) + comp.flush()
        add(info.filename.encode(), 8, zlib.crc32(data), len(raw), len(data), raw)
    for name, (declared, raw) in members.items():
        add(name.encode(), 8, 0, len(raw), declared, raw)
    start = len(body)
    body.extend(central)
    body.extend(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, len(central), start, 0))
    return bytes(body)


def raw_deflate_bomb(chunk: bytes, times: int) -> bytes:
    """Raw deflate (as in ZIP) inflating to ``chunk * times``."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    return head + block * (times - 1) + c.flush(zlib.Z_FINISH)


def sheet_xml(rows: int, cols: int = 3, first_row: int = 1) -> bytes:
    """A worksheet of ``rows`` rows of ``cols`` numbers each, as the XML Excel writes."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    parts = [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r in range(first_row, first_row + rows):
        cells = "".join(f'<c r="{letters[c]}{r}"><v>1</v></c>' for c in range(cols))
        parts.append(f'<row r="{r}">{cells}</row>'.encode())
    parts.append(b"</sheetData></worksheet>")
    return b"".join(parts)
