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
# Decodings this close in chaos are equally clean; the more common encoding wins, so that
# Latin-1 French is not read as Central European ("trêve" as "tręve").
CHAOS_TIE = 0.02
PREVALENCE = (
    "cp1252", "latin_1", "iso8859_15", "cp1256", "cp1251", "koi8_r", "cp1250", "iso8859_2", "cp1254",
    "cp1253", "cp1255", "cp1257", "gb18030", "gbk", "big5", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949",
)


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
    matches = list(charset_normalizer.from_bytes(data))
    cleanest = min((m.chaos for m in matches), default=1.0)
    if cleanest > MAX_CHAOS:
        raise InputError(where, f"undecodable bytes: not UTF-8 (invalid byte 0x{data[bad]:02x} at offset {bad}) and no other text encoding fits")
    tied = [m for m in matches if m.chaos <= cleanest + CHAOS_TIE]
    guess = min(tied, key=lambda m: PREVALENCE.index(m.encoding) if m.encoding in PREVALENCE else len(PREVALENCE))
    return str(guess), guess.encoding
