"""A golden snapshot of the built example: every output file's sha256 and a few whole pages.

A refactoring shows here that it changed nothing in the site; a change of a template, a stage or
the example's data shows here what it changed. The example is built from a copy of organisations/
and content/ outside git with --today 2026-11-26, so the snapshot depends on the files alone (not
on when they were committed: inside a checkout the pages carry commit dates).

    tests/golden/site/manifest.txt    "<sha256>  <path>" for every file (sha256sum -c can read it)
    tests/golden/site/pages/...       the pages of PAGES, whole, to review a change as text

To accept a deliberate change, regenerate the snapshot and review the diff:

    UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden_site.py
    git diff --stat tests/golden/site/
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from support import REPO

GOLDEN = REPO / "tests" / "golden" / "site"
MANIFEST = GOLDEN / "manifest.txt"
PAGES = (
    "index.html",
    "organisaties/huurteam-dijkhaven/index.html",
    "zoeken/index.html",
    "doelgroep/jongeren/index.html",
)
"""The home page, one organisation page and the search page."""
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def golden_site(tmp_path_factory, site_cache) -> Path:
    """The example built outside git from a copy of its files (read-only)."""
    region = tmp_path_factory.mktemp("golden-region")
    for part in ("organisations", "content"):
        shutil.copytree(REPO / part, region / part)
    site = site_cache.build("--organisations", region / "organisations", "--content", region / "content", cwd=region)
    if UPDATE:
        write_golden(site)
    return site


def manifest_of(site: Path) -> list[str]:
    """'<sha256>  <path>' for every file of a site, sorted by path."""
    return [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(site).as_posix()}"
        for path in sorted(site.rglob("*"), key=lambda p: p.relative_to(site).as_posix())
        if path.is_file()
    ]


def write_golden(site: Path) -> None:
    """Replace the snapshot with this site's; each file replaced at once (os.replace), since
    several pytest-xdist workers may write the same snapshot at the same time."""
    files = {MANIFEST: ("\n".join(manifest_of(site)) + "\n").encode("utf-8")}
    files.update({GOLDEN / "pages" / name: (site / name).read_bytes() for name in PAGES})
    for target, data in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, target)


def test_every_output_file_is_as_in_the_snapshot(golden_site):
    actual = manifest_of(golden_site)
    expected = MANIFEST.read_text(encoding="utf-8").splitlines()
    if actual != expected:
        old = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in expected}
        new = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in actual}
        lines = [f"new:     {p}" for p in sorted(set(new) - set(old))]
        lines += [f"gone:    {p}" for p in sorted(set(old) - set(new))]
        lines += [f"changed: {p}" for p in sorted(set(old) & set(new)) if old[p] != new[p]]
        pytest.fail(
            f"the built example differs from {MANIFEST.relative_to(REPO)} in {len(lines)} files "
            f"(UPDATE_GOLDEN=1 regenerates it; review with git diff):\n" + "\n".join(lines[:60]),
            pytrace=False,
        )


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_as_in_the_snapshot(golden_site, name):
    expected = (GOLDEN / "pages" / name).read_text(encoding="utf-8").splitlines()
    actual = (golden_site / name).read_text(encoding="utf-8").splitlines()
    if actual != expected:
        diff = "\n".join(
            list(difflib.unified_diff(expected, actual, f"golden/{name}", f"built/{name}", lineterm=""))[:120]
        )
        pytest.fail(f"{name} differs from the snapshot (UPDATE_GOLDEN=1 regenerates it):\n{diff}", pytrace=False)


def test_the_snapshot_holds_every_page_it_shows_whole():
    listed = {line.split("  ", 1)[1] for line in MANIFEST.read_text(encoding="utf-8").splitlines()}
    assert set(PAGES) <= listed
    kept = {p.relative_to(GOLDEN / "pages").as_posix() for p in (GOLDEN / "pages").rglob("*") if p.is_file()}
    assert kept == set(PAGES), "pages in tests/golden/site/pages/ that the test does not compare"
