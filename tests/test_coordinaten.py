"""`coordinaten` of a locatie: validated as a point in the Netherlands, carried into the open data."""

from __future__ import annotations

import json
import re
import shutil

import pytest

EXAMPLE = "geldpunt-bibliotheek-dijkhaven"


def _organisations_with(tmp_path, repo, coordinaten: str):
    """A copy of the example organisations whose first locatie of EXAMPLE has these coordinaten."""
    folder = tmp_path / "organisations"
    shutil.copytree(repo / "organisations", folder)
    path = folder / f"{EXAMPLE}.yaml"
    text = re.sub(r"(?m)^    coordinaten: .*$", f"    coordinaten: {coordinaten}", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return folder, text.splitlines().index(f"    coordinaten: {coordinaten}") + 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[3.5736, 51.4425]", "ligt niet in Nederland; bedoelt u [51.4425, 3.5736]?"),
        ("[40.4, 3.7]", "ligt niet in Nederland; schrijf eerst de breedtegraad"),
        ("[51.44]", "de lijst moet minstens 2 waarde(n) hebben"),
        ("51.44, 3.57", "hier hoort een lijst"),
        ("[51,44, 3,57]", "de lijst is te lang"),
        ("[noord, 3.57]", "'noord' is geen getal"),
        ("[nan, 3.57]", "hier hoort een gewoon getal"),
    ],
)
def test_wrong_coordinaten_are_a_dutch_error_on_their_line(tmp_path, repo, run_build, today, value, message):
    folder, line = _organisations_with(tmp_path, repo, value)
    result = run_build("check", "--organisations", folder, "--today", today)
    assert result.returncode == 1
    errors = [
        e
        for e in result.stdout.splitlines()
        if e.startswith(f"{folder.name}/{EXAMPLE}.yaml:") or f"{EXAMPLE}.yaml:" in e
    ]
    assert len(errors) == 1, result.stdout
    assert f"{EXAMPLE}.yaml:{line}:" in errors[0] and "locaties[0].coordinaten" in errors[0], errors[0]
    assert message in errors[0], errors[0]


def test_coordinaten_reach_hsds_and_json_ld(example_site):
    locations = json.loads((example_site / "data" / "hsds" / "locations.json").read_text(encoding="utf-8"))
    with_point = [loc for loc in locations if "latitude" in loc]
    assert [(loc["latitude"], loc["longitude"]) for loc in with_point] == [(51.4425, 3.5736)]
    page = (example_site / "organisaties" / EXAMPLE / "index.html").read_text(encoding="utf-8")
    assert '"geo":{"@type":"GeoCoordinates","latitude":51.4425,"longitude":3.5736}' in page


def test_a_place_with_coordinaten_gets_an_exact_route_link(example_site):
    page = (example_site / "organisaties" / EXAMPLE / "index.html").read_text(encoding="utf-8")
    assert "openstreetmap.org/directions?to=51.4425%2C3.5736" in page
    cards = (example_site / "gemeente" / "dijkhaven" / "index.html").read_text(encoding="utf-8")
    assert "directions?to=51.4425%2C3.5736" in cards
    other = (example_site / "organisaties" / "huurteam-dijkhaven" / "index.html").read_text(encoding="utf-8")
    assert "directions?to=Molenlaan%205%2C%204564%20GH%20Dijkhaven" in other, "without coordinaten: the address"
    index = json.loads((example_site / "zoeken" / "zoekindex.json").read_text(encoding="utf-8"))
    places = [place for doc in index["docs"] for place in doc.get("lo", [])]
    assert ["Bibliotheek Centrum", "Kadeweg 12", "4561 CD Dijkhaven", "51.4425,3.5736"] in places, "for zoeken.js"
