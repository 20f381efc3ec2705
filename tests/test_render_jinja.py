"""The render stage's Jinja environment (kaart/render_jinja.py): its templates write each value
escaped as a plain str, with exactly the text Jinja's own escaping gives."""

from __future__ import annotations

from datetime import date

import pytest
from jinja2 import Template
from markupsafe import Markup, escape

from kaart.render_jinja import make_environment, text_escape

TRICKY = ["", "plain", "<b>&'\"</b>", "Curaçao & Zoë", Markup("<i>safe</i>"), 42, 1.5, None, True, date(2026, 9, 1)]

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
