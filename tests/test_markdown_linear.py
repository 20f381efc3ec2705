"""Markdown renders in time linear in its length, and exactly as Python-Markdown does for real text.

Issue 16: 9,000 `[` in a beschrijving took 14 s to render, a content page of 30 kB of `[` 169 s:
Python-Markdown's link patterns look for the `]` from every `[` to the end of the text. kaart/text.py
finds it in a table made once, looks for a link's `)` within MAX_LINK_TARGET characters, and writes
a flood of unclosed `<` as text before Python's html.parser reads it. Work is counted, not timed
(a generous time cap only guards against a hang).
"""

from __future__ import annotations

import functools
import random
import re
import time

import markdown
import pytest
import yaml

from kaart import text
from support import REPO


@functools.lru_cache(maxsize=1)
def plain_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


def plain_python_markdown(source: str) -> str:
    """What Python-Markdown itself makes of a text, cleaned the same way."""
    return text.safe_html(plain_converter().reset().convert(source))


def real_texts() -> list[str]:
    """The example's content pages and every organisation file (as Markdown: a superset of its texts)."""
    files = sorted((REPO / "content").glob("*.md")) + sorted((REPO / "organisations").glob("*.yaml"))
    files += sorted((REPO / "tests" / "golden" / "hostile" / "organisations").glob("*.yaml"))
    return [f.read_text(encoding="utf-8") for f in files]


def test_real_texts_render_as_python_markdown_renders_them():
    texts = real_texts()
    assert len(texts) > 30
    for source in texts:
        assert text.markdown_to_html(source) == plain_python_markdown(source)


def test_random_markdown_renders_as_python_markdown_renders_it():
    """Links, references, images, brackets, parentheses, quotes and tags in every mix (short texts,
    where no limit applies): the same HTML."""
    pieces = [
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "[a]",
        "(b)",
        "'",
        '"',
        " ",
        "\n",
        "a",
        "<",
        ">",
        "<a ",
        "</",
        "*",
        "`",
        "\\",
        ":",
        "http://x.nl",
        "[r]: http://r.nl\n",
        "\n\n",
        "<b>",
        "&lt;",
        "t",
    ]
    rng = random.Random(16)
    for size in [30] * 2000 + [400] * 120:  # long ones: the table of brackets serves several `[`
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(1, size)))
        assert text.markdown_to_html(source) == plain_python_markdown(source), repr(source)


class CountingPattern:
    """A compiled pattern whose finditer counts the matches it yields."""

    def __init__(self, pattern: re.Pattern):
        self.pattern, self.count = pattern, 0

    def finditer(self, data, start=0):
        for match in self.pattern.finditer(data, start):
            self.count += 1
            yield match


HOSTILE = {
    "9,000 [ in a beschrijving": "Hulp " + "[" * 9000,
    "30 kB of [ on a page": "[" * 30_000,
    "[ on 15,000 lines": "[\n" * 15_000,
    "nested [[[...]]]": "[" * 15_000 + "]" * 15_000,
    "![ x 15,000": "![" * 15_000,
    "[a]( x 7,500": "[a](" * 7_500,
    "[a]( x 7,500 and a )": "[a](" * 7_500 + ")",
    "<a x 15,000": "<a" * 15_000,
    "<a b x 7,500": "<a b" * 7_500,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_markdown_renders_in_linear_work(name, monkeypatch):
    source = HOSTILE[name]
    brackets = CountingPattern(text._BRACKET)
    monkeypatch.setattr(text, "_BRACKET", brackets)
    monkeypatch.setattr(text, "_brackets", text._Brackets())
    link_scans = []
    plain_get_link = text._plain_get_link
    monkeypatch.setattr(
        text,
        "_plain_get_link",
        lambda self, data, index: link_scans.append(len(data) - index) or plain_get_link(self, data, index),
    )
    start = time.process_time()
    html = text.markdown_to_html(source)
    assert time.process_time() - start < 30, "a sanity cap: it took 14 s to 169 s before, about 0.1 s now"
    bound = 2 * len(text.LINK_PATTERNS) * (source.count("[") + source.count("]")) + 10
    assert brackets.count <= bound, "each bracket is looked at a few times by each pattern, not once per `[`"
    assert sum(link_scans) <= len(link_scans) * text.MAX_LINK_TARGET
    assert sum(link_scans) <= 20 * len(source) + 10_000, "a link's address is looked for close to it"
    assert html.startswith("<p>") and "<script" not in html


def test_a_flood_of_tag_openings_shows_as_text_as_before():
    source = "<a" * 12 + " en <b>vet</b>"
    assert text.markdown_to_html(source) == plain_python_markdown(source)
    assert text.markdown_to_html("\ue000 " + "<a" * 12) == plain_python_markdown("\ue000 " + "<a" * 12)


def plain_text(rng: random.Random) -> str:
    """Lines of words and punctuation, each starting with a letter, some bold or list items, in blocks."""
    middle = ["Hulp", " bij", " é", "2", " ", ".", ",", "?", "!", ":", ";", "'", '"', "(", ")", "%", "€", "/", "#"]
    middle += ["~", "|", "{", "}", "@", "^", "-", "=", "+", "  ", "\u3000", "\u2003", "…", "“"]
    lines = []
    for _ in range(rng.randint(0, 4)):
        words = [rng.choice(["Hulp", "élan", "Ωmega", "ß", "U", "u"])]
        words += [rng.choice(middle) for _ in range(rng.randint(0, 8))]
        line = "".join(words) + rng.choice(["", ".", "n", ")", "?"])
        lines.append(rng.choice(["", "", "", "**", "- "]) + line)
        lines[-1] += "**" if lines[-1].startswith("**") else ""
    joined = "".join(line + rng.choice(["\n", "\n", "\n\n", "\n\n\n"]) for line in lines)
    return rng.choice(["", "\n"]) + (joined if rng.random() < 0.5 else joined.rstrip("\n"))


def test_plain_paragraphs_render_as_python_markdown_renders_them():
    """Text that is only paragraphs is made without Python-Markdown (kaart.text.plain_paragraphs): for
    plain text with any one list, heading or rule mark, indent, hard space or break, other line end,
    or character Markdown reads, either the same HTML or the slow way."""
    risky = ["1. ", "- ", "+ ", "* ", "# ", "=", "---", "> ", " ", "  ", "    ", " \n", "  \n", "\t", "\r", "\xa0"]
    risky += ["\u2028", "\x85", "\u3000", "*", "_", "`", "[", "]", "<", ">", "&", "\\", "<http://x.nl>", "&amp;", "a_b"]
    risky += ["**b**", "\n\n1. a", "\n- a", "\n=\n", "\n---\n", "\n  \n", "\n \n", "\n    a", "\n> a", "[a]: /b"]
    risky += [
        "**",
        "** ",
        " **",
        "***",
        "\n**a**\n",
        "\n\n- a\n- b\n\n",
        "\n\n- a\n\n- b",
        "-",
        "- ",
        "  - a",
        "\n  - a",
    ]
    rng = random.Random(14)
    fast = 0
    for _ in range(6000):
        source = plain_text(rng)
        if rng.random() < 0.8:
            at = rng.randint(0, len(source))
            source = source[:at] + rng.choice(risky) + source[at:]
        fast += text.plain_paragraphs(source) is not None
        assert text.markdown_to_html(source) == plain_python_markdown(source), repr(source)
        assert text.markdown_to_html(source, 2) == text.safe_html(plain_converter().reset().convert(source), 2)
    assert fast > 1500, fast
    real = [source for source in real_texts() if text.plain_paragraphs(source) is not None]
    descriptions = [yaml.safe_load(source).get("beschrijving") or "" for source in real_texts() if "naam:" in source]
    assert sum(text.plain_paragraphs(source) is not None for source in descriptions) > 20, "most are plain"
    assert all(text.markdown_to_html(source) == plain_python_markdown(source) for source in real + descriptions)
