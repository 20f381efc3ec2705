"""Text helpers shared by the stages: Markdown to safe HTML, slugs, and folding for sorting."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import markdown
import nh3
import phonenumbers

ALLOWED_TAGS = {"p", "a", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre",
                "br", "hr"}
# Content of these is dropped with the tag; for other tags only the tag goes.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea",
                        "svg", "math", "title", "select"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def markdown_to_html(source: str, shift_headings: int = 0) -> str:
    """Markdown to HTML that can hold no script, no raw HTML and no link but http(s), mailto, tel."""
    html = _markdown().reset().convert(source)
    if shift_headings:
        html = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift_headings)}>",
                      html)
    return nh3.clean(html, tags=ALLOWED_TAGS | {"h5", "h6"}, clean_content_tags=DROPPED_WITH_CONTENT,
                     attributes={"a": {"href", "title"}}, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One Markdown converter per process: making one loads its extensions, the slow part of a call."""
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


def fold(text: str) -> str:
    """Lower case without accents: 'Curaçao' -> 'curacao', for sorting and matching."""
    # Same steps as fold() in assets/zoeken.js: NFKD, drop marks (category M), lower case.
    if text.isascii():
        return text.lower()  # NFKD leaves ASCII as it is and it has no marks: same result, much faster
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M")).lower()


def slugify(name: str) -> str:
    """A gemeente name as URL part: 'Den Haag' -> 'den-haag', "'s-Hertogenbosch" -> 's-hertogenbosch'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "gemeente"


@lru_cache(maxsize=None)  # the same numbers show on many pages
def tel_href(number: str) -> str:
    """A shown phone number as a tel: link target in international form."""
    return "tel:" + phonenumbers.format_number(phonenumbers.parse(number, "NL"), phonenumbers.PhoneNumberFormat.E164)
