"""A content page may not take a folder the site makes itself (kaart/gather.py RESERVED_SLUGS):
content/activiteit.md would otherwise overwrite /activiteit/ without a word."""

from __future__ import annotations

from pathlib import Path

from kaart.gather import RESERVED_SLUGS

REPO = Path(__file__).resolve().parent.parent


def test_every_folder_the_site_makes_is_reserved(example_site):
    content_pages = {p.stem for p in (REPO / "content").glob("*.md")} - RESERVED_SLUGS
    made = {p.name for p in example_site.iterdir() if p.is_dir()} - content_pages
    assert made - RESERVED_SLUGS == set(), "folders of the site a content page could take"


def test_the_partner_builds_folders_are_reserved_too(partner_example_site):
    content_pages = {p.stem for p in (REPO / "content").glob("*.md")} - RESERVED_SLUGS
    made = {p.name for p in partner_example_site.iterdir() if p.is_dir()} - content_pages
    assert made - RESERVED_SLUGS == set()
