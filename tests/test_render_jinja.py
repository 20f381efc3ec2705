"""The render stage's Jinja environment (kaart/render_jinja.py): its templates write each value
escaped as a plain str, with exactly the text Jinja's own escaping gives."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from jinja2 import Template
from markupsafe import Markup, escape

from kaart.render_jinja import make_environment, text_escape

REPO = Path(__file__).resolve().parent.parent


class HtmlNumber:
    """An object that gives its own HTML, and not as a str (Markup makes a str of it)."""

    def __html__(self):
        return 7

    def __repr__(self):  # the test's id, the same in every worker
        return "HtmlNumber()"


TRICKY = [
    "",
    "plain",
    "<b>&'\"</b>",
    "Curaçao & Zoë",
    Markup("<i>safe</i>"),
    HtmlNumber(),
    42,
    1.5,
    None,
    True,
    date(2026, 9, 1),
]

TEMPLATES = {
    "waarde.html": "[{{ v }}]",
    "macro.html": "{% macro m(x) %}<b>{{ x }}</b>{% endmacro %}{{ m(v) }}|{{ m(v) ~ v }}",
    "set.html": "{% set x %}<i>{{ v }}</i>{% endset %}{{ x }}{{ x }}",
    "blok.html": "{% block b %}<p>{{ v }}</p>{% endblock %}{{ self.b() }}",
    "filter.html": "{% filter upper %}<q>{{ v }}</q>{% endfilter %}{{ v | e }}{{ v | safe }}",
    "kind.html": '{% extends "blok.html" %}{% block b %}<{{ v }}>{{ super() }}{% endblock %}',
}


@pytest.mark.parametrize("value", TRICKY, ids=repr)
def test_text_escape_is_markupsafe_escape_as_a_plain_str(value):
    escaped = text_escape(value)
    assert type(escaped) is str or type(escaped) is Markup and isinstance(value, Markup)
    assert escaped == str(escape(value))


def test_text_escape_without_markupsafes_private_escaping_uses_its_public_one():
    """With a markupsafe that has neither private module (another major version), the public
    escape serves and gives the same text."""
    code = (
        "import sys, markupsafe\n"
        "sys.modules['markupsafe._speedups'] = sys.modules['markupsafe._native'] = None\n"
        "from markupsafe import escape\n"
        "from kaart.render_jinja import text_escape\n"
        "for v in ['', '<b>&\\'\"</b>', 'Zoë', 42, None]:\n"
        "    assert type(text_escape(v)) is str and text_escape(v) == str(escape(v)), v\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.stdout == "ok\n", done.stderr


def test_a_template_writes_what_jinja_writes_with_its_own_escape(tmp_path, monkeypatch):
    monkeypatch.setenv("KAART_CACHE", "uit")
    for name, text in TEMPLATES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ours = make_environment(str(tmp_path))
    plain = make_environment(str(tmp_path))
    plain.template_class = Template  # Jinja's own escape
    for name in TEMPLATES:
        template = ours.get_template(name)
        assert template.root_render_func.__globals__["escape"] is text_escape, name
        for value in TRICKY:
            assert template.render(v=value) == plain.get_template(name).render(v=value), (name, value)
    assert ours.get_template("macro.html").render(v="<") == "<b>&lt;</b>|<b>&lt;</b>&lt;"
    assert ours.get_template("set.html").render(v="&") == "<i>&amp;</i><i>&amp;</i>"


def test_urlquote_is_urllib_quote_with_nothing_safe():
    from urllib.parse import quote

    from kaart.render_jinja import urlquote

    texts = [
        "",
        "Stationsstraat 1, 1234 AB Zoë",
        "52.1,5.3",
        "a/b?c=d&e#f ~_.-",
        "\u00a0\u20ac\U0001f600",
        Markup("<x>"),
    ]
    texts += ["".join(map(chr, range(start, start + 128))) for start in range(0, 0x800, 128)]
    for text in texts:
        assert urlquote(text) == quote(str(text), safe=""), text
    assert urlquote(52.25) == "52.25"
    with pytest.raises(UnicodeEncodeError):
        urlquote("\ud800")  # a lone surrogate: as quote, an error, not a wrong link


def test_route_href_is_what_the_route_macro_made(tmp_path, monkeypatch):
    """The route link was a macro of macros.html; the function gives its text for an address and
    for coordinaten."""
    from kaart.render_jinja import route_href

    monkeypatch.setenv("KAART_CACHE", "uit")
    (tmp_path / "route.html").write_text(
        '{% macro m(adres, coordinaten=none) -%}\nhttps://www.openstreetmap.org/directions?to='
        '{{ (coordinaten | join(",") if coordinaten else adres) | urlquote }}\n{%- endmacro %}'
        "{{ m(adres, coordinaten) }}|{{ route_href(adres, coordinaten) }}",
        encoding="utf-8",
    )
    template = make_environment(str(tmp_path)).get_template("route.html")
    for adres, coordinaten in [("Markt 1, 1234 AB Één & <ander>", None), ("x", [52.0, 5.125]), ("{adres}", [])]:
        macro, function = template.render(adres=adres, coordinaten=coordinaten).split("|")
        assert function == macro == str(escape(route_href(adres, coordinaten)))


def test_an_organisation_page_label_list_is_made_once_per_facet_keys_and_root():
    from datetime import date

    from kaart import fragments
    from kaart.gather import gather
    from support import REPO

    project = gather(str(REPO / "organisations"), str(REPO / "content"), date(2026, 11, 26)).for_render()
    env = make_environment(str(REPO / "templates"))
    common = {"vocab": project.vocab}
    macros = env.get_template("macros.html").make_module(common)
    labels_van = fragments.label_lists(env, common)
    for org in project.organisations.values():
        for facet, keys in [("fase", org.fases), ("doelgroep", org.doelgroepen), ("rol", org.rollen)]:
            assert labels_van(facet, keys, "../../") == macros.labels(facet, keys, "../../")
    first = next(iter(project.organisations.values()))
    assert labels_van("fase", list(first.fases), "../../") is labels_van("fase", first.fases, "../../")


def test_why_it_fits_is_made_once_per_organisation_as_the_template_makes_it():
    """waarom_van renders wegwijzer-waarom.html once per organisation: what an end page showed when it
    included the template itself for every organisation it lists."""
    from datetime import date

    from kaart import fragments
    from kaart.derive import is_free
    from kaart.gather import gather
    from kaart.wegwijzer import walk_in_json
    from support import REPO

    project = gather(str(REPO / "organisations"), str(REPO / "content"), date(2026, 11, 26)).for_render()
    env = make_environment(str(REPO / "templates"))
    common = {"orgs": project.organisations, "is_free": is_free}
    waarom_van = fragments.reasons_renderer(env, common)
    template = env.get_template("wegwijzer-waarom.html")
    walk_ins = 0
    for slug, org in project.organisations.items():
        expected = template.render(common, slug=slug, org=org, inloop_json=walk_in_json(org))
        assert waarom_van(slug) == expected and isinstance(waarom_van(slug), Markup)
        assert waarom_van(slug) is waarom_van(slug), "made once"
        walk_ins += "data-inloop=" in expected
    assert walk_ins, "the example has organisations with walk-in hours"


def test_the_edit_link_path_is_relative_to_the_working_folder(tmp_path, monkeypatch):
    """kaart.render.repository_path: the file's path from the working folder (a symlink's: its target's),
    and for a file outside it only its folder's name and its own (no machine's folders)."""
    from kaart.render import repository_path

    work, elsewhere = tmp_path / "werk", tmp_path / "elders"
    (work / "organisaties").mkdir(parents=True)
    elsewhere.mkdir()
    (work / "organisaties" / "a.yaml").write_text("", encoding="utf-8")
    (elsewhere / "b.yaml").write_text("", encoding="utf-8")
    (work / "organisaties" / "link.yaml").symlink_to(work / "organisaties" / "a.yaml")
    monkeypatch.chdir(work)
    assert repository_path("organisaties/a.yaml") == "organisaties/a.yaml"
    assert repository_path(str(work / "organisaties" / "a.yaml")) == "organisaties/a.yaml"
    assert repository_path("./organisaties//a.yaml") == "organisaties/a.yaml"
    assert repository_path("a.yaml") == "a.yaml"
    assert repository_path("organisaties/link.yaml") == "organisaties/a.yaml"
    assert repository_path(str(elsewhere / "b.yaml")) == "elders/b.yaml"


def test_the_page_list_leaves_content_pages_markdown_to_their_rendering(monkeypatch):
    """page_list runs before the build forks in two: a content page's Markdown is converted when the
    page is rendered (in the process that renders it), not while the pages are listed."""
    from datetime import date

    from kaart import render
    from kaart.derive import derive
    from kaart.gather import gather
    from support import REPO

    project = gather(str(REPO / "organisations"), str(REPO / "content"), date(2026, 11, 26)).for_render()
    derived = derive(project)
    converted = []
    real = render.markdown_to_html
    monkeypatch.setattr(render, "markdown_to_html", lambda text, **kw: converted.append(text) or real(text, **kw))
    pages = render.page_list(project, derived)
    assert project.pages and not converted
    content = [(path, template, values) for path, template, values in pages if template == "pagina.html"]
    values = content[0][2]()
    assert converted and values["body"] == real(values["page"].body, shift_headings=0)
