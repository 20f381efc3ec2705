"""Warnings across files: likely mistakes only seen when the organisations are compared.

A gemeente name written once that looks like another (a typo), and two organisations with the
same phone number or website in the same area (one organisation twice).
"""

from __future__ import annotations

import difflib
import heapq
import os
import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from kaart.problems import Problem, warning_at
from kaart.project import Project
from kaart.text import fold, slugify

GEMEENTE_LIKENESS = 0.85
NOT_DIGIT_RE = re.compile(r"\D")


def gemeente_warnings(project: Project) -> list[Problem]:
    """A gemeente name written once that looks like another name: probably a typo."""
    places: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for slug, org in sorted(project.organisations.items()):
        for index, naam in enumerate(org.werkgebied.gemeenten):
            places[naam].append((slug, index))
    by_fold: dict[str, list[str]] = defaultdict(list)
    for naam in places:
        by_fold[fold(naam)].append(naam)
    lookalikes = Lookalikes(by_fold)
    found = []
    for naam, where in sorted(places.items()):
        if len(where) != 1:
            continue
        same = [other for other in by_fold[fold(naam)] if other != naam]
        if same:
            other = max(same, key=lambda o: (len(places[o]), o))
        else:
            close = lookalikes.close_to(fold(naam))
            if not close:
                continue
            other = max((o for f in close for o in by_fold[f]), key=lambda o: (len(places[o]), o))
        slug, index = where[0]
        count = len(places[other])
        found.append(
            warning_at(
                project.org_docs[slug],
                ("werkgebied", "gemeenten", index),
                f"'{naam}' staat maar in één bestand en lijkt op '{other}' ({count} keer); is het een tikfout?",
            )
        )
    return found


class Lookalikes:
    """Names that look alike (difflib's ratio at least GEMEENTE_LIKENESS), found without comparing
    every name with every other (quadratic: bench/README.md).

    Two names within two typos (a letter left out, added, changed or two swapped) become the same
    name when at most two letters are left out of each: names are compared only with those they
    share such a variant with, at most MAX_COMPARED of them (those that share the most). Longer
    names get one-letter variants only, and a variant shared by more than MAX_SHARED names is too
    common to tell anything. Names more than two typos apart (only possible for long names) are not
    found: they are hardly typos.
    """

    TWO_TYPOS_UP_TO = 24
    MAX_SHARED = 50
    MAX_COMPARED = 6

    def __init__(self, names) -> None:
        self.sharing: dict[str, list[str]] = defaultdict(list)
        for name in sorted(names):
            for variant in self.variants(name):
                self.sharing[variant].append(name)

    def variants(self, name: str) -> set[str]:
        """The name with up to two letters left out (one for a long name)."""
        found = {name}
        for _ in range(2 if len(name) <= self.TWO_TYPOS_UP_TO else 1):
            found |= {v[:i] + v[i + 1 :] for v in found for i in range(len(v))}
        return found

    def close_to(self, name: str) -> list[str]:
        """Up to three other names like this one, most alike first (as difflib.get_close_matches), among
        the MAX_COMPARED that share the most variants with it."""
        shared: Counter = Counter()
        for variant in self.variants(name):
            sharing = self.sharing.get(variant, ())
            if len(sharing) <= self.MAX_SHARED:
                shared.update(sharing)
        del shared[name]
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(name)
        scored = []
        for other in sorted(shared, key=lambda other: (-shared[other], other))[: self.MAX_COMPARED]:
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() >= GEMEENTE_LIKENESS and matcher.quick_ratio() >= GEMEENTE_LIKENESS:
                score = matcher.ratio()
                if score >= GEMEENTE_LIKENESS:
                    scored.append((score, other))
        return [other for _, other in heapq.nlargest(3, scored)]


def _website_key(url: str) -> str:
    """A website without the parts that do not tell two sites apart: scheme, www., a final /."""
    parts = urlsplit(url.strip().lower())
    host = parts.netloc.removeprefix("www.")
    return host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")


def _areas(org, slugs: dict[str, str]) -> set[str]:
    """Where an organisation helps, as gemeente slugs ('*' for the whole country); `slugs` keeps each name's."""
    if org.werkgebied.landelijk:
        return {"*"}
    for naam in org.werkgebied.gemeenten:
        if naam not in slugs:
            slugs[naam] = slugify(naam)
    return {slugs[naam] for naam in org.werkgebied.gemeenten}


def duplicate_warnings(project: Project) -> list[Problem]:
    """Two organisations with the same phone number or website in the same area: probably one
    organisation twice. (Branches of one national organisation in different gemeenten often share
    a website or a national number; they are no duplicates.)"""
    found = []
    orgs = project.organisations
    slugs: dict[str, str] = {}  # the same few gemeente names in thousands of files
    areas = {slug: _areas(org, slugs) for slug, org in orgs.items()}
    for field, label, key in (
        ("telefoon", "hetzelfde telefoonnummer", lambda v: NOT_DIGIT_RE.sub("", v)),
        ("website", "dezelfde website", _website_key),
    ):
        owners: dict[str, list[str]] = defaultdict(list)
        for slug in sorted(orgs):
            value = getattr(orgs[slug].contact, field)
            if value:
                owners[key(value)].append(slug)
        for slugs in owners.values():
            if len(slugs) < 2:
                continue
            for slug in slugs:
                same = [
                    o for o in slugs if o != slug and ("*" in areas[o] or "*" in areas[slug] or areas[o] & areas[slug])
                ]
                if not same:
                    continue
                names = [os.path.basename(project.org_paths[o]) for o in same]
                others = ", ".join(names[:3]) + (f" en nog {len(names) - 3}" if len(names) > 3 else "")
                found.append(
                    warning_at(
                        project.org_docs[slug],
                        ("contact", field),
                        f"{label} als {others}; staat dezelfde organisatie er twee keer in? Voeg ze dan samen",
                    )
                )
    return found
