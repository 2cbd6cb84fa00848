"""Find out which text encoding an export uses, from the sample and, cheaply, the whole file.

CRM exports come as UTF-8 (with or without BOM), UTF-16 from Excel, cp1252 or latin-1 from old
Windows tools, and now and then a Cyrillic or Japanese code page. A wrong guess silently turns
names into nonsense, so this module checks exactly where it can (BOM, NUL patterns, a strict
streaming decode of the whole file) and guesses with charset-normalizer only when no Western
code page explains the bytes; what cannot be decoded raises ``InputFileError``.
"""

from __future__ import annotations

import codecs
import re
import string
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from crm_core.errors import InputFileError

SCAN_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class TextEncoding:
    """An encoding as the report names it (``label``) and as Python decodes it after the BOM."""

    label: str
    codec: str
    bom_length: int = 0


_ASCII = bytes(range(128))
_UNDEFINED_IN_CP1252 = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_C1_RANGE = frozenset(range(0x80, 0xA0))
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])
UNDECODABLE_MESSAGE = "The characters in this file could not be recognised: export or save it again as UTF-8 CSV."


def sniff_encoding(sample: bytes) -> TextEncoding | None:
    """Encoding evident from a sample alone (BOM, UTF-16 NUL pattern), else None.

    Raises InputFileError when NULs or control bytes say the sample is binary, not text.
    """
    for bom, label, codec in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ):
        if sample.startswith(bom):
            return TextEncoding(label, codec, len(bom))
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4:
        nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
        if nul_odd > 0.3 and nul_even < 0.05:
            return TextEncoding("utf-16-le", "utf-16-le")
        if nul_even > 0.3 and nul_odd < 0.05:
            return TextEncoding("utf-16-be", "utf-16-be")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample.count(0) > len(sample) * 0.005 or controls > len(sample) * 0.05:
        raise InputFileError("This looks like a binary file, not a CRM export: upload a CSV or Excel file.")
    return None


def detect_encoding(handle: BinaryIO, sample: bytes, scan_bytes: int | None = None) -> TextEncoding:
    """Exact checks first (BOM, strict UTF-8 over the whole file, cp1252 vs latin-1), then a guess
    by charset-normalizer for text no Western code page explains (Cyrillic, Japanese...).

    The whole-file passes read ``scan_bytes`` at a time (default ``SCAN_BYTES``).
    """
    if scan_bytes is None:
        scan_bytes = SCAN_BYTES
    encoding = sniff_encoding(sample)
    if encoding is not None:
        if not _decodes_fully(handle, encoding, scan_bytes):
            raise InputFileError(UNDECODABLE_MESSAGE)
        return encoding
    utf8 = TextEncoding("utf-8", "utf-8")
    if _decodes_fully(handle, utf8, scan_bytes):
        return utf8
    high_bytes, words = _high_bytes_and_words(handle, scan_bytes)
    western = _best_single_byte(words, TextEncoding("cp1252" if high_bytes & _C1_RANGE else "latin-1", "cp1252"))
    fits_cp1252 = not high_bytes & _UNDEFINED_IN_CP1252 or western.codec != "cp1252"
    if fits_cp1252 and not _mostly_non_ascii_letters(sample):
        return western
    guess = _guess_with_charset_normalizer(sample)
    if guess is not None and _decodes_fully(handle, guess, scan_bytes):
        return guess
    if fits_cp1252:
        return western
    raise InputFileError(UNDECODABLE_MESSAGE)


def _decodes_fully(handle: BinaryIO, encoding: TextEncoding, scan_bytes: int) -> bool:
    """Stream the whole file through a strict decoder; cheap for ASCII-heavy UTF-8 chunks."""
    handle.seek(encoding.bom_length)
    decoder = codecs.getincrementaldecoder(encoding.codec)("strict")
    is_utf8 = encoding.codec == "utf-8"
    try:
        while chunk := handle.read(scan_bytes):
            if is_utf8 and chunk.isascii() and not decoder.getstate()[0]:
                continue
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


_HIGH_BYTE_WORD = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")
MAX_WORDS = 5_000
# One-byte code pages tried for Western and Central European text, the first preferred on a tie.
SINGLE_BYTE = {"cp1252": "Windows Western (cp1252)", "cp1250": "Windows Central European (cp1250)",
               "iso8859_2": "ISO Central European (latin-2)"}


def _high_bytes_and_words(handle: BinaryIO, scan_bytes: int) -> tuple[frozenset[int], list[bytes]]:
    """Every byte above 127 in the file, and up to :data:`MAX_WORDS` distinct words holding one."""
    handle.seek(0)
    found: set[int] = set()
    words: dict[bytes, None] = {}
    while chunk := handle.read(scan_bytes):
        high = chunk.translate(None, _ASCII)
        found.update(high)
        if high and len(words) < MAX_WORDS:
            words.update(dict.fromkeys(_HIGH_BYTE_WORD.findall(chunk)[: MAX_WORDS - len(words)]))
    return frozenset(found), list(words)


def _letter_score(words: list[str]) -> int:
    """+1 for every non-ASCII character read as a letter inside a word, -1 for one read as a
    symbol (Polish ``ł`` read as cp1252 is ``³``): the code page that makes words of letters wins."""
    score = 0
    for word in words:
        for ch in word:
            if ord(ch) > 127:
                score += 1 if unicodedata.category(ch).startswith("L") and len(word) > 1 else -1
    return score


# The accented letters of the languages these code pages carry. A word whose accented letters
# all belong to one language reads as that language; Czech read as cp1252 mixes alphabets
# (``Dvoøák``: a Nordic ø beside an á), as Portuguese read as cp1250 does (``ață``).
ALPHABETS = tuple(frozenset(letters) for letters in (
    "àâæçéèêëîïôœùûüÿ",  # French
    "äöüß", "áéíñóúü", "ãõáàâçéêíóôú", "àèéìíòóù",  # German, Spanish, Portuguese, Italian
    "åæøäöé", "ëïéèöü", "áðéíóúýþæö",  # Nordic, Dutch, Icelandic
    "ąćęłńóśźż", "áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž",  # Polish, Czech, Slovak
    "áéíóöőúüű", "ăâîșțşţ", "čćđšž", "čšž",  # Hungarian, Romanian, Croatian, Slovenian
))


def _words_of_one_language(words: list[str]) -> int:
    """How many words' accented letters all belong to one language's alphabet."""
    count = 0
    for word in words:
        accented = {ch for ch in word.lower() if ord(ch) > 127}
        count += any(accented <= alphabet for alphabet in ALPHABETS)
    return count


def _best_single_byte(words: list[bytes], western: TextEncoding) -> TextEncoding:
    """The one-byte code page whose reading of the file's accented words is most letter-like:
    Polish in cp1250 or latin-2 read as cp1252 has symbols for letters (``Ma³gorzata``). Where
    both readings are letters (Czech read as cp1252 is ``Dvoøák``, French read as cp1250
    ``Lefčvre``), the reading with more words written in one language's alphabet wins; on a
    tie ``western`` (cp1252) is kept."""
    readings: dict[str, list[str]] = {}
    for codec in SINGLE_BYTE:
        try:
            readings[codec] = [word.decode(codec) for word in words]
        except UnicodeDecodeError:
            continue
    if not readings:
        return western
    scores = {codec: (_letter_score(text), _words_of_one_language(text)) for codec, text in readings.items()}
    order = list(SINGLE_BYTE)
    best = max(scores, key=lambda codec: (scores[codec], -order.index(codec)))
    return western if best == "cp1252" else TextEncoding(best, best)


def _mostly_non_ascii_letters(sample: bytes) -> bool:
    """Western text has an accent here and there; Cyrillic or Greek in a one-byte code page is
    mostly high bytes, which cp1252 would silently turn into nonsense like "Èâàí"."""
    high = len(sample) - len(sample.translate(None, bytes(range(0x80, 0x100))))
    ascii_letters = len(sample) - len(sample.translate(None, string.ascii_letters.encode()))
    return high > 0.3 * (high + ascii_letters)


def _guess_with_charset_normalizer(sample: bytes) -> TextEncoding | None:
    from charset_normalizer import from_bytes  # only needed for the rare non-Western file

    best = from_bytes(sample).best()
    if best is None or best.encoding.replace("_", "-") in ("utf-8", "ascii"):
        return None
    return TextEncoding(best.encoding, best.encoding)
