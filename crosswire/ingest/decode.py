"""Bytes to text: BOMs, strict UTF-8, then charset detection for legacy encodings."""
from __future__ import annotations

import codecs
import re

import charset_normalizer

from crosswire.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# charset-normalizer's "chaos" above this means the guess is mostly noise.
MAX_CHAOS = 0.2


def decode(data: bytes, where: str) -> tuple[str, str]:
    """Return (text, encoding) or raise an InputError that says why the bytes are not text."""
    if not data.strip():
        raise InputError(where, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(where, f"undecodable bytes: invalid {encoding} at byte {exc.start}") from exc
    if b"\x00" in data[:65536]:
        raise InputError(where, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start
    if _UTF8_MULTIBYTE.search(data):
        raise InputError(where, f"undecodable bytes: UTF-8 text with an invalid byte 0x{data[bad]:02x} at offset {bad}")
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None or guess.chaos > MAX_CHAOS:
        raise InputError(where, f"undecodable bytes: not UTF-8 (invalid byte 0x{data[bad]:02x} at offset {bad}) and no other text encoding fits")
    return str(guess), guess.encoding
