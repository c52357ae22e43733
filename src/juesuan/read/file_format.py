"""What kind of file the user gave us, by its bytes rather than its name."""

from __future__ import annotations

from pathlib import Path

from juesuan.errors import FileMissing, UnsupportedFile

SNIFF_BYTES = 4096


def file_format(path: Path) -> str:
    """'pdf', 'xlsx', 'json' or 'text'; raise FileMissing / UnsupportedFile otherwise."""
    if not path.exists():
        raise FileMissing(str(path))
    if path.is_dir():
        raise UnsupportedFile(str(path), "是目录 (a directory)")
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
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
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFile(str(path), "UTF-16 编码的文本，请另存为 UTF-8 (UTF-16 text: save it as UTF-8)")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the sniff window is still text
        if exc.start < len(head) - 4:
            try:
                head.decode("gb18030")
            except UnicodeDecodeError:
                raise UnsupportedFile(str(path)) from None
        text = head[: exc.start].decode("utf-8", "ignore")
    if "\x00" in text:
        raise UnsupportedFile(str(path))
    if text.lstrip("\ufeff \r\n\t").startswith("{") or path.suffix.lower() == ".json":
        return "json"
    return "text"
