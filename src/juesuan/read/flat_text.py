"""Running text with its line breaks removed, and the page of every character.

Extracted text wraps sentences (and table cells) mid-word; a pattern that
spans a line break is easier to write on the joined text.  Lines are joined
with nothing, except that two ASCII words or numbers keep a space between
them so "15.12" and "95.02" on consecutive lines stay apart.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from juesuan.model import Box, Page


@dataclass
class FlatText:
    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset where each piece begins
    pages: list[int] = field(default_factory=list)  # page of each piece
    boxes: list[Box | None] = field(default_factory=list)  # where each piece (line) was printed

    @classmethod
    def of(cls, pages: list[Page]) -> FlatText:
        flat = cls()
        parts: list[str] = []
        length = 0
        for page in pages:
            for line in page.lines:
                text = line.text.strip()
                if not text:
                    continue
                if parts and _space_between(parts[-1][-1], text[0]):
                    parts.append(" ")
                    length += 1
                flat.starts.append(length)
                flat.pages.append(page.number)
                flat.boxes.append(line.box)
                parts.append(text)
                length += len(text)
        flat.text = "".join(parts)
        return flat

    def box_at(self, offset: int) -> Box | None:
        """The box of the line the character at offset was printed on."""
        index = bisect_right(self.starts, offset) - 1
        return self.boxes[index] if 0 <= index < len(self.boxes) else None

    def page_at(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        return self.pages[index] if index >= 0 else (self.pages[0] if self.pages else 1)


def _space_between(left: str, right: str) -> bool:
    return left.isascii() and right.isascii() and (left.isalnum() or left in ".,%") and (right.isalnum())


def spaced(words: str) -> str:
    """A regex for words that may be broken by spaces or line breaks anywhere."""
    return r"\s*".join(re.escape(char) for char in words if not char.isspace())
