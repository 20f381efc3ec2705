r"""Invisible characters that change what a text says: refused in every text an editor writes.

Bidi controls make "Hulp\u202eknab" show as "Hulpbank"; zero-width characters split a name so
search and sorting miss it. Each is named by its code (U+202E), with the text before it, so an
editor can find what no editor shows.
"""

from __future__ import annotations

import re

BIDI = {
    **dict.fromkeys("\u202a\u202b\u202d\u202e\u2066\u2067\u2068", "het verandert de leesrichting"),
    **dict.fromkeys("\u202c\u2069", "het sluit een andere leesrichting af"),
    **dict.fromkeys("\u200e\u200f\u061c", "een onzichtbaar richtingsteken"),
}
ZERO_WIDTH = {
    **dict.fromkeys("\u200b\u2060\ufeff\u180e", "een spatie zonder breedte"),
    **dict.fromkeys("\u2061\u2062\u2063\u2064", "een onzichtbaar rekenteken"),
    "\u034f": "een onzichtbaar verbindingsteken",
}
# Joiners (ZWJ, ZWNJ) belong inside emoji and in Arabic, Persian or Indic words; beside a Latin
# letter, a digit or a space, or at either end, they only hide a difference.
JOINERS = {"\u200c": "een scheidingsteken zonder breedte", "\u200d": "een verbindingsteken zonder breedte"}
INVISIBLE_RE = re.compile("[" + "".join(BIDI) + "".join(ZERO_WIDTH) + "".join(JOINERS) + "\ud800-\udfff]")


def invisible_character(text: str) -> str | None:
    """A Dutch message naming the first invisible, text-changing character in `text` (U+202E ...), or None."""
    for match in INVISIBLE_RE.finditer(text):
        char, at = match.group(), match.start()
        if char in JOINERS:
            before, after = text[at - 1 : at], text[at + 1 : at + 2]
            if before and after and not (before.isascii() or after.isascii()):
                continue
        code = f"U+{ord(char):04X}"
        if "\ud800" <= char <= "\udfff":
            return (
                f"er staat een ongeldig teken in deze tekst ({code}, een losse helft van een tekenpaar); haal het weg"
            )
        kind = BIDI.get(char) or ZERO_WIDTH.get(char) or JOINERS[char]
        shown = text[max(0, at - 20) : at].strip()
        place = f" na '{shown}'" if shown and shown.isprintable() else " aan het begin"
        return f"er staat een onzichtbaar teken in deze tekst: {code} ({kind}){place}; haal het weg"
    return None
