"""The helpers' journey stories: each story can be played (three organisations fit its need), and
the regisseur's gap stories go only to gemeenten whose overview counts a gap."""

from __future__ import annotations

import journeys_helpers as helpers  # bench/journeys_helpers.py, through pytest's pythonpath


def org(gemeenten, activiteiten, landelijk=False):
    return {"werkgebied": {"gemeenten": gemeenten, "landelijk": landelijk}, "activiteiten": activiteiten}


def test_every_story_has_three_organisations_for_its_need_in_its_gemeente():
    keys = list(helpers.vocabulary()["activiteit"])
    orgs = {
        "a": org(["Aadorp"], keys[:2]),
        "b": org(["Aadorp"], keys[:2]),
        "c": org([], keys[1:3], landelijk=True),
        "d": org(["Beekdorp"], keys[1:3]),
        "e": org(["Beekdorp"], keys[1:3]),
    }
    stories = helpers.helper_stories(orgs, count=4)
    assert stories, "a story for each gemeente where three organisations share a need"
    for story in stories:
        fitting = [
            s
            for s, o in orgs.items()
            if helpers.serves(o, story["gemeente"]) and story["activiteit"] in o["activiteiten"]
        ]
        assert len(fitting) >= 3, story
    assert {s["gemeente"] for s in stories} == {"Aadorp", "Beekdorp"}
    aadorp = [s["activiteit"] for s in stories if s["gemeente"] == "Aadorp"]
    assert aadorp == [keys[1]] * len(aadorp), "only the need that three share (two local, one national)"


def test_gap_stories_go_where_the_overview_counts_a_gap(tmp_path):
    (tmp_path / "overzicht").mkdir()
    rows = []
    for slug, naam, tabel, groepen in (
        ("aadorp", "Aadorp", 0, 0),
        ("s-beek", "&#39;s-Beek", 1, 0),
        ("cedorp", "Cedorp", 0, 2),
    ):
        rows.append(
            f'<li data-naam="{naam}"><a href="{slug}/">{naam}</a>\n<ul class="rapport-samenvatting">'
            f'<li><a href="{slug}/#{slug}_tabel">{tabel} gaten</a></li>'
            f'<li><a href="{slug}/#{slug}_groepen">{groepen} groepen</a></li></ul>'
        )
    (tmp_path / "overzicht" / "index.html").write_text("\n".join(rows), encoding="utf-8")
    assert helpers.gap_gemeenten(tmp_path, 5) == ["'s-Beek", "Cedorp"]
    assert helpers.gap_gemeenten(tmp_path, 1) == ["'s-Beek"]
