"""What every input rail reads: the message with disguises taken off.

Unicode NFKC, zero-width and direction marks removed, look-alike letters (Cyrillic, Greek,
fullwidth) folded to Latin where they disguise Latin words, leetspeak and spaced-out letters joined,
and base64, hex, ROT13 or reversed fragments decoded and judged beside the text. A disguise is itself
worth knowing: `disguised` says whether the message needed any of this.
"""

from __future__ import annotations

import base64
import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from core import english

INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
# Letters that look like Latin ones, from the scripts used to disguise words.
LOOK_ALIKES = str.maketrans(
    "АВЕКМНОРСТУХІЈЅаеорсухіјѕԁһӏԛԝ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαβεικνορτυχ",  # Greek
    "ABEKMHOPCTYXIJSaeopcyxijsdhlqwABEZHIKMNOPTYXaBeiKvoptux",
)
LATIN_SHARE = 0.7  # a word wholly of look-alikes is folded only in a message whose letters mostly read as Latin
LETTERS = re.compile(r"[^\W\d_]+")
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
LEET_WORD = re.compile(r"\b(?=[a-z0-9@$!]*[a-z])(?=[a-z0-9@$!]*[013457@$!])[a-z0-9@$!]{3,}\b", re.I)
NUMBER_AND_UNIT = re.compile(r"\d+[a-z]{1,3}", re.I)
NAME_AND_NUMBER = re.compile(r"[a-z]+\d{1,2}", re.I)
SPACED = re.compile(r"\b(?:[A-Za-z](?:[.\-_*]\s*|\s+)){3,}[A-Za-z]\b")
LEET_WORD_COUNT = 1_000  # a word mostly of digits is leetspeak only when it decodes to an English word ...
COMMON_WORD_COUNT = 1_000_000  # ... and a number with letters after it only to a very common one ('4ll')
HEX = re.compile(r"(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){12,}(?![0-9A-Fa-f])")
REVERSED_HINT = re.compile(r"\bbackwards?\b|\breversed?\b", re.I)
BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
ROT13_HINT = re.compile(r"\brot-?13\b|\b(?:vtaber|cerivbhf|vafgehpgvbaf|flfgrz|cebzcg)\b", re.I)


@dataclass(frozen=True)
class Normalised:
    text: str  # the message as the rails read it
    decoded: tuple[str, ...] = field(default_factory=tuple)  # hidden fragments found and decoded
    disguised: bool = False

    @property
    def judged(self) -> str:
        """The text and every decoded fragment: what the rails judge."""
        return "\n".join((self.text, *self.decoded))


def _latin(ch: str) -> bool:
    return "a" <= ch.lower() <= "z"


def _fold_look_alikes(text: str) -> str:
    """Look-alike letters are folded where they disguise Latin words: in a word that mixes them with Latin
    letters ('sуstem'), or a word wholly of them in a message that reads as Latin once folded. Russian or
    Greek text stays as written, so its own language can be read."""
    folded = text.translate(LOOK_ALIKES)
    letters = [ch for ch in folded if ch.isalpha()]
    latin_message = bool(letters) and sum(map(_latin, letters)) >= LATIN_SHARE * len(letters)

    def fold(match: re.Match[str]) -> str:
        word = match.group(0)
        plain = word.translate(LOOK_ALIKES)
        if plain == word:
            return word
        mixed = any(map(_latin, word))
        return plain if mixed or (latin_message and all(map(_latin, plain))) else word

    return LETTERS.sub(fold, text)


def _unleet(match: re.Match[str]) -> str:
    word = match.group(0)
    plain = word.translate(LEET)
    known = english.count(plain)
    if NUMBER_AND_UNIT.fullmatch(word) and known < COMMON_WORD_COUNT:
        return word  # a number and its unit ('5mg', '2nd', '5am'): not a disguise; '4ll' is 'all'
    if NAME_AND_NUMBER.fullmatch(word) and known < LEET_WORD_COUNT:
        return word  # a name and its number ('FEV1', 'ROS1', 'BRCA1'); 'di3' and 'suicid3' are words
    letters = sum(ch.isalpha() for ch in word)
    if letters <= len(word) - letters and known < LEET_WORD_COUNT:
        return word  # mostly digits and no word behind them ('T4N0M0'); '1gn0r3' is 'ignore'
    return plain


def _unspace(match: re.Match[str]) -> str:
    """Letters joined; where the letters are split by dots or dashes, or words by wider gaps, a space
    between letters ends a word ('i.g.n.o.r.e y.o.u.r' is 'ignore your')."""
    spaced = match.group(0)
    dotted = re.search(r"[.\-_*]", spaced)
    if dotted or re.search(r"\s{2,}", spaced):
        words = re.split(r"\s+" if dotted else r"\s{2,}", spaced)
        return " ".join(re.sub(r"[\s.\-_*]", "", w) for w in words)
    return re.sub(r"\s", "", spaced)


def _printable(text: str) -> bool:
    return bool(text) and sum(ch.isprintable() or ch.isspace() for ch in text) / len(text) > 0.95


def _base64(chunk: str) -> bytes:
    return base64.b64decode(chunk + "=" * (-len(chunk) % 4), validate=True)


ENCODINGS = ((BASE64, _base64), (HEX, bytes.fromhex))  # what a run of the pattern is decoded with


def _encoded_fragments(text: str) -> list[str]:
    """Base64 or hex runs that decode to readable text with words in it."""
    found = []
    for pattern, decode in ENCODINGS:
        for match in pattern.finditer(text):
            try:
                raw = decode(match.group(0)).decode("utf-8")
            except ValueError:  # binascii.Error and UnicodeDecodeError are ValueErrors
                continue
            if _printable(raw) and re.search(r"[A-Za-z]{3,}", raw):
                found.append(raw)
    return found


def _english_share(text: str) -> float:
    words = re.findall(r"[A-Za-z]{2,}", text)
    return sum(english.count(w.lower()) > 0 for w in words) / len(words) if words else 0.0


def _reversed_fragment(text: str) -> list[str]:
    """Text written backwards is judged the right way round when the message says to read it so: the
    runs of words that read better backwards than forwards, not the whole message turned around."""
    if not REVERSED_HINT.search(text):
        return []
    runs = [r for r in re.split(r"(?<=[.!?:])\s+|\n+", text) if r.strip()]
    return [run[::-1] for run in runs if _english_share(run[::-1]) > max(0.5, _english_share(run))]


def _rot13_fragment(text: str) -> list[str]:
    """ROT13 is judged when the message says so or reads like ROT13 of common instruction words."""
    return [codecs.decode(text, "rot13")] if ROT13_HINT.search(text) else []


@lru_cache(maxsize=1024)
def normalise(message: str) -> Normalised:
    text = unicodedata.normalize("NFKC", message)
    text = INVISIBLE.sub("", text)
    # before any letter is changed
    decoded = tuple(_encoded_fragments(text) + _rot13_fragment(text) + _reversed_fragment(text))
    text = _fold_look_alikes(text)
    text = SPACED.sub(_unspace, text)
    text = LEET_WORD.sub(_unleet, text)
    return Normalised(text=text, decoded=decoded, disguised=bool(decoded) or text != message)
