"""The filter rule is written once in Python (kaart/derive.py matches_filters, for the pages and the
wegwijzer) and once in JavaScript (templates/assets/filters.js, for the search page's zoeken.js and
the referral list's doorverwijzen.js). They must pick the same organisations for every state of
the filters.

The scripts run in Node (they export their functions when loaded as a module) on what the pages
give them: the search page on the display records its search files carry, the referral list on the
data attributes of its items, read from the rendered page, with the query string read as
doorverwijzen.js reads it. The doelgroep for everyone is the one the page ships to filters.js
(data-iedereen), so a page without it, or a script with its own, fails here. For the example region
and a generated one of 300 organisations in 5 gemeenten, and for a few hundred seeded random states:
every filter alone, several together, values of one filter together, the doelgroep iedereen and
landelijk organisations included. The "open now" filter depends on the clock and is not a rule of
derive.py: tests/test_tijden.py covers it.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode

import pytest

import generate
import schema
from kaart import search_files
from kaart.derive import FLAGS, chosen_of, derive, filter_values, matches_filters
from kaart.gather import gather
from kaart.render import Options, page_list, page_renderer
from kaart.write import whole
from support import NODE_HINT, REPO, node_path, require

pytestmark = pytest.mark.node

ASSETS = REPO / "templates" / "assets"
GROUPS = ("fase", "rol", "activiteit", "doelgroep", "gemeente", "taal")
REFERRAL_GROUPS = ["fase", "rol", "activiteit", "doelgroep"]  # docs/urls.md: the /zoeken/ parameters it takes

SEARCH_NODE = r"""
const fs = require('fs');
const rule = require(process.argv[1])(process.argv[2]);
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const found = request.states.map(s => request.docs.filter(d => rule.matchesFilters(d, s)).map(d => d.u));
process.stdout.write(JSON.stringify(found));
"""

REFERRAL_NODE = r"""
const fs = require('fs');
const rule = require(process.argv[1])(process.argv[2]);
const referral = require(process.argv[3]);
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const attribute = item => name => (name in item.attrs ? item.attrs[name] : null);
const found = request.pages.map(page => {
  const groups = referral.carried(rule, attribute(page.items[0]));
  const docs = page.items.map(item => referral.docOf(rule, groups, attribute(item)));
  return { groups: groups, found: page.queries.map(query => {
    const state = referral.wanted(groups, new URLSearchParams(query));
    return page.items.filter((item, n) => rule.matchesFilters(docs[n], state)).map(item => item.slug);
  }) };
});
process.stdout.write(JSON.stringify(found));
"""


def run_node(script: str, request: dict, *args: str):
    """Run a Node script with the request on stdin; its JSON answer."""
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    result = subprocess.run(
        [node, "-e", script, *args], input=json.dumps(request), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"node failed:\n{result.stderr[-3000:]}"
    return json.loads(result.stdout)


class Page(HTMLParser):
    """What a page gives the filter scripts: filters.js's data-iedereen and the referral list's items
    (their data attributes, and the organisation their heading links to)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.iedereen: list[str | None] = []
        self.items: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and (attrs.get("src") or "").endswith("assets/filters.js"):
            self.iedereen.append(attrs.get("data-iedereen"))
        elif tag == "li" and "verwijzing" in (attrs.get("class") or "").split():
            self.items.append({"attrs": {k: v for k, v in attrs.items() if k.startswith("data-")}, "slug": None})
        elif tag == "a" and self.items and self.items[-1]["slug"] is None:
            found = re.search(r"organisaties/([^/]+)/$", attrs.get("href") or "")
            if found:
                self.items[-1]["slug"] = found.group(1)


def project_of(organisations):
    project = gather(str(organisations), str(REPO / "content"), date(2026, 11, 26))
    return project, derive(project)


def rendered(project, derived, template: str) -> dict[str, Page]:
    """The pages of one template, rendered as the build renders them."""
    render, _, _ = page_renderer(project, derived, str(REPO / "templates"), Options())
    return {
        path: Page(whole(render(path, name, values)).decode("utf-8"))
        for path, name, values in page_list(project, derived)
        if name == template
    }


def shipped_iedereen(pages: dict[str, Page]) -> str:
    """The doelgroep for everyone as the pages hand it to filters.js: on each, once, the same."""
    assert pages
    for path, page in pages.items():
        assert page.iedereen == [schema.IEDEREEN], f"{path}: filters.js gets data-iedereen {page.iedereen}"
    return schema.IEDEREEN


def states_for(values: dict[str, list[str]], seed: int, count: int = 300) -> list[dict]:
    """Every value of every filter alone, then random combinations (seeded)."""
    empty = {g: [] for g in values}
    states = [{"q": "", "groups": {**empty, g: [v]}, "flags": {"inloop": False}} for g in values for v in values[g]]
    states.append({"q": "", "groups": empty, "flags": {"inloop": True}})
    rng = random.Random(seed)
    for _ in range(count):
        groups = {g: rng.sample(values[g], rng.choice((0, 0, 1, 2))) if values[g] else [] for g in values}
        states.append({"q": "", "groups": groups, "flags": {"inloop": rng.random() < 0.3}})
    return states


def values_of(project, derived, slugs, groups) -> dict[str, list[str]]:
    """Every value the organisations have, per filter."""
    orgs = project.organisations
    return {g: sorted({v for s in slugs for v in filter_values(orgs[s], g, derived.gemeente_slugs[s])}) for g in groups}


def assert_narrows(found: list[list[str]], total: int) -> None:
    sizes = {len(f) for f in found}
    assert 0 in sizes and total in sizes and len(sizes) > 3, f"the states narrow in many ways: {sorted(sizes)}"


def check_search(project, derived, seed: int) -> None:
    iedereen = shipped_iedereen(rendered(project, derived, "zoeken.html"))
    docs = [search_files.display_record(slug, project.organisations[slug], derived) for slug in derived.order]
    states = states_for(values_of(project, derived, derived.order, GROUPS), seed)
    py = [
        [
            slug
            for slug in derived.order
            if matches_filters(
                project.organisations[slug],
                {**s["groups"], "inloop": ["1"] if s["flags"]["inloop"] else []},
                derived.gemeente_slugs[slug],
            )
        ]
        for s in states
    ]
    js = run_node(SEARCH_NODE, {"docs": docs, "states": states}, str(ASSETS / "filters.js"), iedereen)
    differ = [(s, p, j) for s, p, j in zip(states, py, js) if p != j]
    assert not differ, f"{len(differ)} of {len(states)} states differ, e.g. {differ[0]}"
    assert_narrows(py, len(docs))
    assert len({len(p) for p in py}) > 10


def check_referral(project, derived, seed: int) -> None:
    pages = rendered(project, derived, "doorverwijzen-gemeente.html")
    iedereen = shipped_iedereen(pages)
    orgs = project.organisations
    request, expected = {"pages": []}, []
    for number, (path, page) in enumerate(sorted(pages.items())):
        slugs = [item["slug"] for item in page.items]
        assert slugs and None not in slugs, f"{path}: every item links to its organisation"
        states = states_for(values_of(project, derived, slugs, REFERRAL_GROUPS), seed + number, count=60)
        queries = [urlencode([(g, v) for g in REFERRAL_GROUPS for v in s["groups"][g]]) for s in states]
        request["pages"].append({"items": page.items, "queries": queries})
        expected.append([[s for s in slugs if matches_filters(orgs[s], parse_qs(query))] for query in queries])
    answers = run_node(REFERRAL_NODE, request, str(ASSETS / "filters.js"), iedereen, str(ASSETS / "doorverwijzen.js"))
    for (path, _), answer, py, page in zip(sorted(pages.items()), answers, expected, request["pages"]):
        assert answer["groups"] == REFERRAL_GROUPS, f"{path}: the list's items carry {answer['groups']}"
        differ = [(q, p, j) for q, p, j in zip(page["queries"], py, answer["found"]) if p != j]
        assert not differ, f"{path}: {len(differ)} of {len(py)} queries differ, e.g. {differ[0]}"
        assert_narrows(py, len(page["items"]))


@pytest.fixture(scope="module")
def example():
    return project_of(REPO / "organisations")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated") / "organisations"
    generate.generate(300, folder, seed=5)
    return project_of(folder)


def test_the_search_page_filters_as_python_does_on_the_example(example):
    check_search(*example, seed=1)


def test_the_search_page_filters_as_python_does_on_a_generated_region(generated):
    check_search(*generated, seed=2)


def test_the_referral_list_filters_as_python_does_on_the_example(example):
    check_referral(*example, seed=3)


def test_the_referral_list_filters_as_python_does_on_a_generated_region(generated):
    check_referral(*generated, seed=4)


def test_every_wegwijzer_filter_is_a_filter_of_the_same_rule(example):
    """Each filter a wegwijzer choice can set reaches matches_filters as a filter it knows: a flag of
    FLAGS (on as ["1"]) or a filter of keys (filter_values raises for one it does not know). Which
    organisations each picks is tests/test_wayfinder.py's, against the source files."""
    project, _ = example
    org = next(iter(project.organisations.values()))
    for name, field in schema.WegwijzerFilters.model_fields.items():
        flag = field.annotation is bool
        chosen = chosen_of(schema.WegwijzerFilters.model_construct(**{name: True if flag else ["x"]}))
        assert chosen == {name: ["1"] if flag else ["x"]}
        assert name in FLAGS if flag else isinstance(filter_values(org, name, []), list), name
        matches_filters(org, chosen)


def test_every_template_that_loads_the_rule_hands_it_the_key():
    """Also the pages the example does not render (/doorverwijzen/ on a map of one gemeente)."""
    loads = {
        path.name: text.count("assets/filters.js")
        for path in sorted((REPO / "templates").glob("*.html"))
        if (text := path.read_text(encoding="utf-8")).count("assets/filters.js")
    }
    assert set(loads) >= {"zoeken.html", "doorverwijzen.html", "doorverwijzen-gemeente.html"}
    for name, count in loads.items():
        text = (REPO / "templates" / name).read_text(encoding="utf-8")
        assert text.count('assets/filters.js" data-iedereen="{{ iedereen }}"') == count, name


def test_no_script_or_template_writes_the_doelgroep_for_everyone_itself():
    """Its key is schema.IEDEREEN, handed to templates as `iedereen` and to filters.js as data-iedereen:
    a script or template that writes it itself drifts from schema.py."""
    quoted = re.compile(r"""(['"`])""" + re.escape(schema.IEDEREEN) + r"\1")
    files = sorted(ASSETS.glob("*.js")) + sorted((REPO / "templates").glob("*.html"))
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if quoted.search(line)
    ]
    assert not found, f"the doelgroep {schema.IEDEREEN!r} written as a literal: {found}"
