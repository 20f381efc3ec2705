"""The C fast path of the YAML reader gives exactly what the Python reader gives.

kaart/read_fast.py reads an ordinary file with libyaml's events and leaves everything else to the
Python reader. Here both run on every YAML file of the repository and on random mutations of
them: values, positions, key positions and problems must be identical.
"""

from __future__ import annotations

import random

import pytest

import kaart.read_fast as read_fast
import kaart.read_yaml as read
from support import REPO

MUTATIONS = [
    "\r\n",
    "\r",
    "😀",
    "\u00a0",
    "\u2029",
    ":",
    " ",
    "\n",
    "-",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "#",
    "&a ",
    "*a",
    "\t",
    "|",
    ">",
    ",",
    "?",
    "!",
    "%",
    "@",
    "`",
    "  ",
    "é",
    "\u0085",
    "\u2028",
    "\ufeff",
    "~",
    "null",
    "- x\n",
    ": ",
    "\n  ",
    "!!int ",
]


def _texts() -> list[str]:
    texts = []
    for path in sorted(REPO.glob("**/*.yaml")):
        parts = path.relative_to(REPO).parts
        if "node_modules" in parts or parts[:2] == ("bench", "work") or parts[0].startswith((".", "site")):
            continue
        try:
            texts.append(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, OSError):
            continue
    return texts


def _both(text: str):
    def plain(result):
        doc, problems = result
        return (None if doc is None else (doc.data, doc.positions, doc.key_positions)), problems

    def run(fast: bool):
        saved = read_fast._CLoader
        if not fast:
            read_fast._CLoader = None
        try:
            return plain(read.parse_yaml("p.yaml", text))
        except Exception as error:  # noqa: BLE001 - both paths must fail alike too
            return repr(error)
        finally:
            read_fast._CLoader = saved

    return run(True), run(False)


def _mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(text) + 1)
        choice = rng.random()
        if choice < 0.4:
            text = text[:i] + rng.choice(MUTATIONS) + text[i:]
        elif choice < 0.7:
            text = text[:i] + text[i + rng.randint(1, 4) :]
        else:
            j = rng.randrange(len(text) + 1)
            text = text[:i] + text[j : j + rng.randint(1, 10)] + text[i:]
    return text


@pytest.mark.skipif(read_fast._CLoader is None, reason="PyYAML without libyaml")
def test_fast_and_python_reader_agree_on_every_repository_file_and_mutations():
    texts = _texts()
    assert len(texts) > 20
    rng = random.Random(11)
    cases = texts + [_mutate(rng, rng.choice(texts)) for _ in range(1500)]
    used = 0
    for text in cases:
        fast, slow = _both(text)
        assert fast == slow, text[:500]
        used += read_fast.parse_fast("p.yaml", text) is not None
    assert used > len(texts) // 2  # the fast path does carry the ordinary files


def test_fast_path_hands_deep_nesting_to_the_python_reader_quickly():
    doc, problems = read.parse_yaml("d.yaml", "a: " + "[" * 20_000 + "]" * 20_000 + "\n")
    assert doc is None and "te diep genest" in problems[0].message


def test_one_search_finds_every_character_a_check_looks_for():
    """A text in which ODD_RE finds nothing needs neither the fast path's own checks (tab, byte-order
    mark, _NON_PRINTABLE) nor the control-character walk (SUSPECT_RE): ODD_RE finds all their characters."""
    every = "".join(map(chr, range(0x110000)))
    odd = set(read.ODD_RE.findall(every))
    assert set(read_fast._NON_PRINTABLE.findall(every)) | set(read.SUSPECT_RE.findall(every)) | {"\t", "\ufeff"} <= odd
    assert not odd & set("abc \n\r:-[]{}#'\"\\éë€\u00a0\u2013")  # the ordinary text of a file is not odd


@pytest.mark.parametrize("odd", ["\t", "\ufeff", "\x07", "\u202e", "\ufffe", "\\x07", "\\u202e"])
def test_a_text_with_an_odd_character_or_an_escape_is_read_as_the_python_reader_reads_it(odd):
    """Such a text still gets every check: the fast path gives what the Python reader gives."""
    for text in (f"naam: Hulp{odd}loket\nsoort: gemeente\n", f'naam: "Hulp{odd}loket"\n'):
        fast, slow = _both(text)
        assert fast == slow, text
    fast, _ = _both('naam: "Hulp\\u202eloket"\n')
    assert fast[0] is None and "U+202E" in fast[1][0].message  # an escape is looked at, plain or not
