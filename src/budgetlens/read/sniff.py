"""Decide a file's format from its content, never from its extension.

Published disclosures are often misnamed: a ``.xls`` that is really an HTML page, a ``.doc``
that is a ``.docx``, a ``.pdf`` link that serves a Word file. The first bytes decide.
"""

from __future__ import annotations

import io
import re
import zipfile

# Formats returned by :func:`sniff`.
DOCX, XLSX, XLS, DOC, WPS, PDF, HTML, PNG, JPEG, TIFF, BMP, TXT = (
    "docx", "xlsx", "xls", "doc", "wps", "pdf", "html", "png", "jpeg", "tiff", "bmp", "txt"
)
ODS, ODT = "ods", "odt"  # OpenDocument spreadsheet / text (LibreOffice, WPS)
ZIP_OTHER = "zip"  # a zip that is neither a Word nor an Excel package (e.g. OFD, a folder of files)
OLE_ENCRYPTED = "ole-encrypted"  # an OOXML file protected by a password (stored in an OLE2 wrapper)
OLE_OTHER = "ole"
IMAGE_FORMATS = frozenset({PNG, JPEG, TIFF, BMP})

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_HEAD = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|meta|title)\b", re.IGNORECASE)


def sniff(data: bytes) -> str:
    """The format of ``data`` (one of the constants above)."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if head == _OLE_MAGIC:
        return _sniff_ole(data)
    # A PDF header may be preceded by junk (up to 1024 bytes is accepted by readers).
    if b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"BM") and len(data) > 26 and data[14:15] in (b"\x0c", b"\x28", b"\x40", b"\x6c", b"\x7c"):
        return BMP
    if _looks_html(data):
        return HTML
    return TXT


def _looks_html(data: bytes) -> bool:
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"\xff\xfe") or start.startswith(b"\xfe\xff"):
        start = start[2:].replace(b"\x00", b"")  # UTF-16: the tags are ASCII
    if not start.startswith(b"<"):
        return False
    return bool(_HTML_HEAD.search(start[:4096]))


def _sniff_zip(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return ZIP_OTHER
    members = set(names)
    if "mimetype" in members:
        try:
            mime = zipfile.ZipFile(io.BytesIO(data)).read("mimetype")[:100]
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            mime = b""
        if mime.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return ODS
        if mime.startswith(b"application/vnd.oasis.opendocument.text"):
            return ODT
    if "word/document.xml" in members or any(n.startswith("word/") and n.endswith(".xml") for n in names[:50]):
        return DOCX
    if "xl/workbook.xml" in members or any(n.startswith("xl/") for n in names[:50]):
        return XLSX
    return ZIP_OTHER


def _ole_streams(data: bytes) -> set[str] | None:
    """Names of the streams and storages of an OLE2 compound file; None when it cannot be parsed."""
    import olefile  # a small pure-Python reader of the OLE2 directory

    try:
        with olefile.OleFileIO(data) as ole:
            return {part for entry in ole.listdir(streams=True, storages=True) for part in entry}
    except Exception:  # olefile raises OSError and assorted errors on damaged directories
        return None


def _sniff_ole(data: bytes) -> str:
    """Tell the OLE2 compound files apart by the stream names in their directory.

    The directory is read properly: a name searched for in the raw bytes could be text of the
    document (a Word file mentioning 「Book」 in UTF-16 is not a workbook). A damaged directory
    falls back to that search, so that the reader of the likely format reports the damage.
    """
    streams = _ole_streams(data)

    def has_stream(name: str) -> bool:
        return name in streams if streams is not None else name.encode("utf-16-le") in data

    if has_stream("EncryptedPackage"):
        return OLE_ENCRYPTED
    if has_stream("Workbook") or has_stream("Book"):
        return XLS
    if has_stream("WpsContent") or "WPS Office".encode("utf-16-le") in data[:65536]:
        return WPS
    if has_stream("WordDocument"):
        return DOC
    return OLE_OTHER
