"""What kind of file the user gave us, by its bytes rather than its name."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from juesuan.errors import FileMissing, UnsupportedFile

SNIFF_BYTES = 4096

_KINDS = ((stat.S_ISFIFO, "命名管道 (a FIFO)"), (stat.S_ISCHR, "字符设备 (a character device)"),
          (stat.S_ISBLK, "块设备 (a block device)"), (stat.S_ISSOCK, "套接字 (a socket)"))


def regular_file(path: Path) -> os.stat_result:
    """The file's status, refusing what is not a regular file before it is opened (opening a FIFO waits for a
    writer forever; a device never ends)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise FileMissing(str(path)) from None
    except OSError as exc:
        raise UnsupportedFile(str(path), f"无法读取 (cannot read: {exc.strerror or exc})") from None
    if stat.S_ISDIR(status.st_mode):
        raise UnsupportedFile(str(path), "是目录 (a directory)")
    for test, what in _KINDS:
        if test(status.st_mode):
            raise UnsupportedFile(str(path), f"不是普通文件，是{what}")
    return status


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first bytes of a regular file; a file that cannot be read (/proc/self/mem) is refused, not a crash."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except OSError as exc:
        raise UnsupportedFile(str(path), f"无法读取 (cannot read: {exc.strerror or exc})") from None


# The start of a web page (after a BOM, blanks, comments and an XML declaration): sniffing, not parsing.
_HTML_START = re.compile(r"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|table)\b",
                         re.I | re.S)
_HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


def file_format(path: Path) -> str:
    """'pdf', 'xlsx', 'json', 'html' or 'text'; raise FileMissing / UnsupportedFile otherwise.

    A directory is 'html' when it holds web pages (a report published over several pages).
    """
    if not path.exists():
        raise FileMissing(str(path))
    if path.is_dir():
        if any(p.is_file() and p.suffix.lower() in _HTML_SUFFIXES for p in path.iterdir()):
            return "html"
        raise UnsupportedFile(str(path), "是目录 (a directory)")
    regular_file(path)
    head = read_head(path)
    if not head:
        raise UnsupportedFile(str(path), "文件为空 (empty file)")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return "xlsx"
        raise UnsupportedFile(str(path), "ZIP 文件但不是 .xlsx (a ZIP archive that is not .xlsx)")
    if path.suffix.lower() == ".pdf":
        from juesuan.errors import DamagedPdf

        raise DamagedPdf(str(path), "缺少 %PDF 文件头 (no %PDF header)")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte order mark (Notepad's "Unicode")
        text = head.decode("utf-16", "replace")
    else:
        text = _sniffed_text(path, head)
    if "\x00" in text:
        raise UnsupportedFile(str(path))
    if text.lstrip("\ufeff \r\n\t").startswith("{") or path.suffix.lower() == ".json":
        return "json"
    if _HTML_START.match(text.lstrip("\ufeff")) or path.suffix.lower() in _HTML_SUFFIXES:
        return "html"
    return "text"


def _sniffed_text(path: Path, head: bytes) -> str:
    """The start of a text file: UTF-8 (a few bad bytes, or a character cut by the sniff window, still make a
    text: the reader marks them) or GB18030; anything else is not a text."""
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = head.decode("utf-8", "replace")
    if text.count("\ufffd") <= max(2, len(head) // 200):
        return text
    try:
        return head.decode("gb18030")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # cut inside its last character
            return head[: exc.start].decode("gb18030")
        raise UnsupportedFile(str(path)) from None


def read_bounded(path: Path, limit_name: str) -> bytes:
    """The whole file, refused (``LimitExceeded``) beyond the limit ``limit_name`` (text, json) without reading
    more than one byte past it, whatever its size claims (a file under /proc says 0)."""
    from juesuan import limits

    limit = limits.limit_of(limit_name)
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1) if limit else fh.read()
    except OSError as exc:
        raise UnsupportedFile(str(path), f"无法读取 (cannot read: {exc.strerror or exc})") from None
    if limit and len(data) > limit:
        size = max(len(data), path.stat().st_size)
        raise limits.refusal(path, limit_name, size, limit)
    return data
