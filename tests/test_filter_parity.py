"""The search page's filter rule is written twice: kaart/derive.py (matches_search, for the pages and
the wegwijzer) and zoeken.js (matchesFilters, live in the browser). They must pick the same
organisations for every state of the filters.

zoeken.js itself runs in Node (it exports its filter rule when loaded as a module), on the display
records the search files carry, for the example region and a generated one of 300 organisations in
5 gemeenten, and for a few hundred seeded random states: every filter alone, several together,
values of one filter together, the doelgroep iedereen and landelijk organisations included. The
"open now" filter depends on the clock and is not a rule of derive.py: tests/test_tijden.py covers it.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date

import pytest

from kaart import search
from kaart.derive import derive, matches_search
from kaart.gather import gather
from support import NODE_HINT, REPO, node_path, require

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

pytestmark = pytest.mark.node

ZOEKEN_JS = REPO / "templates" / "assets" / "zoeken.js"
GROUPS = ("fase", "rol", "activiteit", "doelgroep", "gemeente", "taal")

NODE = r"""
const fs = require('fs');
const { matchesFilters } = require(process.argv[1]);
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const found = request.states.map(s => request.docs.filter(d => matchesFilters(d, s)).map(d => d.u));
process.stdout.write(JSON.stringify(found));
"""


def js_filter(docs: list[dict], states: list[dict]) -> list[list[str]]:
    """zoeken.js's matchesFilters over the docs for each state, in Node."""
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    result = subprocess.run([node, "-e", NODE, str(ZOEKEN_JS)], input=json.dumps({"docs": docs, "states": states}),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"node failed:\n{result.stderr[-3000:]}"
    return json.loads(result.stdout)


def states_for(docs: list[dict], seed: int, count: int = 300) -> list[dict]:
    """Every value of every filter alone, then random combinations (seeded)."""
    values = {g: sorted({v for d in docs for v in d[search_key(g)]}) for g in GROUPS}
    empty = {g: [] for g in GROUPS}
    states = [{"q": "", "groups": {**empty, g: [v]}, "flags": {"inloop": False}} for g in GROUPS for v in values[g]]
    states.append({"q": "", "groups": empty, "flags": {"inloop": True}})
    rng = random.Random(seed)
    for _ in range(count):
        groups = {g: rng.sample(values[g], rng.choice((0, 0, 1, 2))) if values[g] else [] for g in GROUPS}
        states.append({"q": "", "groups": groups, "flags": {"inloop": rng.random() < 0.3}})
    return states


def search_key(group: str) -> str:
    return {"fase": "f", "rol": "r", "activiteit": "a", "doelgroep": "d", "gemeente": "g", "taal": "t"}[group]


def project_docs(organisations) -> tuple[list[dict], list[list[str]]]:
    """(display records as the search files carry them, the rule of derive.py per state)."""
    project = gather(str(organisations), str(REPO / "content"), date(2026, 11, 26))
    derived = derive(project)
    docs = [search.display_record(slug, project.organisations[slug], derived) for slug in derived.order]
    return docs, project, derived


def python_filter(project, derived, states: list[dict]) -> list[list[str]]:
    return [[slug for slug in derived.order
             if matches_search(project.organisations[slug], derived.gemeente_slugs[slug],
                               {**s["groups"], "inloop": ["1"] if s["flags"]["inloop"] else []})]
            for s in states]


def check(organisations, seed: int) -> None:
    docs, project, derived = project_docs(organisations)
    states = states_for(docs, seed)
    py = python_filter(project, derived, states)
    js = js_filter(docs, states)
    differ = [(s, p, j) for s, p, j in zip(states, py, js) if p != j]
    assert not differ, f"{len(differ)} of {len(states)} states differ, e.g. {differ[0]}"
    sizes = {len(p) for p in py}
    assert 0 in sizes and len(docs) in sizes and len(sizes) > 10, "the states narrow in many ways"


def test_the_filter_rule_is_the_same_in_python_and_javascript_on_the_example():
    check(REPO / "organisations", seed=1)


def test_the_filter_rule_is_the_same_on_a_generated_region(tmp_path):
    generate.generate(300, tmp_path / "organisations", seed=5)
    check(tmp_path / "organisations", seed=2)
