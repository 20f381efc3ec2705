"""Warnings, plain language: sentences too long to read easily (B1), at the line where each starts.

A sentence of more than MAX_WORDS words in a samenvatting or beschrijving (plain text or
Markdown) gets a warning; abbreviations such as "bijv." do not end a sentence.
"""

from __future__ import annotations

import re

from kaart.positions import YamlDoc
from kaart.problems import Problem, warning_at

MAX_WORDS = 20
ABBREVIATIONS = (
    "bijv",
    "bv",
    "o.a",
    "d.w.z",
    "enz",
    "ca",
    "evt",
    "incl",
    "excl",
    "nr",
    "tel",
    "zgn",
    "m.b.v",
    "i.p.v",
    "t/m",
    "mr",
    "dhr",
    "mevr",
    "drs",
    "ing",
    "st",
    "vs",
)


UNIT_START_RE = re.compile(r"(#{1,6}\s|[-*+]\s|\d+[.)]\s|>)")
MARKER_RE = re.compile(r"^(#{1,6}|[-*+]|\d+[.)]|>)\s*")
MARKER_STARTS = ("#", "-", "*", "+", ">")
# [text](url) -> text; no bracket inside either part, so each `[` is read up to the next one at
# most: linear in a text of many `[`, not quadratic.
LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
EMPHASIS_RE = re.compile(r"[*_`]+")
SENTENCE_END_RE = re.compile(r"[.!?]+\s+")


def _plain(markdown: str) -> list[str]:
    """Markdown as units of running text: each paragraph, list item and heading on its own."""
    units, current = [], []
    for line in markdown.splitlines():
        bare = line.strip()
        # Only a line that starts with a marker's first character can start a unit or lose a marker.
        marked = bare[:1] in MARKER_STARTS or bare[:1].isdecimal()  # \d is a decimal digit, as isdecimal's
        if current and (not bare or (marked and UNIT_START_RE.match(bare))):
            units.append(" ".join(current))
            current = []
        if marked:
            bare = MARKER_RE.sub("", bare)
        if bare:
            current.append(bare)
    if current:
        units.append(" ".join(current))
    cleaned = []
    for unit in units:
        # Each pattern needs its first character: most units have neither link nor emphasis.
        if "[" in unit:
            unit = LINK_RE.sub(r"\1", unit)
        if "*" in unit or "_" in unit or "`" in unit:
            unit = EMPHASIS_RE.sub("", unit)
        cleaned.append(unit)
    return cleaned


# A run of non-space characters with a letter or digit in it: a word. (Not one pattern \S*\w\S*:
# that reads a long run without a letter again from each of its characters.)
RUN_RE = re.compile(r"\S+")
LETTER_RE = re.compile(r"\w")


def _words(text: str) -> list[str]:
    """The words of a text: runs with a letter or a digit."""
    return [run for run in RUN_RE.findall(text) if LETTER_RE.search(run)]


def long_sentences(text: str, limit: int = MAX_WORDS) -> list[tuple[str, int]]:
    """Each sentence of `text` (plain or Markdown) with more than `limit` words, with its count."""
    found = []
    if len(text.split()) <= limit:
        return found  # short texts (most samenvattingen) cannot hold a long sentence
    for unit in _plain(text):
        if len(unit.split()) <= limit:
            continue  # its sentences share its runs of non-space (it is cut after spaces): none is long
        # Split after . ! ? followed by a space, unless the dot ends a known abbreviation.
        sentences, start = [], 0
        for match in SENTENCE_END_RE.finditer(unit):
            if match.group().startswith("."):
                before = unit[start : match.start()].rsplit(None, 1)  # only its last word is asked for
                if before and before[-1].lower().rstrip(".") in ABBREVIATIONS:
                    continue
            sentences.append(unit[start : match.end()])
            start = match.end()
        sentences.append(unit[start:])
        for sentence in sentences:
            # A word is a run of non-space (str.split's and \S's space are one): at most that many words.
            count = len(_words(sentence)) if len(sentence.split()) > limit else 0
            if count > limit:
                found.append((sentence.strip(), count))
    return found


def _without_end_marks(word: str) -> str:
    """A word without the marks after its last letter or digit ("zin." -> "zin")."""
    end = len(word)
    while end and not (word[end - 1].isalnum() or word[end - 1] == "_"):
        end -= 1
    return word[:end]


def _line_of(doc: YamlDoc, loc: tuple, sentence: str, source: str | None) -> int | None:
    """The file line where `sentence` starts, searched from the field's own line."""
    if source is None:
        return None
    first = [re.escape(_without_end_marks(w)) for w in _words(sentence)[:4]]
    pattern = r"\W+".join(w for w in first if w)
    if not pattern:
        return None
    line, _ = doc.where(loc)
    lines = source.splitlines()
    offset = sum(len(text) + 1 for text in lines[: line - 1])
    match = re.compile(pattern).search(source, offset)
    return source.count("\n", 0, match.start()) + 1 if match else None


def sentence_warnings(doc: YamlDoc, org) -> list[Problem]:
    """Sentences over MAX_WORDS words in samenvatting and beschrijving."""
    found = []
    source = None
    for name in ("samenvatting", "beschrijving"):
        text = getattr(org, name)
        if not text:
            continue
        for sentence, count in long_sentences(text):
            if source is None:
                try:
                    with open(doc.path, encoding="utf-8-sig") as handle:
                        source = handle.read()
                except OSError:
                    source = ""
            start = " ".join(_words(sentence)[:6])
            found.append(
                warning_at(
                    doc,
                    (name,),
                    f"een zin van {count} woorden (\"{start} ...\"); schrijf korte "
                    f"zinnen van hooguit {MAX_WORDS} woorden, dan leest iedereen mee",
                    _line_of(doc, (name,), sentence, source),
                )
            )
    return found
