"""The index (Python) and the query side (JavaScript) must turn every word into the same term.

The real browser files run in Node: the vendored lunr.min.js, lunr.stemmer.support.min.js and
lunr.nl.min.js and our zoektermen.js, loaded in one vm context the way a page loads them (no
module system, globals on `self`). Every word of the example index goes through fold, words and
the Dutch stemmer on both sides and the terms must be identical. Node is required: on CI a
missing node fails the test (tests/support.require).
"""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest

from kaart import search_files, search_terms
from kaart.derive import derive
from kaart.gather import gather
from kaart.text import fold
from kaart.write import whole
from support import NODE_HINT, REPO, node_path, require

pytestmark = pytest.mark.node

VENDOR = REPO / "templates" / "assets" / "vendor"
BROWSER_FILES = [
    VENDOR / "lunr.min.js",
    VENDOR / "lunr.stemmer.support.min.js",
    VENDOR / "lunr.nl.min.js",
    REPO / "templates" / "assets" / "zoektermen.js",
]

# Loads the browser files like a page does (globals on `self`), then runs BODY with `ctx` (the
# page's global object), `request` (the JSON on stdin) and `reply(value)`.
NODE_PRELUDE = r"""
const fs = require('fs'), vm = require('vm');
const ctx = { console };
ctx.self = ctx; ctx.window = ctx;
vm.createContext(ctx);
for (const file of JSON.parse(process.argv[1])) {
  vm.runInContext(fs.readFileSync(file, 'utf8'), ctx, { filename: file });
}
const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const reply = value => process.stdout.write(JSON.stringify(value));
"""

TERMS_BODY = r"""
const Z = ctx.Zoektermen;
const stop = new Set(request.stopwords);
const stem = Z.makeStemmer(ctx.lunr);
reply({
  fold: request.texts.map(t => Z.fold(t)),
  words: request.texts.map(t => Z.words(t, stop)),
  terms: request.texts.map(t => Z.words(t, stop).map(stem)),
  stems: request.words.map(stem),
});
"""


def run_node(body: str, request: dict) -> object:
    """Run BODY in Node after loading the search page's scripts; returns its reply."""
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    for f in BROWSER_FILES:
        assert f.is_file(), f"missing browser file {f}"
    result = subprocess.run(
        [node, "-e", NODE_PRELUDE + body, json.dumps([str(f) for f in BROWSER_FILES])],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"node failed:\n{result.stderr[-3000:]}"
    return json.loads(result.stdout)


HARD_WORDS = [
    "financiële",
    "Curaçao",
    "ijs",
    "ĳs",
    "schulden",
    "baby",
    "fax",
    "1234AB",
    "1234 AB",
    "coördinator",
    "naïef",
    "café",
    "geïnteresseerd",
    "Zwolle.",
    "(jongeren)",
    "zzp'er",
    "e-mail",
    "DigiD-gegevens",
    "’s-Hertogenbosch",
    "Oekraïens",
    "İstanbul",
    "Ærø",
    "STRAßE",
    "x²",
    "2026",
    "€10",
    "№5",
    "zo’n",
    "cliënten",
    "reünie",
    "ideeën",
    "België",
    "Façade",
    "ÉÉN",
    "één",
    "knie",
    "knieën",
    "schuldhulpverlening",
    "huurachterstanden",
    "gokschulden",
]


def run_js(texts: list[str], words: list[str]) -> dict:
    return run_node(TERMS_BODY, {"texts": texts, "words": words, "stopwords": sorted(search_terms.STOPWOORDEN)})


@pytest.fixture(scope="module")
def example_texts() -> list[str]:
    """Every text the example index is made of, plus synonyms and every vocabulary text."""
    project = gather(str(REPO / "organisations"), str(REPO / "content"), date(2026, 11, 26))
    texts = []
    for org in project.organisations.values():
        texts.extend(search_terms.organisation_texts(org, project.vocab).values())
    for group in project.synonyms.groepen:
        texts.extend(group)
    for facet in ("fase", "rol", "activiteit", "doelgroep", "soort", "aanmeldwijze"):
        for term in getattr(project.vocab, facet).values():
            texts.extend([term.label, term.uitleg])
    texts.extend(search_terms.AANMELD_WOORDEN.values())
    assert derive(project).order, "the example has no organisations"
    return texts


def python_side(texts: list[str]) -> dict:
    return {
        "fold": [fold(t) for t in texts],
        "words": [search_terms.words(t) for t in texts],
        "terms": [[search_terms.stem(w) for w in search_terms.words(t)] for t in texts],
    }


def first_difference(py: list, js: list, inputs: list[str]) -> str:
    diffs = [f"{inp!r}: python {p!r} != js {j!r}" for inp, p, j in zip(inputs, py, js) if p != j]
    return f"{len(diffs)} differ, e.g.:\n" + "\n".join(diffs[:20])


def test_every_example_text_gives_the_same_terms_in_python_and_javascript(example_texts):
    all_words = sorted({w for t in example_texts for w in search_terms.words(t)})
    assert len(all_words) > 500, "expected the example index to have hundreds of words"
    js = run_js(example_texts, all_words)
    py = python_side(example_texts)
    for step in ("fold", "words", "terms"):
        assert py[step] == js[step], f"{step}: " + first_difference(py[step], js[step], example_texts)
    py_stems = [search_terms.stem(w) for w in all_words]
    assert py_stems == js["stems"], "stems: " + first_difference(py_stems, js["stems"], all_words)


def test_hard_words_give_the_same_terms(example_texts):
    js = run_js(HARD_WORDS, [w for t in HARD_WORDS for w in search_terms.words(t)])
    py = python_side(HARD_WORDS)
    for step in ("fold", "words", "terms"):
        assert py[step] == js[step], f"{step}: " + first_difference(py[step], js[step], HARD_WORDS)


def test_hard_words_keep_what_a_resident_must_find():
    """Known traps of stemming in two languages: accents fold, digits and q/x/y survive, schulden is not 'schul'."""
    terms = {w: [search_terms.stem(x) for x in search_terms.words(w)] for w in HARD_WORDS}
    assert terms["financiële"] == [search_terms.stem("financiele")]
    assert terms["Curaçao"] == ["curacao"]
    assert terms["baby"] == ["baby"] and terms["fax"] == ["fax"]
    assert terms["1234AB"] == ["1234ab"] and terms["1234 AB"] == ["1234", "ab"]
    assert terms["2026"] == ["2026"]
    assert terms["schulden"] == ["schuld"], "the Snowball 3 'dutch' stemmer would give 'schul'"
    assert terms["Zwolle."] == [search_terms.stem("zwolle")] and terms["(jongeren)"] == [search_terms.stem("jongeren")]
    assert terms["ĳs"] == terms["ijs"] == ["ijs"]


# --- compound splitting: one algorithm, the constants from the search file -------------------------

SPLITS_BODY = r"""
const Z = ctx.Zoektermen, stem = Z.makeStemmer(ctx.lunr), known = new Set(request.known);
const stop = new Set(request.stopwords);
let stems = 0;
const counted = w => { stems++; return stem(w); };
reply(request.words.map(w => {
  stems = 0;
  const splits = Z.compoundSplits(w, counted, t => known.has(t), stop, request.rules);
  return { splits: splits, stems: stems, parts: Z.compoundParts(w, stem, t => known.has(t), stop, request.rules) };
}));
"""

# Compounds, linking s, stop-word heads, parts at the length limits, and words far past them.
HARD_COMPOUNDS = [
    "gokschulden",
    "thuisadministratie",
    "belastingsschuld",
    "schuldhulpverleningstraject",
    "afbetalingsregeling",
    "schoolspullen",
    "huurachterstanden",
    "geldstress",
    "boodschappen",
    "zonderafspraak",
    "dieschulden",
    "energietoeslag",
    "kinderopvangtoeslagen",
    "ouderenadvies",
    "arbeidsongeschiktheidsverzekeringen",
    "huur" * 8,
    "schuld" * 6 + "hulp",
    "x" * 29 + "huur",
    "schuld" + "x" * 40 + "administratie",
    "ab" * 60,
    "schuld" + "ab" * 4500 + "geld",
    "1234abcd",
    "ĳsbaan",
    "één",
    "straßenschuld",
    "ab" * 2500,
]


def splits_request(known: set[str], words: list[str]) -> dict:
    rules = json.loads(search_files.to_json(search_terms.COMPOUND_RULES))
    return {"known": sorted(known), "words": words, "stopwords": sorted(search_terms.STOPWOORDEN), "rules": rules}


@pytest.fixture(scope="module")
def example_index() -> dict:
    """The example's whole-map search file, as the browser gets it."""
    project = gather(str(REPO / "organisations"), str(REPO / "content"), date(2026, 11, 26))
    files = dict(search_files.each_search_file(project, derive(project)))
    return json.loads(whole(files[search_files.WHOLE_MAP]))


def test_the_search_file_carries_the_rules_of_compound_splitting(example_index):
    assert example_index["samenstellingen"] == search_terms.COMPOUND_RULES
    assert example_index["versie"] == search_files.INDEX_FORMAT


def test_compound_splits_are_the_same_in_python_and_javascript(example_texts, example_index):
    """Every word of the example and the hard compounds, against the example's own terms."""
    known = set(example_index["index"]["termen"])
    all_words = sorted({w for t in example_texts for w in search_terms.words(t)} | set(HARD_COMPOUNDS))
    js = run_node(SPLITS_BODY, splits_request(known, all_words))
    py = [[list(split) for split in search_terms.compound_splits(w, known.__contains__)] for w in all_words]
    assert py == [r["splits"] for r in js], "splits: " + first_difference(py, [r["splits"] for r in js], all_words)
    assert sum(1 for split in py if split) > 50, "expected many example words to split"
    assert search_terms.compound_splits("gokschulden", known.__contains__)[0] == ("gok", "schuld")


def test_compound_splitting_is_bounded_on_both_sides(monkeypatch):
    """A word of any length costs at most 2 * MAX_PART stems (each of at most MAX_PART letters) on
    both sides: the 5,000-letter query of issue 16 froze the search page for a minute, a 9,000-letter
    word in a beschrijving took the build from 2 s to 249 s."""
    known = {search_terms.stem(w) for w in ("schuld", "geld", "huur", "administratie")}
    words = ["ab" * 2500, "schuld" + "ab" * 4500 + "geld", "a" * 60_000]
    bound = 2 * search_terms.MAX_PART
    js = run_node(SPLITS_BODY, splits_request(known, words))
    assert all(r["stems"] <= bound for r in js), [r["stems"] for r in js]
    assert js[1]["splits"] == [["schuld", ""], ["", "geld"]] and js[1]["parts"] == ["geld"]
    stemmed: list[str] = []
    real_stem = search_terms.stem
    monkeypatch.setattr(search_terms, "stem", lambda word: stemmed.append(word) or real_stem(word))
    for word in words:
        stemmed.clear()
        search_terms.compound_splits(word, known.__contains__)
        assert len(stemmed) <= bound and max(map(len, stemmed)) <= search_terms.MAX_PART
    assert search_terms.compound_parts("schuld" + "ab" * 4500 + "geld", known) == ["geld", "schuld"]
    stemmed.clear()
    search_terms.analyse_documents(
        [{name: "" for name, _ in search_terms.FIELDS} | {"beschrijving": "schuld" + "x" * 9000}], []
    )
    assert len(stemmed) <= bound + 2, "the word itself, and its parts"


# --- urgent words and phrases: one rule, the lists from the search file ----------------------------

URGENT_BODY = r"""
const Z = ctx.Zoektermen, stem = Z.makeStemmer(ctx.lunr), urgent = new Set(request.spoed);
reply(request.texts.map(t => Z.urgentText(t, urgent, request.spoedzinnen, stem)));
"""


def test_urgent_words_and_phrases_are_recognised_the_same_in_python_and_javascript(example_index):
    """The sentences of tests/test_search.py, every query of both relevance sets and the journey
    benchmark's stories, with the lists exactly as the search file ships them."""
    import yaml
    from test_search import NOT_URGENT, URGENT

    texts = list(URGENT) + list(NOT_URGENT) + ["", "huis " * 3000 + "uit", "uit", "op op op straat", "moeten"]
    for name in ("zoekvragen.yaml", "zoekvragen-heldout.yaml"):
        texts += [q["vraag"] for q in yaml.safe_load((REPO / "tests" / name).read_text(encoding="utf-8"))["vragen"]]
    stories = yaml.safe_load((REPO / "bench" / "verhalen-voorbeeld.yaml").read_text(encoding="utf-8"))["verhalen"]
    texts += [s["typ"] for s in stories if "typ" in s]
    js = run_node(
        URGENT_BODY, {"texts": texts, "spoed": example_index["spoed"], "spoedzinnen": example_index["spoedzinnen"]}
    )
    py = [search_terms.is_urgent(t) for t in texts]
    assert py == js, first_difference(py, js, texts)
    assert sum(py) >= len(URGENT) and not all(py)
    assert example_index["spoedzinnen"] == {
        "zinnen": search_terms.urgent_phrases(),
        "tussen": search_terms.SPOED_TUSSEN,
    }
