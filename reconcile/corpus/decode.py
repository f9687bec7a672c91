"""Corpus stage, bytes -> text: byte-order marks, UTF-8 (with the odd invalid run repaired), else a legacy encoding.

Most articles are UTF-8. A copy-paste from an old page can leave one line in Windows-1252 inside a UTF-8 file; a
detector judging the whole file then picks some code page and garbles every curly quote. So a file that is mostly
valid UTF-8 stays UTF-8 and only its invalid byte runs are read as Windows-1252, the repairs recorded in a note.
A file with no (or hardly any) valid UTF-8 multi-byte character is decoded by detection, Windows-1252 winning ties.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer
from charset_normalizer.md import mess_ratio

# English-language news in a legacy encoding is most often Windows-1252; on a detection tie it wins.
PREFERRED_LEGACY_ENCODING = "cp1252"
# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Python's surrogateescape handler maps each byte that is not valid UTF-8 to one lone surrogate U+DC80..U+DCFF.
ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
# A file is UTF-8 with stray legacy bytes when it holds at least one cleanly decoded multi-byte character per this
# many invalid runs. Text in a legacy code page forms a valid UTF-8 sequence only by chance (a capital letter followed
# by a symbol), far less often than once per few runs of accented letters.
INVALID_RUNS_PER_UTF8_CHARACTER = 4
# How many repaired runs a note lists by line before it only counts them.
REPAIRS_LISTED = 3


@dataclass(frozen=True)
class Decoded:
    """The decoded text and its encoding, or the problem that kept the bytes from being text."""

    text: str | None = None
    encoding: str | None = None
    notes: tuple[str, ...] = ()
    problem: str | None = None


def decode_bytes(data: bytes) -> Decoded:
    """Decode an article's bytes: BOM, then UTF-8 (repairing stray invalid runs), then a detected legacy encoding.

    >>> decode_bytes("“Caf\\u00e9” ".encode() + "naïve".encode("cp1252")).text
    '“Café” naïve'
    """
    for mark, codec in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _decode_with_mark(data, codec)
    if b"\x00" in data:
        return Decoded(problem="binary file (contains NUL bytes)")
    decoded = _decode_utf8(data)
    if decoded is None:
        encoding = _detect_legacy_encoding(data)
        if encoding is None:
            return Decoded(problem="binary or undecodable file (not UTF-8 and no text encoding fits)")
        decoded = Decoded(data.decode(encoding), encoding, (f"decoded as {encoding} (not UTF-8)",))
    if looks_binary(decoded.text):
        return Decoded(problem="binary file (control characters)")
    return decoded


def looks_binary(text: str) -> bool:
    """Control characters other than tab and line breaks do not occur in typed prose; many of them mean binary."""
    return len(CONTROL_CHARACTERS.findall(text)) > max(1, len(text) // 100)


def _decode_with_mark(data: bytes, codec: str) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return Decoded(problem=f"starts with a {codec} byte-order mark but does not decode as {codec}")
    if looks_binary(text):
        return Decoded(problem="binary file")
    note = f"decoded as {codec}: the byte-order mark is not part of the text (offsets start after it)"
    return Decoded(text, codec, (note,))


def _decode_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text, its invalid runs repaired as Windows-1252; None when the file shows no sign of being UTF-8."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    runs = list(ESCAPED_BYTES.finditer(escaped))
    if not runs:
        return Decoded(escaped, "utf-8")
    # Evidence of UTF-8: multi-byte characters that decoded cleanly. A legacy file has none, or very few by chance.
    clean = ESCAPED_BYTES.sub("", escaped)
    if sum(1 for char in clean if ord(char) > 0x7F) * INVALID_RUNS_PER_UTF8_CHARACTER < len(runs):
        return None
    text = ESCAPED_BYTES.sub(lambda run: _repaired(run.group()), escaped)
    return Decoded(text, "utf-8", (_repair_note(escaped, runs, text),))


def _repaired(run: str) -> str:
    raw = run.encode("utf-8", errors="surrogateescape")
    # Five bytes are undefined in Windows-1252; Latin-1 maps every byte, so nothing is ever dropped.
    return "".join(_byte_as_text(byte) for byte in raw)


def _byte_as_text(byte: int) -> str:
    try:
        return bytes([byte]).decode(PREFERRED_LEGACY_ENCODING)
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


def _repair_note(escaped: str, runs: list[re.Match], text: str) -> str:
    lines = sorted({escaped.count("\n", 0, run.start()) + 1 for run in runs})
    shown = ", ".join(str(line) for line in lines[:REPAIRS_LISTED]) + (", ..." if len(lines) > REPAIRS_LISTED else "")
    first = runs[0]
    # Offsets in the repaired text: each escaped byte became one character, so the positions are unchanged.
    sample = text[max(0, first.start() - 10): first.end() + 10].replace("\n", " ").strip()
    count = len(runs)
    return (
        f"decoded as utf-8 with {count} invalid byte run{'s' if count > 1 else ''} repaired as "
        f"{PREFERRED_LEGACY_ENCODING} (line{'s' if len(lines) > 1 else ''} {shown}; first: '{sample}')"
    )


def _detect_legacy_encoding(data: bytes) -> str | None:
    """charset-normalizer's candidates plus Windows-1252, least chaotic first; short texts tie, cp1252 wins ties."""
    candidates = [(round(match.chaos, 2), rank, match.encoding) for rank, match in
                  enumerate(charset_normalizer.from_bytes(data), start=1)]
    try:
        candidates.append((round(mess_ratio(data.decode(PREFERRED_LEGACY_ENCODING)), 2), 0, PREFERRED_LEGACY_ENCODING))
    except UnicodeDecodeError:
        pass
    for _chaos, _rank, encoding in sorted(candidates):
        try:
            data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return encoding
    return None
