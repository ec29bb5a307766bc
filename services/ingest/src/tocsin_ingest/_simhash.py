"""64-bit SimHash (Charikar) of article text, and the bands that find near-duplicates quickly (pure).

Features are word 3-shingles of the text after NFKC, case folding and dropping punctuation, so that curly
versus straight quotes, capitalisation or a moved comma change nothing, while a rewritten sentence changes
the shingles that cross it. Each feature is hashed to 64 bits (BLAKE2b, stable across processes and
machines) and weighted by how often it occurs. Texts shorter than three words use their words as features.

Two texts are near-duplicates when their fingerprints differ in at most ``k`` bits. Split the 64 bits into
``k + 1`` bands: two fingerprints within ``k`` bits of each other agree exactly on at least one band
(pigeonhole), so a store finds every candidate by looking up equal band values, and then checks the
Hamming distance of those few candidates only.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from typing import Final

__all__ = [
    "FINGERPRINT_BITS",
    "bands",
    "features",
    "from_hex",
    "hamming",
    "simhash",
    "to_hex",
    "tokens",
]

FINGERPRINT_BITS: Final = 64
SHINGLE: Final = 3
_WORD: Final = re.compile(r"\w+")
# One translation table per bit: byte → 1 when that bit is set, else 0; used to count set bits in C.
_BIT_TABLES: Final = [bytes((value >> bit) & 1 for value in range(256)) for bit in range(8)]


def tokens(text: str) -> list[str]:
    """Words of ``text`` after NFKC and case folding; punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def features(text: str) -> Counter[str]:
    """Word shingles of ``text`` with their counts."""
    words = tokens(text)
    if len(words) < SHINGLE:
        return Counter(words)
    return Counter(" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def simhash(text: str) -> int:
    """The 64-bit SimHash of ``text`` as an unsigned int (0 for a text without words)."""
    counted = features(text)
    if not counted:
        return 0
    # Every feature contributes its 8-byte hash once per occurrence; per bit position the fingerprint bit is
    # set when more than half of the contributions have it set. The counting runs in C: all digests are
    # laid end to end, sliced per byte position, and mapped to 0/1 per bit with bytes.translate.
    digests = bytearray()
    total = 0
    for feature, count in counted.items():
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        digests += digest * count
        total += count
    blob = bytes(digests)
    fingerprint = 0
    for position in range(8):
        column = blob[position::8]
        for bit in range(8):
            ones = column.translate(_BIT_TABLES[bit]).count(1)
            if 2 * ones > total:
                fingerprint |= 1 << (8 * (7 - position) + bit)
    return fingerprint


def hamming(a: int, b: int) -> int:
    """Number of differing bits."""
    return (a ^ b).bit_count()


def bands(fingerprint: int, count: int) -> tuple[int, ...]:
    """The fingerprint cut into ``count`` contiguous bands (the first ones one bit wider when uneven)."""
    if not 1 <= count <= FINGERPRINT_BITS:
        msg = f"band count must be between 1 and {FINGERPRINT_BITS}, not {count}"
        raise ValueError(msg)
    base, extra = divmod(FINGERPRINT_BITS, count)
    result = []
    shift = FINGERPRINT_BITS
    for index in range(count):
        width = base + (1 if index < extra else 0)
        shift -= width
        result.append((fingerprint >> shift) & ((1 << width) - 1))
    return tuple(result)


def to_hex(fingerprint: int) -> str:
    """16 lower-case hex digits, as ``Article.content_fingerprint`` carries it."""
    return f"{fingerprint:016x}"


def from_hex(text: str) -> int:
    """Back from :func:`to_hex`."""
    if len(text) != 16:
        msg = f"a fingerprint has 16 hex digits, not {len(text)}"
        raise ValueError(msg)
    return int(text, 16)
