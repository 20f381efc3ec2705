"""The search files per gemeente (issue 6): what goes in which file, the switch in instellingen.yaml,
and that a gemeente's file plus the landelijk one search like the whole map does.

The browser half (zoektermen.js, with the vendored lunr files) runs in Node, as in test_search.py.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from test_search import built_search_files, decode_vector
from test_search_parity import run_node

from kaart import search_files, search_terms
from kaart.derive import derive
from kaart.gather import gather
from support import REPO, run_build_py

pytestmark = pytest.mark.node

TODAY = date(2026, 11, 26)


def project_with(mode: str | None = None, organisations: Path = REPO / "organisations"):
    project = gather(str(organisations), str(REPO / "content"), TODAY)
    if mode:
        project = dataclasses.replace(project, settings=project.settings.model_copy(update={"zoekindex": mode}))
    return project, derive(project)


@pytest.fixture(scope="module")
def sharded() -> dict[str, dict]:
    """The example's search files in the per-gemeente mode, by path, as data."""
    project, derived = project_with("per-gemeente")
    return {path: json.loads(data) for path, data in built_search_files(project, derived).items()}


def slugs(data: dict) -> list[str]:
    return [d["u"] for d in data["docs"]]


# --- the switch --------------------------------------------------------------------------------


def test_the_mode_follows_the_setting(tmp_path):
    project, derived = project_with()
    assert project.settings.zoekindex == "automatisch"
    assert search_files.index_mode(project, derived) == "een", "the example region is small: one file"
    assert set(built_search_files(project, derived)) == {"zoeken/zoekindex.json"}
    for mode in ("een", "per-gemeente"):
        project, derived = project_with(mode)
        assert search_files.index_mode(project, derived) == mode
        assert search_files.search_page_values(project, derived) == {"zoekmodus": mode}


def fake_map(total: int, gemeenten: list[int], landelijk: int = 0, setting: str = "automatisch"):
    """A project and derived data with `total` organisations: per gemeente how many work there
    (not landelijk), and `landelijk` that work everywhere (derive puts those in every gemeente)."""
    from types import SimpleNamespace as NS

    order = [f"org-{i}" for i in range(total)]
    organisations = {s: NS(werkgebied=NS(landelijk=i < landelijk)) for i, s in enumerate(order)}
    by_gemeente = {f"g{i}": order[:landelijk] + [f"x{i}-{j}" for j in range(n)] for i, n in enumerate(gemeenten)}
    derived = NS(order=order, gemeenten=[NS(slug=g, naam=g) for g in by_gemeente], by_gemeente=by_gemeente)
    return NS(organisations=organisations, settings=NS(zoekindex=setting)), derived


@pytest.mark.parametrize(
    "total, gemeenten, landelijk, mode",
    [
        (1999, [100] * 20, 0, "een"),  # below 2,000: one file, however it is spread
        (2000, [100] * 20, 0, "per-gemeente"),
        (2000, [600, 100], 66, "per-gemeente"),  # 600 + 66 = 666 <= 2000 / 3
        (2000, [600, 100], 67, "een"),  # 667 > 2000 / 3: the largest gemeente is a third
        (3000, [1001, 500], 0, "een"),
        (20000, [200] * 100, 60, "per-gemeente"),
        (20000, [20000], 0, "een"),  # one gemeente: nothing to choose
    ],
)
def test_automatisch_chooses_per_gemeente_on_a_large_map_of_small_gemeenten(total, gemeenten, landelijk, mode):
    project, derived = fake_map(total, gemeenten, landelijk)
    assert search_files.index_mode(project, derived) == mode


@pytest.mark.parametrize("gemeenten", [[], [5]])
def test_per_gemeente_with_fewer_than_two_gemeenten_is_one_file(gemeenten):
    project, derived = fake_map(5, gemeenten, 0, setting="per-gemeente")
    assert search_files.index_mode(project, derived) == "een"


def test_per_gemeente_in_one_gemeente_builds_one_file(tmp_path):
    one = tmp_path / "one"
    generate(12, one, gemeenten=1)
    project, derived = project_with("per-gemeente", organisations=one)
    assert len(derived.gemeenten) == 1
    assert set(built_search_files(project, derived)) == {"zoeken/zoekindex.json"}
    assert search_files.search_page_values(project, derived) == {"zoekmodus": "een"}


def generate(n: int, folder: Path, gemeenten: int | None = None) -> None:
    """bench/generate.py --n N --out FOLDER [--gemeenten G] (its default seed), in this process."""
    import generate as bench_generate  # bench/generate.py, through pytest's pythonpath

    bench_generate.generate(n, folder, gemeenten=gemeenten, seed=1)


def test_a_wrong_setting_is_a_located_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    settings = content / "instellingen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "zoekindex: twee\n", encoding="utf-8")
    result = run_build_py("check", "--content", content, "--today", "2026-11-26")
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if "zoekindex" in line)
    assert "instellingen.yaml:" in line and "per-gemeente" in line, line


# --- what goes in which file -------------------------------------------------------------------


def test_each_gemeente_file_holds_the_organisations_working_there(sharded):
    project, derived = project_with("per-gemeente")
    orgs = project.organisations
    whole = sharded["zoeken/zoekindex.json"]
    landelijk = sharded["zoeken/landelijk.json"]
    assert slugs(landelijk) == [s for s in derived.order if orgs[s].werkgebied.landelijk]
    assert slugs(landelijk), "the example has landelijk organisations"
    for gemeente in derived.gemeenten:
        data = sharded[f"zoeken/index/{gemeente.slug}.json"]
        expected = [
            s for s in derived.order if not orgs[s].werkgebied.landelijk and gemeente.slug in derived.gemeente_slugs[s]
        ]
        assert slugs(data) == expected, gemeente.slug
    assert set(sharded) == {"zoeken/zoekindex.json", "zoeken/landelijk.json"} | {
        f"zoeken/index/{g.slug}.json" for g in derived.gemeenten
    }
    shared = set(slugs(landelijk)).union(*(slugs(d) for p, d in sharded.items() if p.startswith("zoeken/index/")))
    assert shared == set(slugs(whole)), "every organisation is in some file"
    assert [d["o"] for d in whole["docs"]] == list(range(len(whole["docs"]))), "o: the place in display order"


def test_the_whole_map_file_is_the_same_in_both_modes(sharded):
    project, derived = project_with("een")
    assert built_search_files(project, derived)["zoeken/zoekindex.json"] == search_files.to_json(
        sharded["zoeken/zoekindex.json"]
    )


def test_every_file_carries_the_whole_maps_statistics(sharded):
    whole = sharded["zoeken/zoekindex.json"]
    df = dict(zip(whole["index"]["termen"], whole["index"]["df"]))
    records = {d["u"]: d for d in whole["docs"]}
    for path, data in sharded.items():
        index = data["index"]
        assert index["n"] == whole["index"]["n"] == len(whole["docs"]), path
        assert index["lengte"] == whole["index"]["lengte"], path
        assert index["termen"] == sorted(index["termen"], key=search_files.js_order), path
        assert all(df[t] == d for t, d in zip(index["termen"], index["df"])), f"{path}: df of the whole map"
        for number, doc in enumerate(data["docs"]):
            assert doc == records[doc["u"]], path
            whole_number = doc["o"]
            for field in range(len(search_terms.FIELDS)):
                mine = {index["termen"][p]: tf for p, tf in decode_vector(index["vectoren"][field][number]).items()}
                theirs = {
                    whole["index"]["termen"][p]: tf
                    for p, tf in decode_vector(whole["index"]["vectoren"][field][whole_number]).items()
                }
                assert mine == theirs, f"{path}: {doc['u']} field {field}"


# --- searching the files -----------------------------------------------------------------------

WEIGHTS_BODY = r"""
const Z = ctx.Zoektermen;
function weights(data) {
  const loaded = Z.toLunr(data), terms = loaded.serialised.invertedIndex.map(e => e[0]), out = {};
  loaded.postings.forEach((list, t) => {
    for (let i = 0; i < list.length; i += 2) out[terms[t] + ' ' + loaded.docs[list[i]].u] = list[i + 1];
  });
  return {weights: out, docs: loaded.docs.map(d => d.u), df: Object.fromEntries(terms.map((t, i) => [t, loaded.df[i]]))};
}
reply({whole: weights(request.whole), parts: request.parts.map(weights)});
"""


def test_a_gemeente_and_the_landelijk_file_give_the_whole_maps_weights(sharded):
    """Per term and organisation, the weight is the same number, to the last bit, whichever files
    are loaded: one gemeente's and the landelijk one, two gemeenten (an organisation in both
    occurs once), or the whole map."""
    gemeenten = sorted(p for p in sharded if p.startswith("zoeken/index/"))
    landelijk = sharded["zoeken/landelijk.json"]
    parts = [[landelijk, sharded[g]] for g in gemeenten] + [[sharded[gemeenten[0]], sharded[gemeenten[1]], landelijk]]
    reply = run_node(WEIGHTS_BODY, {"whole": sharded["zoeken/zoekindex.json"], "parts": parts})
    whole = reply["whole"]
    order = whole["docs"]
    for files, part in zip(parts, reply["parts"]):
        expected = set().union(*(slugs(f) for f in files))
        assert part["docs"] == [s for s in order if s in expected], "once each, in display order"
        assert part["weights"], "some weights"
        for key, weight in part["weights"].items():
            assert whole["weights"][key] == weight, key
        assert all(whole["df"][t] == d for t, d in part["df"].items())
        missing = {k for k in whole["weights"] if k.split(" ", 1)[1] in expected} - set(part["weights"])
        assert not missing, f"weights of loaded organisations missing: {sorted(missing)[:5]}"


RANK_BODY = r"""
const Z = ctx.Zoektermen;
const whole = Z.Zoeker(ctx.lunr, request.whole);
const zoekers = request.gemeenten.map(g => [g.slug, Z.Zoeker(ctx.lunr, g.files)]);
reply(request.queries.map(q => {
  const all = whole.search(q).map(h => whole.docs[h.doc]);
  const per = {};
  zoekers.forEach(([slug, z]) => {
    per[slug] = {
      shard: z.search(q).map(h => z.docs[h.doc].u),
      whole: all.filter(d => d.l || d.g.indexOf(slug) !== -1).map(d => d.u),
    };
  });
  return per;
}));
"""


def test_searching_within_a_gemeente_ranks_as_the_whole_map_does(sharded):
    """Every relevance query in every gemeente: the gemeente's file and the landelijk one against the
    whole map with the gemeente filter. The weights are the same. What differs is what the query
    side knows of words in none of the loaded files but elsewhere on the map: how specific such a
    word is (synonyms excepted: every file knows theirs), and so how a compound splits
    ("geldproblemen": geld + problemen on the map, only geld in Wierdam). Measured on the example:
    417 of 426 rankings identical, 425 of 426 with the same organisations, MRR 0.001 apart."""
    queries = yaml.safe_load((REPO / "tests" / "zoekvragen.yaml").read_text(encoding="utf-8"))["vragen"]
    gemeenten = sorted(p[len("zoeken/index/") : -len(".json")] for p in sharded if p.startswith("zoeken/index/"))
    request = {
        "whole": sharded["zoeken/zoekindex.json"],
        "queries": [str(q["vraag"]) for q in queries],
        "gemeenten": [
            {"slug": g, "files": [sharded["zoeken/landelijk.json"], sharded[f"zoeken/index/{g}.json"]]}
            for g in gemeenten
        ],
    }
    replies = run_node(RANK_BODY, request)
    same = same_set = total = 0
    rr = {"shard": [], "whole": []}
    for q, per in zip(queries, replies):
        for g, lists in per.items():
            total += 1
            same += lists["shard"] == lists["whole"]
            same_set += set(lists["shard"]) == set(lists["whole"])
            for kind in rr:
                goed = [s for s in q["goed"] if s in lists["whole"] or s in lists["shard"]]
                if goed:
                    rank = next((i + 1 for i, s in enumerate(lists[kind]) if s in goed), None)
                    rr[kind].append(1 / rank if rank else 0)
    assert total > 400
    assert same_set / total >= 0.99, f"only {same_set} of {total} find the same organisations"
    assert same / total >= 0.97, f"only {same} of {total} rankings identical"
    mrr = {kind: sum(v) / len(v) for kind, v in rr.items()}
    assert abs(mrr["shard"] - mrr["whole"]) <= 0.01, mrr


PAGE_RANK_BODY = r"""
const Z = ctx.Zoektermen;
// What zoeken.js does for /zoeken/?gemeente=<g>&q=...: search the files the state needs (the whole
// map, or the landelijk file and the gemeente's, in that order), rank (every document in the
// file's order for a query without words), then keep the documents that work in the gemeente.
const ranked = (z, q) => (z.hasWords(q) ? z.search(q).map(h => z.docs[h.doc]) : z.docs.slice());
const inGemeente = g => d => d.l || d.g.indexOf(g) !== -1;
const whole = Z.Zoeker(ctx.lunr, request.whole);
const shards = Object.entries(request.shards).map(([g, files]) => [g, Z.Zoeker(ctx.lunr, files)]);
reply(request.queries.map(q => {
  const all = ranked(whole, q);
  const per = {};
  shards.forEach(([g, z]) => {
    per[g] = {one: all.filter(inGemeente(g)).map(d => d.u), sharded: ranked(z, q).filter(inGemeente(g)).map(d => d.u)};
  });
  return per;
}));
"""


@pytest.fixture(scope="module")
def built_pair(example_site, site_cache) -> tuple[Path, Path]:
    """The example built as usual (one search file) and with zoekindex: per-gemeente."""
    return example_site, site_cache.build(zoekindex="per-gemeente")


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def first_right(ranking: list[str], goed: list[str]) -> int | None:
    return next((i + 1 for i, slug in enumerate(ranking) if slug in goed), None)


def test_the_built_sites_rank_every_relevance_query_alike_in_every_gemeente(built_pair):
    """The built files of both sites, searched in Node as their search page does, for every query of
    tests/zoekvragen.yaml in every gemeente (the ranking comparison and bench/relevance.py
    --per-gemeente's figures on both sites, without a browser): the same organisations, nearly
    always the same order, and success@5 and MRR within 0.01 counting only the right answers
    that work in the gemeente. Without a gemeente both sites search the same file."""
    one_site, sharded_site = built_pair
    assert (sharded_site / "zoeken" / "zoekindex.json").read_bytes() == (
        one_site / "zoeken" / "zoekindex.json"
    ).read_bytes()
    assert not (one_site / "zoeken" / "index").exists()
    gemeenten = sorted(p.stem for p in (sharded_site / "zoeken" / "index").glob("*.json"))
    assert gemeenten == ["dijkhaven", "oosterveen", "wierdam"]
    whole = read_json(one_site / "zoeken" / "zoekindex.json")
    landelijk = read_json(sharded_site / "zoeken" / "landelijk.json")
    queries = yaml.safe_load((REPO / "tests" / "zoekvragen.yaml").read_text(encoding="utf-8"))["vragen"]
    request = {
        "whole": whole,
        "queries": [str(q["vraag"]) for q in queries],
        "shards": {g: [landelijk, read_json(sharded_site / "zoeken" / "index" / f"{g}.json")] for g in gemeenten},
    }
    replies = run_node(PAGE_RANK_BODY, request)
    docs = {d["u"]: d for d in whole["docs"]}
    same = same_set = total = same_top = 0
    scores = {"one": [], "sharded": []}
    for q, per in zip(queries, replies):
        for g, lists in per.items():
            total += 1
            same += lists["one"] == lists["sharded"]
            same_set += set(lists["one"]) == set(lists["sharded"])
            goed = [s for s in q["goed"] if docs[s].get("l") or g in docs[s]["g"]]
            if not goed:
                continue
            same_top += lists["one"][:5] == lists["sharded"][:5]
            for kind in scores:
                scores[kind].append(first_right(lists[kind], goed))
    assert total > 400
    assert same_set >= total - 1 and same >= 0.95 * total, (same, same_set, total)
    n = len(scores["one"])
    assert n > 200
    assert same_top >= 0.95 * n, f"only {same_top} of {n} top fives the same"
    success = {k: sum(1 for r in v if r and r <= 5) / n for k, v in scores.items()}
    mrr = {k: sum(1 / r for r in v if r) / n for k, v in scores.items()}
    assert abs(success["one"] - success["sharded"]) <= 0.01, success
    assert abs(mrr["one"] - mrr["sharded"]) <= 0.01, mrr


def test_the_search_files_are_deterministic_and_compact(sharded):
    project, derived = project_with("per-gemeente")
    again = built_search_files(project, derived)
    assert again == {path: search_files.to_json(data) for path, data in sharded.items()}
    landelijk = again["zoeken/landelijk.json"]
    assert b"\n" not in landelijk and b": " not in landelijk


def test_fold_is_kaart_texts_fold():
    from kaart import text

    assert search_terms.fold is text.fold


VERSIE_BODY = r"""
const Z = ctx.Zoektermen, out = {versie: Z.VERSIE};
for (const [name, data] of Object.entries(request)) {
  try { Z.Zoeker(ctx.lunr, data); out[name] = 'ok'; } catch (e) { out[name] = 'error'; }
}
reply(out);
"""


def test_a_file_in_another_format_is_refused(sharded):
    landelijk, wierdam = sharded["zoeken/landelijk.json"], sharded["zoeken/index/wierdam.json"]
    old = {**wierdam, "versie": search_files.INDEX_FORMAT - 1}
    reply = run_node(
        VERSIE_BODY, {"good": [landelijk, wierdam], "old": [landelijk, old], "none": {**old, "versie": None}}
    )
    assert reply == {"versie": search_files.INDEX_FORMAT, "good": "ok", "old": "error", "none": "error"}


# --- bench/relevance.py ------------------------------------------------------------------------


def load_relevance():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_relevance_unit", REPO / "bench" / "relevance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_relevance_refuses_a_build_option_with_site(tmp_path, capsys):
    relevance = load_relevance()
    with pytest.raises(SystemExit) as stop:
        relevance.main(["--site", str(tmp_path), "--zoekindex", "per-gemeente"])
    assert stop.value.code == 2
    assert "--zoekindex" in capsys.readouterr().err


def test_relevance_leaves_nothing_beside_the_site(tmp_path):
    relevance = load_relevance()
    site = relevance.build_site(tmp_path / "site", zoekindex="per-gemeente")
    assert (site / "zoeken" / "landelijk.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
