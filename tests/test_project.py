"""The project's life cycle (kaart/project.py): gathered, with history, with warnings, for the render.

Each step gives a new frozen Project that shares its values with the one before; only the last
one lets the field positions go, which only the warnings need.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from kaart.gather import gather
from kaart.problems import Problem
from kaart.warnings import find_warnings
from support import REPO

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def gathered():
    return gather(str(REPO / "organisations"), str(REPO / "content"), TODAY)


def test_a_project_cannot_be_changed_after_it_is_made(gathered):
    with pytest.raises(dataclasses.FrozenInstanceError):
        gathered.warnings = []


def test_each_step_adds_its_values_and_leaves_the_one_before_as_it_was(gathered):
    slug = sorted(gathered.organisations)[0]
    dated = gathered.with_history({slug: date(2026, 1, 2)}, date(2026, 1, 3))
    assert (dated.changed, dated.data_date) == ({slug: date(2026, 1, 2)}, date(2026, 1, 3))
    assert (gathered.changed, gathered.data_date) == ({}, None)
    warning = Problem("x.yaml", 1, 1, "naam", "proef", warning=True)
    warned = dated.with_warnings([warning])
    assert warned.warnings == [warning] and dated.warnings == [] and warned.data_date == date(2026, 1, 3)
    assert warned.organisations is gathered.organisations, "shared, never copied"


def test_for_render_lets_the_positions_and_warnings_go(gathered):
    warned = gathered.with_warnings(find_warnings(gathered, "HEAD"))
    assert warned.warnings and set(warned.org_docs) == set(warned.organisations)
    rendered = warned.for_render()
    assert rendered.warnings == [] and rendered.org_docs == {}
    assert rendered.organisations is warned.organisations and warned.org_docs, "only the new one lets go"
