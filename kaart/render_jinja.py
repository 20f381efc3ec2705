"""Render stage, the Jinja side: the environment every page is rendered with, and its filters.

Autoescape is on and an undefined value is an error. A template's output escapes each value it
shows with `text_escape` instead of Jinja's `escape`: the same text, as a plain str rather than
a Markup, which a page joins and encodes just the same (OutputTemplate).
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

# markupsafe's own C escaping of a str (what its `escape` wraps in a Markup); the pure-Python one
# where the C extension is not built. Both are private names of markupsafe 3: with any other
# version the public escape serves (the same text, only slower).
try:
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - depends on how markupsafe was installed
    try:
        from markupsafe._native import _escape_inner
    except ImportError:
        from markupsafe import escape as _public_escape

        def _escape_inner(text: str) -> str:
            """markupsafe.escape(text) as a plain str."""
            return str(_public_escape(text))


import schema
from kaart.template_cache import bytecode_cache
from kaart.text import markdown_to_html, slugify, tel_href
from kaart.wegwijzer import by_letter

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def whatsapp_href(number: str) -> str:
    """A WhatsApp chat link for a number (opens the resident's own app)."""
    return "https://wa.me/" + tel_href(number).removeprefix("tel:+")


def datum(value) -> str:
    """A date in plain Dutch: 2026-09-01 -> '1 september 2026'."""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


# What urllib.parse.quote(text, safe="") makes of each byte of a text's UTF-8: the bytes it keeps
# as they are (letters, digits, "_.-~") are left out, the others become %XX.
_QUOTED = {
    byte: f"%{byte:02X}"
    for byte in range(256)
    if chr(byte) not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"
}
OSM_ROUTE = "https://www.openstreetmap.org/directions?to="


def urlquote(value) -> str:
    """A value as one part of a URL, as urllib.parse.quote(str(value), safe="") writes it, in one
    str.translate over its UTF-8 bytes instead of a Python step per byte."""
    return str(value).encode("utf-8").decode("latin-1").translate(_QUOTED)


def route_href(adres: str, coordinaten=None) -> str:
    """A route link to a place on OpenStreetMap: to its coordinaten when the file gives them (exact),
    else to its address. A function, not a macro: organisation pages and cards ask for thousands."""
    return OSM_ROUTE + urlquote(",".join(map(str, coordinaten)) if coordinaten else adres)


def text_escape(value) -> str:
    """markupsafe.escape(value) as a plain str: the same characters, without making a Markup.

    A compiled template escapes each value it writes out (`{{ ... }}`) with the `escape` of its
    module; a page has tens of thousands of them, and making each one a Markup (a Python call) was
    a tenth of the time of the pages. The output only joins them, so a str serves: every place where
    being Markup counts (a macro's, block's or `set` block's result) is made a Markup by Jinja itself.
    """
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())  # as Markup(value.__html__()) makes it
    return _escape_inner(str(value))


class OutputTemplate(Template):
    """A template whose output escapes with text_escape (the compiled code is Jinja's own, so the
    template cache holds the same files)."""

    @classmethod
    def from_code(cls, environment, code, globals, uptodate=None):  # noqa: A002 - Jinja's own name
        template = super().from_code(environment, code, globals, uptodate)
        # The module's globals, shared by its root, blocks and macros: where the output finds `escape`.
        template.root_render_func.__globals__["escape"] = text_escape
        return template


def make_environment(templates_dir: str) -> Environment:
    """The Jinja environment: autoescape on, undefined values are errors, our filters.

    One environment serves one build (serve makes a new one per rebuild), so a template read once
    is not looked at on disk again: without auto_reload, the thousands of get_template calls of
    a build (a page, its base, its macros) each skip a stat of the template file. A template
    compiled by an earlier build comes from the cache (kaart/template_cache.py)."""
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=bytecode_cache(),
    )
    env.template_class = OutputTemplate
    env.filters.update(
        tel_href=tel_href,
        whatsapp_href=whatsapp_href,
        datum=datum,
        taalnaam=schema.taalnaam,
        markdown=markdown_to_html,
        slugify=slugify,
        lettergroepen=by_letter,
        urlquote=urlquote,
    )
    env.globals["route_href"] = route_href  # for the macros of macros.html too, imported with context or not
    return env
