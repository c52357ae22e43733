"""Files the server keeps, by content hash: uploads (``files/ab/abcd….pdf``), page images and generated
outputs (``cache/abcd…/``).  Every file is written beside its final name and renamed into place, so a
reader never sees half a file, and two uploads of the same bytes at once end as one file."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from juesuan.serve.errors import UploadRefused

# what an upload may be, by its name's suffix (the reader then decides by the bytes)
SUFFIXES: frozenset[str] = frozenset({".pdf", ".html", ".htm", ".xlsx", ".xlsm", ".txt", ".json"})
WORKBOOK_SUFFIXES: frozenset[str] = frozenset({".xlsx", ".xlsm"})
_HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoredFile:
    name: str  # as the user named it (shown, never used as a path)
    content_hash: str
    size: int
    path: Path


def clean_name(name: str) -> str:
    """The file name a user gave, without any folder, control characters or excess length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable()).strip() or "未命名"
    if len(base) > 200:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[:190] + dot + suffix[:9]) if dot and len(suffix) <= 9 else base[:200]
    return base


def suffix_of(name: str, allowed: frozenset[str] = SUFFIXES) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        kinds = "、".join(sorted(s.lstrip(".").upper() for s in allowed))
        raise UploadRefused(name, f"只接受 {kinds} 文件 (unsupported file type)")
    return suffix


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        for sub in ("files", "cache", "incoming"):
            (root / sub).mkdir(parents=True, exist_ok=True)

    def path_for(self, content_hash: str, suffix: str) -> Path:
        if not _HASH.match(content_hash):
            raise ValueError(content_hash)
        return self.root / "files" / content_hash[:2] / f"{content_hash}{suffix}"

    def cache_dir(self, content_hash: str) -> Path:
        if not _HASH.match(content_hash):
            raise ValueError(content_hash)
        folder = self.root / "cache" / content_hash
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def sink(self, name: str, max_bytes: int, allowed: frozenset[str] = SUFFIXES) -> FileSink:
        """Where an upload streams to while it arrives (hashed as it comes)."""
        return FileSink(self, name, max_bytes, allowed)

    def remove(self, path: str | Path) -> None:
        """Remove a stored file and its cache (only inside this store)."""
        p = Path(path)
        try:
            p.resolve().relative_to(self.root / "files")
        except ValueError:
            return  # a file ingested from elsewhere is the user's, not ours
        content_hash = p.stem
        p.unlink(missing_ok=True)
        if _HASH.match(content_hash):
            shutil.rmtree(self.root / "cache" / content_hash, ignore_errors=True)

    def write_atomic(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


class FileSink:
    """One upload arriving: written to a temporary file and hashed; refused (nothing kept) when it is of a type
    the server does not take, empty, or larger than ``max_bytes``.  A refused upload's data is dropped as it
    comes, so that the client gets the answer rather than a reset connection."""

    def __init__(self, store: FileStore, name: str, max_bytes: int, allowed: frozenset[str]) -> None:
        self.store = store
        self.name = clean_name(name)
        self.max_bytes = max_bytes
        self.size = 0
        self.refused: UploadRefused | None = None
        self._digest = hashlib.sha256()
        self._fh: Any = None
        self._tmp: str | None = None
        try:
            self.suffix = suffix_of(self.name, allowed)
        except UploadRefused as exc:
            self.refused, self.suffix = exc, ""
            return
        fd, self._tmp = tempfile.mkstemp(dir=store.root / "incoming", suffix=self.suffix)
        self._fh = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self._fh is None:
            return
        if self.size > self.max_bytes:
            self.refused = UploadRefused(self.name, f"文件过大，超过上限 {self.max_bytes / (1 << 20):.0f} MB "
                                                    "(file too large)")
            self.abort()
            return
        self._digest.update(data)
        self._fh.write(data)

    def finish(self) -> StoredFile:
        """The stored file; raises the refusal."""
        if self.refused is not None:
            self.abort()
            raise self.refused
        if self.size == 0:
            self.abort()
            raise UploadRefused(self.name, "文件是空的 (empty file)")
        assert self._fh is not None and self._tmp is not None
        self._fh.close()
        self._fh = None
        content_hash = self._digest.hexdigest()
        final = self.store.path_for(content_hash, self.suffix)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._tmp, final)  # the same bytes twice at once: the same content either way
        self._tmp = None
        return StoredFile(self.name, content_hash, self.size, final)

    def abort(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self._tmp is not None:
            try:
                os.unlink(self._tmp)
            except FileNotFoundError:
                pass
            self._tmp = None
