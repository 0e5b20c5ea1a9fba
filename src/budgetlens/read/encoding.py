"""Decoding text files: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, else detected."""

from __future__ import annotations

from charset_normalizer import from_bytes

from budgetlens.errors import ReadError

_CONTROL_OK = {9, 10, 13, 12}
_CONTROLS = bytes(b for b in range(32) if b not in _CONTROL_OK)


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    return controls > max(8, len(sample) // 50)


def decode_text(data: bytes, path: str = "") -> tuple[str, str]:
    """Return (text, encoding name). Raises ReadError with a clear message when impossible."""
    if not data.strip():
        raise ReadError("文件为空", path)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if looks_binary(data):
        raise ReadError("不是文本文件（含二进制内容），也不是可识别的文档格式", path)
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ReadError("无法识别文本编码（已尝试 UTF-8、GB18030 及自动检测）", path)
    return str(best), best.encoding
