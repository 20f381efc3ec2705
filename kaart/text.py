"""Text helpers shared by the stages: Markdown to safe HTML, slugs, and folding for sorting."""

from __future__ import annotations

import re
import types
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

import nh3
import phonenumbers

if TYPE_CHECKING:
    import markdown

ALLOWED_TAGS = {"p", "a", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre", "br", "hr"}
# Content of these is dropped with the tag; for other tags only the tag goes.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
    "textarea",
    "svg",
    "math",
    "title",
    "select",
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def markdown_to_html(source: str, shift_headings: int = 0) -> str:
    """Markdown to HTML that can hold no script, no raw HTML and no link but http(s), mailto, tel."""
    plain = plain_paragraphs(source)
    if plain is not None:
        return plain
    prepared, marked = _without_tag_floods(source)
    html = _markdown().reset().convert(prepared)
    return safe_html(html.replace(_TEXT_LT, "&lt;") if marked else html, shift_headings)


# Text that is only paragraphs and simple lists: no character Markdown or HTML gives a meaning inside
# a line (an escape, code, emphasis, a link, a tag, an entity, a hard space) but ** around a whole
# line, no control character or other line end; every line that is not blank starts with a letter
# (no heading, quote, rule or code block), with ** or with "- " and a letter (a list item in a block
# of only items), and ends without a space (no hard line break).
_PLAIN_TEXT = re.compile(r"[^\\`_\[\]<>&\x00-\x09\x0b-\x1f\x7f-\xa0\u2028\u2029]*")
_PLAIN_LINE = re.compile(r"[^\W\d_][^*]*(?<=\S)|\*\*([^\W\d_][^*]*(?<=[^\s*]))\*\*|(- )([^\W\d_][^*]*(?<=\S))")


def plain_paragraphs(source: str) -> str | None:
    """The HTML of a text that is only plain paragraphs and lists, as Python-Markdown and safe_html make
    it, made without them (most descriptions are such a text); None for any other text."""
    if not _PLAIN_TEXT.fullmatch(source):
        return None
    blocks, lines, items = [], [], 0
    for line in source.split("\n") + [""]:
        if line:
            match = _PLAIN_LINE.fullmatch(line)
            if match is None:
                return None
            if match.group(1):
                lines.append(f"<strong>{match.group(1)}</strong>")
            elif match.group(2):
                lines.append(f"<li>{match.group(3)}</li>")
                items += 1
            else:
                lines.append(line)
        elif lines:
            if not items:
                blocks.append("<p>" + "\n".join(lines) + "</p>")
            elif items < len(lines) or (blocks and blocks[-1].startswith("<ul>")):
                return None  # items and other lines in one block, or two lists: not simple
            else:
                blocks.append("<ul>\n" + "\n".join(lines) + "\n</ul>")
            lines, items = [], 0
    return "\n".join(blocks)


def safe_html(html: str, shift_headings: int = 0) -> str:
    """Python-Markdown's HTML with headings shifted, cleaned to the tags, links and schemes allowed."""
    if shift_headings:
        html = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift_headings)}>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h5", "h6"},
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href", "title"}},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


# Python's html.parser (under Python-Markdown's raw HTML) reads a start tag from its `<` to the next
# `>`, through any `<` on the way: quadratic in a text of many `<` without a `>` (`<a<a<a...`).
# Between two `>` only the last `<` can open a tag that ends there; when more than a few could,
# the others are made text before converting: a private-use character, written as &lt; after (an
# entity in the source would cost Python-Markdown a replacement of the whole paragraph each).
_TAG_OPENING = re.compile(r"<(?=[A-Za-z/])")
_TEXT_LT = "\ue000"
_WITHOUT_GT = re.compile(r"[^>]+")
MAX_TAG_OPENINGS = 8


def _without_tag_floods(source: str) -> tuple[str, bool]:
    """The Markdown source with the `<` of a flood of unclosed tag openings made text, and whether
    they are _TEXT_LT (else &lt;, for a source that holds that character itself)."""
    if source.count("<") <= MAX_TAG_OPENINGS:
        return source, False
    marked = _TEXT_LT not in source
    mark = _TEXT_LT if marked else "&lt;"

    def segment(match: re.Match) -> str:
        text = match.group()
        if text.count("<") <= MAX_TAG_OPENINGS:
            return text
        openings = [m.start() for m in _TAG_OPENING.finditer(text)]
        if len(openings) <= MAX_TAG_OPENINGS:
            return text
        return _TAG_OPENING.sub(mark, text[: openings[-1]]) + text[openings[-1] :]

    return _WITHOUT_GT.sub(segment, source), marked


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One Markdown converter per process: making one loads its extensions, the slow part of a call.

    Python-Markdown is imported here, not with this module: reading, which needs only slugs, does
    not wait for it (bench/README.md). Its extension is given as an object: by name, Python-Markdown
    would look it up in every installed package's metadata."""
    import markdown
    from markdown.extensions.sane_lists import SaneListExtension

    converter = markdown.Markdown(extensions=[SaneListExtension()], output_format="html")
    for name in LINK_PATTERNS:
        pattern = converter.inlinePatterns[name]
        pattern.getText = types.MethodType(_get_text, pattern)
        pattern.getLink = types.MethodType(_get_link, pattern)
    return converter


# Python-Markdown's link patterns look for the `]` of a link from every `[` (to the end of the text
# when there is none) and for the `)` of its address from every `](`: quadratic in a text of many
# `[` (bench/README.md). Here they find the `]` in a table made once for
# the rest of the text (_Brackets), and look for the `)` within MAX_LINK_TARGET characters (no real
# address with its title is longer): the same HTML for every real text, in linear time.
LINK_PATTERNS = ("reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref")
MAX_LINK_TARGET = 2000
_BRACKET = re.compile(r"[\[\]]")


class _Brackets:
    """Where each `[` of a text is closed, as Python-Markdown counts nested brackets.

    A `[`'s closing `]` depends only on the text after it, and the patterns go through a text from
    left to right, replacing what they matched before the place they look at next. So one scan of
    the rest of the text serves every later `[`, also after a replacement: positions are kept as
    distances from the end of the text, valid while that end is the same.
    """

    def __init__(self) -> None:
        self.tail = ""  # the text from the `[` where the last long scan began
        self.closes: dict[int, int] = {}  # distance of a `[` from the end -> that of its `]`
        self.known_from = 0  # the distances above this one are all in `closes` (or never closed)
        self.data: str | None = None
        self.same_from = 0  # `data` ends like `tail` for the distances up to this one

    def closing(self, data: str, opening: int) -> int | None:
        """The index of the `]` that closes the `[` at `opening`; None if none does."""
        rest = len(data) - opening
        if self.known_from < rest <= len(self.tail) and self._same_end(data, rest):
            close = self.closes.get(rest)
            return None if close is None else len(data) - close
        stack, closes, size = [], {}, len(data)
        close = None
        for match in _BRACKET.finditer(data, opening):
            at = match.start()
            if data[at] == "[":
                stack.append(at)
            elif stack:
                start = stack.pop()
                closes[size - start] = size - at
                if start == opening:
                    close = at
                    break
        if (size if close is None else close) - opening > 64:  # a long scan: keep it for the `[` inside
            self.tail, self.closes, self.data, self.same_from = data[opening:], closes, data, rest
            self.known_from = 0 if close is None else size - close
        return close

    def _same_end(self, data: str, rest: int) -> bool:
        """Whether the last `rest` characters of `data` are those of the scanned text."""
        if data is self.data and rest <= self.same_from:
            return True
        if data[len(data) - rest :] != self.tail[len(self.tail) - rest :]:
            return False
        self.data, self.same_from = data, rest
        return True


_brackets = _Brackets()


def _plain_get_text(self, data: str, index: int) -> tuple[str, int, bool]:
    """Python-Markdown's own LinkInlineProcessor.getText."""
    from markdown.inlinepatterns import LinkInlineProcessor

    return LinkInlineProcessor.getText(self, data, index)


def _plain_get_link(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
    """Python-Markdown's own LinkInlineProcessor.getLink."""
    from markdown.inlinepatterns import LinkInlineProcessor

    return LinkInlineProcessor.getLink(self, data, index)


def _get_text(self, data: str, index: int) -> tuple[str, int, bool]:
    """LinkInlineProcessor.getText (the text between `[` and its `]`), with the `]` from _Brackets."""
    if index == 0 or data[index - 1] != "[":
        return _plain_get_text(self, data, index)
    close = _brackets.closing(data, index - 1)
    if close is None:
        return "", len(data), False  # the callers use only the last value when it is False
    return data[index:close], close + 1, True


def _get_link(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
    """LinkInlineProcessor.getLink (the address in `(...)`), looking at most MAX_LINK_TARGET ahead."""
    if len(data) - index > MAX_LINK_TARGET:
        data = data[: index + MAX_LINK_TARGET]
    rest = data[index:]
    if ")" not in rest and '"' not in rest and "'" not in rest:  # it ends at a `)`, or oddly after a quote
        return "", None, index, False
    return _plain_get_link(self, data, index)


def fold(text: str) -> str:
    """Lower case without accents: 'Curaçao' -> 'curacao', for sorting and matching."""
    # Same steps as fold() in assets/zoeken.js: NFKD, drop marks (category M), lower case.
    if text.isascii():
        return text.lower()  # NFKD leaves ASCII as it is and it has no marks: same result, much faster
    return unicodedata.normalize("NFKD", text).translate(_WITHOUT_MARKS).lower()


class _MarkDropper(dict):
    """A str.translate table that drops marks (category M) and keeps every other character,
    filled as characters are met: str.translate's C loop instead of a Python one per character."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.category(chr(code)).startswith("M") else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _MarkDropper()


@lru_cache(maxsize=4096)  # gemeente names, asked for again for every organisation that works there
def slugify(name: str) -> str:
    """A gemeente name as URL part: 'Den Haag' -> 'den-haag', "'s-Hertogenbosch" -> 's-hertogenbosch'."""
    return slugify_or_none(name) or "gemeente"


def slugify_or_none(name: str) -> str | None:
    """slugify's URL part, or None for a name without a letter A-Z or a digit ('日本', '!!!')."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or None


# How most files write a number, and the read stage most numbers it shows: 0 and nine digits, a
# space allowed between any two (030 123 45 67).
USUAL_NUMBER = re.compile(r"0[1-9](?: ?[0-9]){8}")


def usual_number(text: str) -> phonenumbers.PhoneNumber | None:
    """A number written as USUAL_NUMBER, made as phonenumbers.parse(text, "NL") makes it, without its
    general parse (half the time of reading or showing a number); None for any other text.

    For such a text parse finds no extension and no country code, takes off the national prefix 0
    and sets nothing else: country code 31 and the nine digits (tests/test_text.py and
    tests/test_schema.py hold the two to the same numbers)."""
    if not USUAL_NUMBER.fullmatch(text):
        return None
    return phonenumbers.PhoneNumber(country_code=31, national_number=int(text[1:].replace(" ", "")))


@lru_cache(maxsize=None)  # pages, cards, search file and HSDS each ask for a form of the same numbers
def parsed_phone(number: str) -> phonenumbers.PhoneNumber:
    """A shown phone number parsed as Dutch: most of the work of writing it in any other form
    (usual_number where it can: 4.6 of the 8 ms the 300 numbers of a map took in each render
    process, bench/README.md)."""
    usual = usual_number(number)
    return usual if usual is not None else phonenumbers.parse(number, "NL")


@lru_cache(maxsize=None)  # the same numbers show on many pages
def tel_href(number: str) -> str:
    """A shown phone number as a tel: link target in international form."""
    return "tel:" + phonenumbers.format_number(parsed_phone(number), phonenumbers.PhoneNumberFormat.E164)
