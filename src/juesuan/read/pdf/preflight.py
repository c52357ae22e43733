"""What a PDF will cost to read, measured from its bytes before PDFium inflates anything.

PDFium inflates a page's content streams, form XObjects and object streams in full when the page is
loaded, and builds an object for every operator; a stream of a few megabytes on disk can inflate to
gigabytes (of whitespace, or of millions of text objects), and form XObjects drawing each other ten times
over, seven deep, make ten million objects from 250 KB.  Here the raw file is scanned once (memory-mapped):

- each stream's inflated size is bounded by its length on disk times what its filters can expand to
  (deflate: 1032:1); a stream whose bound passes the ``stream`` limit is inflated in pieces, counting, and
  never held; one that turns out larger is refused, and so are all of them together beyond ``document``;
- each image's pixels (width x height x components) are held against the ``image`` limit (PDFium decodes
  images only to draw a page: page images, OCR);
- each form XObject's expansion (itself plus every form its content draws, as often as it draws it, all
  the way down) is held against the ``objects`` limit.

A real report costs a fraction of a millisecond per stream here: its content streams are small enough for
their bound alone to clear them.  Font programs are not inflated (measuring them would cost as much as
reading them): a font that inflates beyond reason is left to the reading process's memory limit
(juesuan.isolation).  Neither are streams behind LZW or run-length filters, nor encrypted ones.
"""

from __future__ import annotations

import base64
import mmap
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from juesuan import limits as limits_
from juesuan.limits import Limits

_OBJ_HEAD = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\s*$")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/<>\[\]()]+|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/<>\[\]()]+)")
_SUBTYPE = re.compile(rb"/Subtype\s*/(\w+)")
_TYPE = re.compile(rb"/Type\s*/(\w+)")
_INT = {key: re.compile(rb"/" + key + rb"\s+(\d+)(?!\s+\d+\s+R)") for key in (b"Width", b"Height", b"BitsPerComponent")}
_DO = re.compile(rb"/([^\s/<>\[\]()]+)\s*Do\b")
_XOBJECTS = re.compile(rb"/XObject\s*(<<.*?>>|\d+\s+\d+\s+R)", re.S)
_RESOURCES = re.compile(rb"/Resources\s*(\d+)\s+(\d+)\s+R")
_REF = re.compile(rb"/([^\s/<>\[\]()]+)\s*(\d+)\s+\d+\s+R")
_OBJECT_ANYWHERE = re.compile(rb"(?<![\d.])(\d{1,10})\s+(\d{1,5})\s+obj\b")

DICT_WINDOW = 1 << 16  # a stream's dictionary is looked for this far before its data
CHUNK = 1 << 20  # inflated in pieces of this size, never all at once
MAX_FORM_NESTING = 64  # forms within forms are followed this deep (PDFium stops sooner)

# the most one encoded byte can become, per filter (deflate's 258-byte copies at 2 bits: 1032)
EXPANSION = {b"FlateDecode": 1032, b"Fl": 1032, b"ASCIIHexDecode": 1, b"AHx": 1, b"ASCII85Decode": 4, b"A85": 4,
             b"LZWDecode": 3641, b"LZW": 3641, b"RunLengthDecode": 64, b"RL": 64, b"Crypt": 1}
MEASURABLE = {b"FlateDecode", b"Fl", b"ASCIIHexDecode", b"AHx", b"ASCII85Decode", b"A85"}
_COMPONENTS = {b"DeviceGray": 1, b"CalGray": 1, b"G": 1, b"Indexed": 1, b"I": 1, b"DeviceRGB": 3, b"CalRGB": 3,
               b"RGB": 3, b"Lab": 3, b"DeviceCMYK": 4, b"CMYK": 4}


@dataclass
class Stream:
    number: int | None  # object number, where the header could be read
    start: int  # the data's first byte in the file
    length: int  # its bytes on disk (up to "endstream")
    filters: tuple[bytes, ...]
    kind: str  # content | form | image | font | objstm | xref | other
    head: bytes  # the dictionary
    inflated: int | None = None  # measured size, where it was measured

    @property
    def bound(self) -> int:
        """The most its data can inflate to."""
        size = self.length
        for name in self.filters:
            size *= EXPANSION.get(name, 1)
        return size + 64

    @property
    def size(self) -> int:
        return self.inflated if self.inflated is not None else self.bound

    @property
    def what(self) -> str:
        label = {"content": "页面内容", "form": "表单 XObject", "objstm": "对象流", "xref": "交叉引用流",
                 "image": "图像", "font": "字体"}.get(self.kind, "数据流")
        return f"{label}（第 {self.number} 号对象）" if self.number is not None else label


@dataclass
class FontProgram:
    """An embedded font program: its font's name (with the subset prefix), its stream, its declared size."""

    name: str
    stream: Stream
    length1: int | None  # the decoded size a TrueType or Type 1 program declares (/Length1)


@dataclass
class Preflight:
    """What the scan found (for the checks that follow the reading: font damage)."""

    streams: list[Stream] = field(default_factory=list)
    inflated_total: int = 0
    fonts: dict[str, FontProgram] = field(default_factory=dict)  # by font name


def preflight(path: Path, limits: Limits | None = None) -> Preflight:
    """Measure ``path`` against the limits; raise LimitExceeded naming the first limit it passes."""
    chosen = limits or limits_.active()
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _scan(path, data, chosen)
    except (OSError, ValueError):  # an empty or unmappable file: PDFium says what is wrong with it
        return Preflight()


def _scan(path: Path, data: mmap.mmap, limits: Limits) -> Preflight:
    index = _ObjectIndex(data)
    found = Preflight(list(_streams(data, index)))
    inflatable = [s for s in found.streams if s.kind not in ("image", "font")]
    for stream in inflatable:
        if limits.stream_bytes and stream.bound > limits.stream_bytes and _measurable(stream):
            stream.inflated = _inflated_size(data, stream, limits.stream_bytes)
            limits_.check(path, "stream", stream.inflated, limits, stream.what, at_least=True)
    for stream in found.streams:
        if stream.kind == "image":
            limits_.check(path, "image", _pixels(stream), limits, stream.what)
    if limits.document_bytes:
        # bounds add up to more than the limit long before real data does: measure the largest until settled
        pending = sorted((s for s in inflatable if s.inflated is None and _measurable(s)), key=lambda s: -s.bound)
        total = sum(s.size for s in inflatable)
        for stream in pending:
            if total <= limits.document_bytes:
                break
            bound = stream.bound
            stream.inflated = _inflated_size(data, stream, limits.stream_bytes or limits.document_bytes)
            total += stream.inflated - bound
        limits_.check(path, "document", total, limits, at_least=True)
        found.inflated_total = total
    if limits.objects_per_page:
        _check_forms(path, data, found.streams, index, limits)
    found.fonts = _font_programs(data, found.streams, index)
    return found


_FONT_FILE = re.compile(rb"/FontFile[23]?\s*(\d+)\s+\d+\s+R")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()]+)")
_LENGTH1 = re.compile(rb"/Length1\s+(\d+)(\s+\d+\s+R)?")


def _font_programs(data: mmap.mmap, streams: list[Stream], index: _ObjectIndex) -> dict[str, FontProgram]:
    """The embedded font programs, by the name their font descriptors give (descriptors written plainly in the
    file; those inside compressed object streams are not seen)."""
    by_number = {s.number: s for s in streams if s.kind == "font" and s.number is not None}
    out: dict[str, FontProgram] = {}
    if not by_number:
        return out
    for pos in _outside_streams(data, streams, b"/FontFile"):
        m = _FONT_FILE.match(data, pos)
        start = data.rfind(b"<<", max(0, pos - 4096), pos)
        end = data.find(b">>", pos, pos + 4096)
        if m and start >= 0 and end >= 0:
            stream = by_number.get(int(m.group(1)))
            name = _FONT_NAME.search(data[start:end])
            if stream is not None and name:
                length = _LENGTH1.search(stream.head)
                length1 = None
                if length and not length.group(2):
                    length1 = int(length.group(1))
                elif length:
                    body = index.body(int(length.group(1)))
                    length1 = int(body.split()[0]) if body and body.split() and body.split()[0].isdigit() else None
                named = _name_text(name.group(1))
                out[named] = FontProgram(named, stream, length1)
    return out


def _outside_streams(data: mmap.mmap, streams: list[Stream], needle: bytes) -> Iterator[int]:
    """Where ``needle`` occurs in the file, stream data left out (fonts and images are most of a file's bytes)."""
    spans = sorted((s.start, s.start + s.length) for s in streams)
    begin = 0
    for start, end in [*spans, (len(data), len(data))]:
        pos = data.find(needle, begin, start)
        while pos >= 0:
            yield pos
            pos = data.find(needle, pos + len(needle), start)
        begin = max(begin, end)


def _name_text(raw: bytes) -> str:
    """A PDF name as text: #xx escapes decoded (/Noto#20Sans is "Noto Sans")."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode("utf-8", "replace")


def damaged_streams(path: Path, streams: list[Stream]) -> list[Stream]:
    """The FlateDecode streams among ``streams`` whose data is damaged: inflating them fails part-way, or their
    checksum is wrong (a changed byte rarely survives both).  A stream that is not zlib at all (its header
    wrong) or that merely ends early is not counted: PDFium reads those as their producers meant."""
    out: list[Stream] = []
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for stream in streams:
                if stream.filters in ((b"FlateDecode",), (b"Fl",)) and not _inflates_cleanly(data, stream):
                    out.append(stream)
    except (OSError, ValueError):
        pass
    return out


def stored_checksums(path: Path, streams: list[Stream]) -> dict[int, set[int]]:
    """The Adler-32 each FlateDecode stream stores in its last four bytes (a line end or two before "endstream"
    may or may not be counted in its length: each reading is a candidate), by id() of the stream."""
    out: dict[int, set[int]] = {}
    try:
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for stream in streams:
                if stream.filters not in ((b"FlateDecode",), (b"Fl",)) or stream.length < 6:
                    continue
                tail = data[stream.start + stream.length - 8: stream.start + stream.length]
                out[id(stream)] = {int.from_bytes(t[-4:], "big")
                                   for t in (tail, tail.rstrip(), tail[:-1], tail[:-2]) if len(t) >= 4}
    except (OSError, ValueError):
        pass
    return out


def _inflates_cleanly(data: mmap.mmap, stream: Stream) -> bool:
    z = zlib.decompressobj()
    produced = 0
    raw = memoryview(data)[stream.start: stream.start + stream.length]
    try:
        for i in range(0, len(raw), CHUNK):
            chunk = bytes(raw[i: i + CHUNK])
            while chunk and not z.eof:
                produced += len(z.decompress(chunk, CHUNK))
                chunk = z.unconsumed_tail
            if z.eof:
                break
        return True
    except zlib.error as exc:
        return produced == 0 and "header" in str(exc)  # not zlib at all: PDFium's concern, not damage
    finally:
        raw.release()


def _stream_starts(data: mmap.mmap, skip: list[int]) -> Iterator[tuple[int, int]]:
    """(keyword, data) offsets of each "stream" keyword followed by an end of line (not "endstream"): found with
    the C search (a regular expression over a megabytes-long file costs a hundred times more), resumed after
    each stream's data (``skip``: where the caller found the last one to end), never searched inside it."""
    pos = data.find(b"stream")
    while pos >= 0:
        after = pos + 6
        if pos > 0 and data[pos - 1: pos] == b"d":  # endstream
            pos = data.find(b"stream", after)
            continue
        eol = data[after: after + 2]
        if eol.startswith(b"\r\n"):
            yield pos, after + 2
        elif eol[:1] in (b"\n", b"\r"):
            yield pos, after + 1
        pos = data.find(b"stream", max(after, skip[0]))


def _streams(data: mmap.mmap, index: _ObjectIndex) -> Iterator[Stream]:
    resume = [0]
    for keyword, start in _stream_starts(data, resume):
        obj = data.rfind(b"obj", max(0, keyword - DICT_WINDOW), keyword)
        if obj < 0:
            continue
        head = data[obj + 3: keyword].strip()
        if not (head.startswith(b"<<") and head.endswith(b">>")):
            continue  # "stream" inside other data, not a stream
        header = _OBJ_HEAD.search(data[max(0, obj - 24): obj + 3])
        number = int(header.group(1)) if header else None
        stream = Stream(number, start, _length(data, head, start), _filters(head, index), _kind(head), head)
        resume[0] = stream.start + stream.length
        yield stream


def _length(data: mmap.mmap, head: bytes, start: int) -> int:
    """The stream's bytes: its direct /Length where "endstream" follows it (no need to search its data), else up
    to the first "endstream" (as PDFium does when the length is wrong)."""
    m = _LENGTH.search(head)
    if m:
        declared = int(m.group(1))
        if 0 <= declared <= len(data) - start and data[start + declared: start + declared + 12].lstrip().startswith(
                b"endstream"):
            return declared
    end = data.find(b"endstream", start)
    return (end if end >= 0 else len(data)) - start


def _filters(head: bytes, index: _ObjectIndex) -> tuple[bytes, ...]:
    m = _FILTER.search(head)
    if not m:
        return ()
    value = m.group(1)
    if value.endswith(b"R"):  # an indirect filter: its object holds the name or the array
        value = index.body(int(value.split()[0])) or b""
    return tuple(_NAME.findall(value))


def _kind(head: bytes) -> str:
    subtype = _SUBTYPE.search(head)
    sub = subtype.group(1) if subtype else b""
    if sub == b"Image":
        return "image"
    if sub == b"Form":
        return "form"
    if b"/Length1" in head or b"/Length2" in head or sub in (b"Type1C", b"CIDFontType0C", b"OpenType"):
        return "font"
    kind = _TYPE.search(head)
    name = kind.group(1) if kind else b""
    return {b"ObjStm": "objstm", b"XRef": "xref"}.get(name, "content" if not sub and not name else "other")


def _measurable(stream: Stream) -> bool:
    return bool(stream.filters) and all(f in MEASURABLE for f in stream.filters)


def _inflated_size(data: mmap.mmap, stream: Stream, stop: int) -> int:
    """How big the stream's data is once decoded, counted in pieces; counting stops just past ``stop``."""
    raw = memoryview(data)[stream.start: stream.start + stream.length]
    try:
        pieces: Iterator[bytes] = (bytes(raw[i: i + CHUNK]) for i in range(0, len(raw), CHUNK))
        for name in stream.filters:
            pieces = _decoder(name)(pieces, stop)
        total = 0
        for piece in pieces:
            total += len(piece)
            if total > stop:
                break
        return total
    except (zlib.error, ValueError):  # damaged data: PDFium decodes what it can, at most what was counted
        return 0
    finally:
        raw.release()


def _decoder(name: bytes):  # type: ignore[no-untyped-def]
    if name in (b"FlateDecode", b"Fl"):
        return _inflate
    if name in (b"ASCIIHexDecode", b"AHx"):
        return _unhex
    return _un85


def _inflate(pieces: Iterator[bytes], stop: int) -> Iterator[bytes]:
    z = zlib.decompressobj()
    produced = 0
    for piece in pieces:
        chunk = piece
        while chunk and not z.eof:
            out = z.decompress(chunk, CHUNK)
            produced += len(out)
            yield out
            if produced > stop or (not out and z.unconsumed_tail == chunk):
                return
            chunk = z.unconsumed_tail
        if z.eof:
            return


def _unhex(pieces: Iterator[bytes], stop: int) -> Iterator[bytes]:
    carry = b""
    for piece in pieces:
        text = carry + re.sub(rb"[^0-9A-Fa-f>]", b"", piece)
        end = text.find(b">")
        if end >= 0:
            text = text[:end] + (b"0" if end % 2 else b"")
        carry = text[len(text) - len(text) % 2:] if end < 0 else b""
        yield bytes.fromhex(text[: len(text) - len(text) % 2].decode("ascii"))
        if end >= 0:
            return


def _un85(pieces: Iterator[bytes], stop: int) -> Iterator[bytes]:
    text = b"".join(pieces)  # ASCII85 is rare and small: decoded at once (its bound is only 4x)
    end = text.find(b"~>")
    yield base64.a85decode(re.sub(rb"\s", b"", text[: end if end >= 0 else len(text)]))


def _pixels(stream: Stream) -> int:
    """An image's decoded size: width x height x components x bits / 8 (unknown colour spaces count 4)."""
    def number(key: bytes, default: int) -> int:
        m = _INT[key].search(stream.head)
        return int(m.group(1)) if m else default

    width, height, bits = number(b"Width", 0), number(b"Height", 0), number(b"BitsPerComponent", 8)
    if b"/ImageMask true" in stream.head:
        return width * height // 8
    space = re.search(rb"/ColorSpace\s*/(\w+)", stream.head)
    components = _COMPONENTS.get(space.group(1), 4) if space else 4
    return width * height * components * max(bits, 1) // 8


# ---- form XObjects drawing each other


class _ObjectIndex:
    """Where an object starts: looked for with the C search, one object at a time; a file that asks for many
    (hundreds of forms with indirect resources) gets an index of every object, made in one pass."""

    LOOKUPS_BEFORE_INDEX = 32

    def __init__(self, data: mmap.mmap) -> None:
        self.data = data
        self.offsets: dict[int, int] | None = None
        self.lookups = 0

    def _find(self, number: int) -> int | None:
        needle = b"%d 0 obj" % number
        pos = self.data.find(needle)
        while pos >= 0:
            if pos == 0 or not self.data[pos - 1: pos].isdigit():
                return pos + len(needle)
            pos = self.data.find(needle, pos + 1)
        return None

    def body(self, number: int) -> bytes | None:
        self.lookups += 1
        if self.offsets is None and self.lookups > self.LOOKUPS_BEFORE_INDEX:
            self.offsets = {int(m.group(1)): m.end() for m in _OBJECT_ANYWHERE.finditer(self.data)}
        start = self.offsets.get(number) if self.offsets is not None else self._find(number)
        if start is None:
            return None
        end = self.data.find(b"endobj", start, start + DICT_WINDOW)
        return self.data[start: end if end >= 0 else start + 4096]


def _check_forms(path: Path, data: mmap.mmap, streams: list[Stream], index: _ObjectIndex, limits: Limits) -> None:
    """Refuse a form XObject whose drawing, forms within forms, makes more objects than a page may hold."""
    forms = {s.number: s for s in streams if s.kind == "form" and s.number is not None}
    if not forms:
        return
    calls: dict[int, list[int]] = {}
    for number, form in forms.items():
        names = _form_resources(form.head, index)
        content = _decoded(data, form, limits)
        called = [names[name] for name in (n.decode("latin-1") for n in _DO.findall(content)) if name in names]
        calls[number] = [n for n in called if n in forms]
    expansion: dict[int, int] = {}
    cap = limits.objects_per_page

    def size(number: int, seen: frozenset[int]) -> int:
        if number in expansion:
            return expansion[number]
        if number in seen or len(seen) >= MAX_FORM_NESTING:  # drawing itself, or deeper than PDFium goes
            return 1
        total = 1
        for child in calls.get(number, []):
            total += size(child, seen | {number})
            if total > cap:
                break
        expansion[number] = total
        return total

    for number in forms:
        drawn = size(number, frozenset())
        if drawn > cap:
            raise limits_.refusal(path, "objects", drawn, cap, f"{forms[number].what} 层层嵌套展开后的对象",
                                  at_least=True)


def _form_resources(head: bytes, index: _ObjectIndex) -> dict[str, int]:
    """The names a form's /Resources /XObject gives to other objects (resolving indirect dictionaries)."""
    text = head
    m = _RESOURCES.search(head)
    if m:
        text = index.body(int(m.group(1))) or b""
    x = _XOBJECTS.search(text)
    if not x:
        return {}
    table = x.group(1)
    if table.endswith(b"R") and not table.startswith(b"<<"):
        table = index.body(int(table.split()[0])) or b""
    return {name.decode("latin-1"): int(number) for name, number in _REF.findall(table)}


def _decoded(data: mmap.mmap, stream: Stream, limits: Limits) -> bytes:
    """A form's content, decoded (bounded by the stream limit, already enforced)."""
    raw = bytes(data[stream.start: stream.start + stream.length])
    if not stream.filters:
        return raw
    if not _measurable(stream):
        return b""
    pieces: Iterator[bytes] = iter([raw])
    stop = limits.stream_bytes or (1 << 62)
    try:
        for name in stream.filters:
            pieces = _decoder(name)(pieces, stop)
        return b"".join(pieces)[:stop]
    except (zlib.error, ValueError):
        return b""
