"""A plain text's bytes as characters: UTF-8 (with or without its BOM), UTF-16 with its BOM, or GB18030.

A few bytes that are not UTF-8 in an otherwise UTF-8 text (a byte flipped, a file cut inside a character)
do not make it another encoding: they become U+FFFD and the reader is told where (a Problem), so that one
bad byte cannot turn a whole report into mojibake.
"""

from __future__ import annotations

import codecs

# a text is UTF-8 with some damage while at most this share of its bytes are not UTF-8 (else: GB18030)
DAMAGE_SHARE = 0.001


def decode_text(raw: bytes) -> tuple[str, str | None]:
    """(text, what was wrong with it or None)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", "replace")
        bad = text.count("\ufffd")
        return text, (f"{bad} 处不是有效的 UTF-16 编码，已替换为 “\ufffd” (invalid UTF-16)" if bad else None)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut inside its last character (a truncated file)
            return raw[: exc.start].decode("utf-8-sig"), None
    text = raw.decode("utf-8-sig", "replace")
    bad = text.count("\ufffd") - raw.decode("utf-8-sig", "ignore").count("\ufffd")
    if bad <= max(3, len(raw) * DAMAGE_SHARE):
        lines = sorted({text.count("\n", 0, i) + 1 for i in _positions(text, "\ufffd")})
        where = "、".join(str(n) for n in lines[:10]) + ("等" if len(lines) > 10 else "")
        return text, f"第 {where} 行有 {bad} 处字节不是有效的 UTF-8 编码，已替换为 “\ufffd” (invalid UTF-8 bytes)"
    try:
        return raw.decode("gb18030"), None
    except UnicodeDecodeError:
        text = raw.decode("gb18030", "replace")
        return text, f"{text.count(chr(0xFFFD))} 处不是有效的 GB18030 编码，已替换为 “\ufffd” (invalid GB18030)"


def _positions(text: str, char: str) -> list[int]:
    out: list[int] = []
    i = text.find(char)
    while i >= 0 and len(out) < 1000:
        out.append(i)
        i = text.find(char, i + 1)
    return out
