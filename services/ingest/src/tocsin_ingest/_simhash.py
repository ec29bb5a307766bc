"""64-bit SimHash (Charikar) of article text, and the bands that find near-duplicates quickly (pure).

Features are word 3-shingles of the text after NFKC, case folding and dropping punctuation, so that curly
versus straight quotes, capitalisation or a moved comma change nothing, while a rewritten sentence changes
the shingles that cross it. Each feature is hashed to 64 bits (BLAKE2b, stable across processes and
machines) and weighted by how often it occurs. Texts shorter than three words use their words as features.
The per-bit vote is counted with numpy over all the digests at once; the fingerprint of a text is the same
as when it was counted one feature at a time in Python (pinned in the tests), so stored fingerprints still
compare.

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

import numpy as np

__all__ = [
    "FACTS_BITS",
    "FINGERPRINT_BITS",
    "bands",
    "facts",
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
_DIGEST_BYTES: Final = FINGERPRINT_BITS // 8


def tokens(text: str) -> list[str]:
    """Words of ``text`` after NFKC and case folding; punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def features(text: str) -> Counter[str]:
    """Word shingles of ``text`` with their counts."""
    return Counter(_shingles(tokens(text)))


def _shingles(words: list[str]) -> list[str]:
    """Every word 3-shingle of ``words`` in order, repeats included; the words themselves when fewer."""
    if len(words) < SHINGLE:
        return words
    return [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]


def simhash(text: str) -> int:
    """The 64-bit SimHash of ``text`` as an unsigned int (0 for a text without words)."""
    shingles = _shingles(tokens(text))
    if not shingles:
        return 0
    # Every occurrence of a feature contributes its 8-byte digest; per bit position the fingerprint bit is
    # set when more than half of the contributions have it set. The digests are laid end to end, unpacked
    # to one row of 64 bits (most significant first) per occurrence, and each column's ones counted.
    blake2b = hashlib.blake2b
    blob = b"".join([blake2b(s.encode("utf-8"), digest_size=_DIGEST_BYTES).digest() for s in shingles])
    rows = np.unpackbits(np.frombuffer(blob, dtype=np.uint8)).reshape(-1, FINGERPRINT_BITS)
    ones = np.add.reduce(rows, axis=0, dtype=np.uint32)
    majority = np.packbits(2 * ones.astype(np.uint64) > len(shingles))
    return int.from_bytes(majority.tobytes(), "big")


FACTS_BITS: Final = 15
"""Width of :func:`facts`."""
_LEDE_WORDS: Final = 100
_DATELINE: Final = re.compile(r"^[^\n]{0,80}?\s[-\u2013\u2014]\s")  # "VILNIUS, Dec 13 - ", "TEHRAN (AFP) — "
_ASIDE: Final = re.compile(r"\([^)]*\)")
_FACT: Final = re.compile(
    r"\b(?:\d[\d,.]*\d|\d|[A-Z]\w{2,}|(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|dozens?)\b)"
)


def facts(text: str) -> int:
    """The facts of a text's lede as a :data:`FACTS_BITS`-bit number: its numbers (in digits, or in words
    as wire copy writes those under ten; not "one", which an edited "a" becomes as often as it is a count)
    and capitalised words (places, people, days; case folded), read from its first paragraph after the
    dateline (at most 100 words), with what stands in parentheses (agency tags) left out.

    Two texts a few words apart by SimHash are the same story only when these agree: a re-run of a wire
    story keeps its lede's names and numbers, while two briefs written from one template ("Iran released
    12 prisoners ...", "Uzbekistan released 30 prisoners ...") differ in exactly those, and by SimHash
    hardly at all. 0 for a lede without any. BLAKE2b, the same in every process.
    """
    paragraph = _DATELINE.sub("", text.lstrip(), count=1).split("\n", 1)[0]
    lede = _ASIDE.sub(" ", " ".join(paragraph.split(" ", _LEDE_WORDS)[:_LEDE_WORDS]))
    found = sorted({token.casefold().replace(",", "") for token in _FACT.findall(lede)})
    if not found:
        return 0
    digest = hashlib.blake2b("\n".join(found).encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big") >> (32 - FACTS_BITS)


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
