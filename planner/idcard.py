"""Citizen ID numbers (身份证号) and phone numbers: what the reader may learn from them before it
drops them.

An 18-digit number (GB 11643-1999) is 6 digits of region, 8 of birth date (YYYYMMDD), 3 of
sequence (odd for men, even for women) and a check digit: ISO 7064 MOD 11-2 over the first 17
(weights 2^(17-i) mod 11; remainder 0..10 maps to ``10X98765432``). A 15-digit number (before
1999) has a 6-digit date (YYMMDD, 19xx) and its last digit gives the gender; it has no check.

Nothing here keeps a number: :func:`derive` returns a birth date and a gender or None, and
:func:`mask` is the only form a number may take in a message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"
_ID18 = re.compile(r"^\d{17}[\dX]$")
_ID15 = re.compile(r"^\d{15}$")
# Mainland mobile numbers, with an optional +86 and the usual separators; landlines with area code.
_PHONE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$|^0\d{2,3}\d{7,8}$")
_PHONE_NOISE = re.compile(r"[\s\-()（）]")
#: a column is taken for ID or phone numbers when this share of its filled cells look like them
PRIVATE_SHARE = 0.5
_SNIFF_CELLS = 200


@dataclass(frozen=True)
class Derived:
    birth: date
    gender: str  # "male" or "female"


def clean(text: str) -> str:
    """An ID number as compared: half-width, upper case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def check_digit(first17: str) -> str:
    """The MOD 11-2 check character for the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _date(text: str) -> date | None:
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    return born if born <= date.today() else None


def derive(text: str) -> Derived | None:
    """Birth date and gender from a valid ID number; None when the number is not valid (wrong
    length or characters, impossible date, or a check digit that does not match)."""
    number = clean(text)
    if _ID18.match(number):
        if check_digit(number[:17]) != number[17]:
            return None
        born, sequence = _date(number[6:14]), int(number[16])
    elif _ID15.match(number):
        born, sequence = _date("19" + number[6:12]), int(number[14])
    else:
        return None
    if born is None:
        return None
    return Derived(born, "male" if sequence % 2 else "female")


def mask(text: str) -> str:
    """A number as it may appear in a message: its first 3 and last 2 characters."""
    number = clean(text)
    if len(number) <= 6:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 5) + number[-2:]


def looks_like_id(text: str) -> bool:
    number = clean(text)
    return bool(_ID18.match(number) or _ID15.match(number))


def looks_like_phone(text: str) -> bool:
    return bool(_PHONE.match(_PHONE_NOISE.sub("", unicodedata.normalize("NFKC", text))))


def private_kind(cells: Sequence[str]) -> str | None:
    """ "id_card" or "phone" when a column's filled cells mostly hold such numbers, else None: a
    safety net for columns whose header the reader does not know."""
    filled = [c for c in cells if c][:_SNIFF_CELLS]
    if not filled:
        return None
    for kind, test in (("id_card", looks_like_id), ("phone", looks_like_phone)):
        if sum(map(test, filled)) >= PRIVATE_SHARE * len(filled):
            return kind
    return None
