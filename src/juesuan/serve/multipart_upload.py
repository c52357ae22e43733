"""Receiving uploads: a multipart/form-data body parsed as it streams in (python-multipart), each file going
straight to a ``FileSink`` (hashed, size-limited), never held in memory or spooled whole first.

A file over the size limit, of a type the server does not take, or past the number of files allowed is
refused on its own, and the others are still taken.  Form fields (the CSRF token) are small and kept.  A
body larger than all its files could be is refused before it is read (the Content-Length), and one that
keeps coming far past the limits has its connection dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from juesuan.serve.errors import UploadRefused
from juesuan.serve.filestore import SUFFIXES, FileSink, FileStore, StoredFile

MAX_FIELD_BYTES = 4096
MAX_FIELDS = 20
SLACK_BYTES = 1 << 20  # headers and fields around the files


@dataclass
class Received:
    files: list[StoredFile] = field(default_factory=list)
    refused: list[UploadRefused] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


class _Parts:
    def __init__(self, store: FileStore, max_bytes: int, max_files: int, allowed: frozenset[str],
                 before_files: Callable[[dict[str, str]], None] | None) -> None:
        self.store, self.max_bytes, self.max_files, self.allowed = store, max_bytes, max_files, allowed
        self.before_files = before_files
        self.out = Received()
        self.sinks: list[FileSink] = []
        self._files = 0
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._field: str | None = None
        self._field_data = bytearray()
        self._sink: FileSink | None = None
        self._skip = False

    def on_part_begin(self) -> None:
        self._disposition, self._field, self._sink, self._skip = b"", None, None, False
        self._field_data = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            filename = options[b"filename"].decode("utf-8", "replace")
            if not filename:  # an empty file input
                self._skip = True
                return
            if self._files == 0 and self.before_files is not None:
                self.before_files(self.out.fields)  # e.g. the CSRF token, sent before the files
            self._files += 1
            if self._files > self.max_files:
                too_many = f"一次最多上传 {self.max_files} 个文件 (too many files)"
                self.out.refused.append(UploadRefused(filename, too_many))
                self._skip = True
                return
            self._sink = self.store.sink(filename, self.max_bytes, self.allowed)
            self.sinks.append(self._sink)
        elif len(self.out.fields) < MAX_FIELDS:
            self._field = name
        else:
            self._skip = True

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._sink is not None:
            self._sink.write(data[start:end])
        elif self._field is not None and not self._skip:
            self._field_data += data[start:end]
            if len(self._field_data) > MAX_FIELD_BYTES:
                self._skip = True

    def on_part_end(self) -> None:
        if self._field is not None and not self._skip:
            self.out.fields[self._field] = self._field_data.decode("utf-8", "replace")
        if self._sink is not None:
            try:
                self.out.files.append(self._sink.finish())
            except UploadRefused as exc:
                self.out.refused.append(exc)
        self._sink = None


def boundary_of(content_type: str) -> bytes:
    kind, params = parse_options_header(content_type)
    if kind != b"multipart/form-data" or b"boundary" not in params:
        raise UploadRefused(None, "请以 multipart/form-data 上传文件，字段名 files "
                                  "(send the files as multipart/form-data)")
    return params[b"boundary"]


async def receive_upload(store: FileStore, content_type: str, content_length: int | None,
                         chunks: AsyncIterator[bytes], max_bytes: int, max_files: int,
                         allowed: frozenset[str] = SUFFIXES,
                         before_files: Callable[[dict[str, str]], None] | None = None) -> Received:
    """Parse an upload request's body into stored files, refusals and fields; ``before_files`` sees the fields
    sent before the first file and may refuse the request by raising."""
    boundary = boundary_of(content_type)
    limit = max_bytes * max_files + SLACK_BYTES
    if content_length is not None and content_length > limit + max_bytes:
        raise UploadRefused(None, f"上传内容过大：{content_length / (1 << 20):.1f} MB，每个文件上限 "
                                  f"{max_bytes / (1 << 20):.0f} MB (upload too large)")
    parts = _Parts(store, max_bytes, max_files, allowed, before_files)
    callbacks = {name: getattr(parts, name) for name in (
        "on_part_begin", "on_part_data", "on_part_end", "on_header_field", "on_header_value", "on_header_end",
        "on_headers_finished")}
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    seen = 0
    try:
        async for chunk in chunks:
            seen += len(chunk)
            if seen > limit + max_bytes * 4:  # far past anything allowed: stop reading
                raise UploadRefused(None, "上传内容过大 (upload too large)")
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        for sink in parts.sinks:
            sink.abort()
        raise UploadRefused(None, "上传内容不完整或格式不对 (malformed upload)") from None
    except BaseException:
        for sink in parts.sinks:
            sink.abort()
        raise
    return parts.out
