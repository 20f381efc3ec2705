"""The command line refuses what would publish the wrong thing or nothing, with one Dutch line.

A partner build (contact persons, robots.txt disallows all) never takes the place of the public
site, nor the reverse; `--out` as a symbolic link builds into the link's target; an output path,
a SOURCE_DATE_EPOCH or a --today the build cannot use is a clear error, not a traceback.
"""

from __future__ import annotations

import os

import pytest

from kaart.write import MARKER

TODAY = "2026-11-26"


@pytest.fixture(scope="module")
def two_kinds(run_builds, tmp_path_factory):
    """A public build in openbaar/site and a partner build in partners/site."""
    root = tmp_path_factory.mktemp("soorten")
    public, partner = root / "openbaar" / "site", root / "partners" / "site"
    results = run_builds(
        [
            ("build", "--out", public, "--today", TODAY),
            ("build", "--out", partner, "--partners", "voorbeeld-partners", "--today", TODAY),
        ]
    )
    for result in results:
        assert result.returncode == 0, result.stderr[-3000:]
    return public, partner


def _refused(result, *says):
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("build.py: "), result.stderr
    for text in says:
        assert text in lines[0]


def test_a_partner_build_does_not_replace_the_public_site_nor_the_reverse(two_kinds, run_build, tree_hashes):
    public, partner = two_kinds
    assert (public / MARKER).read_text(encoding="utf-8") == "openbaar\n"
    assert (partner / MARKER).read_text(encoding="utf-8") == "partners\n"
    before = tree_hashes(public), tree_hashes(partner)
    _refused(
        run_build("build", "--out", public, "--partners", "voorbeeld-partners", "--today", TODAY),
        "bevat de openbare site",
        "Verwijder de map of kies een andere",
    )
    _refused(
        run_build("build", "--out", partner, "--today", TODAY),
        "bevat de partnerversie",
        "Verwijder de map of kies een andere",
    )
    assert (tree_hashes(public), tree_hashes(partner)) == before
    assert sorted(p.name for p in public.parent.iterdir()) == ["site"]


def test_a_folder_from_before_the_kind_was_recorded_is_known_by_its_robots_txt(two_kinds, tmp_path, run_build):
    """An empty marker (older builds): a robots.txt that disallows all makes it a partner build."""
    _, partner = two_kinds
    old = tmp_path / "site"
    old.mkdir()
    (old / MARKER).write_bytes(b"")
    (old / "robots.txt").write_bytes((partner / "robots.txt").read_bytes())
    _refused(run_build("build", "--out", old, "--today", TODAY), "bevat de partnerversie")
    assert sorted(p.name for p in old.iterdir()) == sorted([MARKER, "robots.txt"])


def test_out_as_a_symbolic_link_builds_into_its_target(two_kinds, tmp_path, run_build, tree_hashes):
    public, _ = two_kinds
    real, link = tmp_path / "echt", tmp_path / "link"
    real.mkdir()
    link.symlink_to(real, target_is_directory=True)
    for _ in range(2):  # into an empty target, then over the previous build
        result = run_build("build", "--out", link, "--today", TODAY)
        assert result.returncode == 0, result.stderr[-3000:]
        assert link.is_symlink() and os.readlink(link) == str(real)
        assert tree_hashes(real) == tree_hashes(public)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["echt", "link"], "nothing left beside them"


def test_out_ending_in_dot_dot_is_refused(tmp_path, run_build):
    _refused(
        run_build("build", "--out", tmp_path / "X" / "fase" / "..", "--today", TODAY),
        "eindigt niet op de naam van een map",
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "env, args, says",
    [
        ({"SOURCE_DATE_EPOCH": "99999999999999999"}, (), "SOURCE_DATE_EPOCH 99999999999999999 ligt niet tussen"),
        ({"SOURCE_DATE_EPOCH": "-99999999999999999"}, (), "ligt niet tussen"),
        ({"SOURCE_DATE_EPOCH": "twaalf"}, (), "is geen aantal seconden"),
        ({}, ("--today", "0001-03-01"), "--today 0001-03-01 ligt niet tussen 1970-01-01 en 2999-12-31"),
        ({}, ("--today", "9999-12-31"), "ligt niet tussen"),
    ],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_reference_date_the_build_cannot_use_is_refused(tmp_path, run_build, env, args, says, command):
    extra = ("--out", tmp_path / "site") if command == "build" else ()
    _refused(run_build(command, *extra, *args, env=env), says)
    assert list(tmp_path.iterdir()) == []
