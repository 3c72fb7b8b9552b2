"""Checks made before a file is parsed: what it really is, and whether it is safe to open.

A file is judged by its content, not its extension. Limits can be changed through
:data:`LIMITS` (or the environment variables named there) when an office really sends
larger workbooks.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from emulation_stats.core.errors import DataError
from emulation_stats.io.paths import display_path

ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted xlsx, or a legacy .xls


@dataclass
class Limits:
    """Safety limits; the defaults are far above any district's report."""

    max_file_bytes: int = int(os.environ.get("EMULATION_STATS_MAX_FILE_MB", "200")) * 2**20
    max_unzipped_bytes: int = int(os.environ.get("EMULATION_STATS_MAX_UNZIPPED_MB", "1000")) * 2**20
    max_zip_ratio: float = float(os.environ.get("EMULATION_STATS_MAX_ZIP_RATIO", "200"))


LIMITS = Limits()


def check_file(path: Path, limits: Limits | None = None) -> str:
    """Return "xlsx" or "csv" for a file that is safe to parse, else raise DataError."""
    limits = limits or LIMITS
    name = display_path(path)
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is None or not stat.S_ISREG(info.st_mode):
        raise DataError("file_missing", file=name)
    if info.st_size == 0:
        raise DataError("file_empty", file=name)
    if info.st_size > limits.max_file_bytes:
        raise DataError("file_too_large", file=name, size=f"{info.st_size / 2**20:.0f}",
                        limit=f"{limits.max_file_bytes / 2**20:.0f}")
    with path.open("rb") as handle:
        head = handle.read(4096)
        if head.startswith(OLE2_MAGIC):
            raise DataError("file_protected", file=name)
        if head.startswith(ZIP_MAGIC):
            handle.seek(0)
            members = _check_zip(handle, name, limits)  # the same open file: one opening per check
            _STYLES[path] = _member_bytes(handle, members, "xl/styles.xml")
            return "xlsx"
    if head.startswith(UTF16_BOMS):
        return "csv"  # UTF-16 text, as some versions of Excel save "Unicode text"
    if b"\x00" in head:
        raise DataError("file_binary", file=name)
    return "csv"


def _check_zip(handle: BinaryIO, name: str, limits: Limits) -> list[tuple[str, int, int, int, int]]:
    members = _plain_directory(handle)
    if members is None:  # zip64, data before the archive, damage: the zipfile module decides
        try:
            handle.seek(0)
            with zipfile.ZipFile(handle) as archive:
                members = [(m.filename, m.compress_size, m.file_size, m.compress_type, m.header_offset)
                       for m in archive.infolist()]
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise DataError("file_broken", file=name, why=exc) from exc
    _check_members(members, name, limits)
    return members


_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_DIRECTORY_ENTRY = struct.Struct("<4s6H3L5H2L")


def _plain_directory(handle: BinaryIO) -> list[tuple[str, int, int, int, int]] | None:
    """(name, compressed size, size, method, offset of its local header) of each member,
    read from the central directory of an ordinary archive (as Excel writes them); None for
    anything else.

    The zipfile module reads the same records but builds an object per member: this is
    the part of the safety check that a folder of 200 workbooks spends its time on.
    """
    size = handle.seek(0, os.SEEK_END)
    start = max(size - (_END_OF_DIRECTORY.size + 65535), 0)
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _END_OF_DIRECTORY.size > len(tail):
        return None
    _, disk, directory_disk, _, entries, directory_size, directory_offset, _ = _END_OF_DIRECTORY.unpack_from(tail, at)
    if disk or directory_disk or directory_offset + directory_size != start + at:
        return None
    handle.seek(directory_offset)
    directory = handle.read(directory_size)
    members, position = [], 0
    for _ in range(entries):
        if position + _DIRECTORY_ENTRY.size > len(directory):
            return None
        fields = _DIRECTORY_ENTRY.unpack_from(directory, position)
        if fields[0] != b"PK\x01\x02" or 0xFFFFFFFF in (fields[8], fields[9]):
            return None
        name_length, extra_length, comment_length = fields[10:13]
        raw_name = directory[position + _DIRECTORY_ENTRY.size:position + _DIRECTORY_ENTRY.size + name_length]
        members.append((raw_name.decode("utf-8" if fields[3] & 0x800 else "cp437"), fields[8], fields[9],
                        fields[4], fields[16]))
        position += _DIRECTORY_ENTRY.size + name_length + extra_length + comment_length
    return members if position == len(directory) else None


def _check_members(members: list[tuple[str, int, int, int, int]], name: str, limits: Limits) -> None:
    if not any(member[0] == "xl/workbook.xml" for member in members):
        raise DataError("zip_not_workbook", file=name)
    total = sum(member[2] for member in members)
    if total > limits.max_unzipped_bytes:
        raise DataError("zip_bomb_total", file=name, size=f"{total / 2**20:.0f}")
    for member, compress_size, file_size, *_ in members:
        ratio = file_size / max(compress_size, 1)
        if file_size > 2**20 and ratio > limits.max_zip_ratio:
            raise DataError("zip_bomb_ratio", file=name, part=member, ratio=f"{ratio:.0f}")


# The styles part of each workbook checked, read while it was open: the cell formats reader
# needs only it for most workbooks (no percent format: nothing more to look into).
_STYLES: OrderedDict[Path, bytes | None] = OrderedDict()
_STYLES_KEPT = 256


def _member_bytes(handle: BinaryIO, members: list[tuple[str, int, int, int, int]], wanted: str) -> bytes | None:
    """One member's content through its local header (stored or deflated); b"" if absent,
    None in any other form (the zipfile module then reads it)."""
    while len(_STYLES) >= _STYLES_KEPT:
        _STYLES.popitem(last=False)
    entry = next((m for m in members if m[0] == wanted), None)
    if entry is None:
        return b""  # none there: no format to look for
    if entry[3] not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or entry[1] > 2**24:
        return None
    handle.seek(entry[4])
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return None
    name_length, extra_length = struct.unpack_from("<2H", header, 26)
    handle.seek(entry[4] + 30 + name_length + extra_length)
    data = handle.read(entry[1])
    try:
        return data if entry[3] == zipfile.ZIP_STORED else zlib.decompress(data, -15)
    except zlib.error:
        return None


def styles_read(path: Path) -> bytes | None:
    """The styles part :func:`check_file` read from ``path`` (None: not read, or none there)."""
    return _STYLES.pop(path, None)


def has_dtd(path: Path) -> bool:
    """Whether any XML part of a workbook declares a DTD or entities. Office never writes
    one; both engines refuse to expand entities, and this names the attack when they fail."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith((".xml", ".rels")):
                with archive.open(member) as handle:
                    start = handle.read(4096)
                if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                    return True
    return False


