"""Warnings that keep the map alive: they never fail a build unless `check --strict`.

Each is located at the line of the file an editor has to look at: an entry not checked for
too long, an expired melding, sentences too long for plain language (B1), a gemeente name that
looks like a typo of another, an organisation nobody can phone or visit, two entries with the
same phone number or website (likely one organisation twice), and a file that disappeared
from the organisations folder (compared with git) without an entry in content/verhuisd.yaml.
"""

from __future__ import annotations

import difflib
import heapq
import os
import re
from collections import Counter, defaultdict
from datetime import date
from urllib.parse import urlsplit

from kaart.personal import personal_data_warnings
from kaart.problems import Problem
from kaart.project import Project
from kaart.read import YamlDoc, dotted
from kaart.text import fold, slugify

MAX_WORDS = 20
GEMEENTE_LIKENESS = 0.85
ABBREVIATIONS = (
    "bijv",
    "bv",
    "o.a",
    "d.w.z",
    "enz",
    "ca",
    "evt",
    "incl",
    "excl",
    "nr",
    "tel",
    "zgn",
    "m.b.v",
    "i.p.v",
    "t/m",
    "mr",
    "dhr",
    "mevr",
    "drs",
    "ing",
    "st",
    "vs",
)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of the month where that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate in range(day.day, 27, -1) if day.day > 28 else [day.day]:
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, 28)


def is_stale(checked: date, today: date, months: int) -> bool:
    """An entry is verouderd when it was last checked more than `months` months ago."""
    return checked < months_before(today, months)


def _warning(doc: YamlDoc, loc: tuple, message: str, line: int | None = None, key: bool = False) -> Problem:
    """A warning at a field of a file (at its name with key=True, or at a line inside a long text)."""
    where = doc.where(loc, key=key)
    if line is not None:
        where = (line, 1)
    return Problem(doc.path, *where, dotted(loc), message, warning=True)


# --- plain language ----------------------------------------------------------------------


UNIT_START_RE = re.compile(r"(#{1,6}\s|[-*+]\s|\d+[.)]\s|>)")
MARKER_RE = re.compile(r"^(#{1,6}|[-*+]|\d+[.)]|>)\s*")
MARKER_STARTS = ("#", "-", "*", "+", ">")
# [text](url) -> text; no bracket inside either part, so each `[` is read up to the next one at
# most: linear in a text of many `[`, not quadratic.
LINK_RE = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
EMPHASIS_RE = re.compile(r"[*_`]+")
SENTENCE_END_RE = re.compile(r"[.!?]+\s+")
NOT_DIGIT_RE = re.compile(r"\D")


def _plain(markdown: str) -> list[str]:
    """Markdown as units of running text: each paragraph, list item and heading on its own."""
    units, current = [], []
    for line in markdown.splitlines():
        bare = line.strip()
        starts_unit = not bare or UNIT_START_RE.match(bare)
        if starts_unit and current:
            units.append(" ".join(current))
            current = []
        if bare[:1] in MARKER_STARTS or bare[:1].isdecimal():  # \d is a decimal digit, as isdecimal's
            bare = MARKER_RE.sub("", bare)
        if bare:
            current.append(bare)
    if current:
        units.append(" ".join(current))
    cleaned = []
    for unit in units:
        unit = LINK_RE.sub(r"\1", unit)
        unit = EMPHASIS_RE.sub("", unit)
        cleaned.append(unit)
    return cleaned


# A run of non-space characters with a letter or digit in it: a word. (Not one pattern \S*\w\S*:
# that reads a long run without a letter again from each of its characters.)
RUN_RE = re.compile(r"\S+")
LETTER_RE = re.compile(r"\w")


def _words(text: str) -> list[str]:
    """The words of a text: runs with a letter or a digit."""
    return [run for run in RUN_RE.findall(text) if LETTER_RE.search(run)]


def long_sentences(text: str, limit: int = MAX_WORDS) -> list[tuple[str, int]]:
    """Each sentence of `text` (plain or Markdown) with more than `limit` words, with its count."""
    found = []
    if len(text.split()) <= limit:
        return found  # short texts (most samenvattingen) cannot hold a long sentence
    for unit in _plain(text):
        if len(unit.split()) <= limit:
            continue  # its sentences share its runs of non-space (it is cut after spaces): none is long
        # Split after . ! ? followed by a space, unless the dot ends a known abbreviation.
        sentences, start = [], 0
        for match in SENTENCE_END_RE.finditer(unit):
            if match.group().startswith("."):
                before = unit[start : match.start()].rsplit(None, 1)  # only its last word is asked for
                if before and before[-1].lower().rstrip(".") in ABBREVIATIONS:
                    continue
            sentences.append(unit[start : match.end()])
            start = match.end()
        sentences.append(unit[start:])
        for sentence in sentences:
            # A word is a run of non-space (str.split's and \S's space are one): at most that many words.
            count = len(_words(sentence)) if len(sentence.split()) > limit else 0
            if count > limit:
                found.append((sentence.strip(), count))
    return found


def _without_end_marks(word: str) -> str:
    """A word without the marks after its last letter or digit ("zin." -> "zin")."""
    end = len(word)
    while end and not (word[end - 1].isalnum() or word[end - 1] == "_"):
        end -= 1
    return word[:end]


def _line_of(doc: YamlDoc, loc: tuple, sentence: str, source: str | None) -> int | None:
    """The file line where `sentence` starts, searched from the field's own line."""
    if source is None:
        return None
    first = [re.escape(_without_end_marks(w)) for w in _words(sentence)[:4]]
    pattern = r"\W+".join(w for w in first if w)
    if not pattern:
        return None
    line, _ = doc.where(loc)
    lines = source.splitlines()
    offset = sum(len(text) + 1 for text in lines[: line - 1])
    match = re.compile(pattern).search(source, offset)
    return source.count("\n", 0, match.start()) + 1 if match else None


def _sentence_warnings(doc: YamlDoc, org) -> list[Problem]:
    """Sentences over MAX_WORDS words in samenvatting and beschrijving."""
    found = []
    source = None
    for name in ("samenvatting", "beschrijving"):
        text = getattr(org, name)
        if not text:
            continue
        for sentence, count in long_sentences(text):
            if source is None:
                try:
                    with open(doc.path, encoding="utf-8-sig") as handle:
                        source = handle.read()
                except OSError:
                    source = ""
            start = " ".join(_words(sentence)[:6])
            found.append(
                _warning(
                    doc,
                    (name,),
                    f"een zin van {count} woorden (\"{start} ...\"); schrijf korte "
                    f"zinnen van hooguit {MAX_WORDS} woorden, dan leest iedereen mee",
                    _line_of(doc, (name,), sentence, source),
                )
            )
    return found


# --- likely mistakes across files --------------------------------------------------------


def _gemeente_warnings(project: Project) -> list[Problem]:
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
            _warning(
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


def _duplicate_warnings(project: Project) -> list[Problem]:
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
                    _warning(
                        project.org_docs[slug],
                        ("contact", field),
                        f"{label} als {others}; staat dezelfde organisatie er twee keer in? Voeg ze dan samen",
                    )
                )
    return found


def _unreachable_warning(doc: YamlDoc, org) -> list[Problem]:
    """No phone and no address: a resident without internet cannot reach this organisation."""
    if org.contact.telefoon or org.locaties:
        return []
    return [
        _warning(
            doc,
            ("contact",),
            "geen telefoonnummer en geen adres: wie geen internet heeft, kan deze "
            "organisatie niet bereiken. Vul contact.telefoon in, of een locatie",
            key=True,
        )
    ]


def _disappeared_warnings(project: Project, ref: str) -> list[Problem]:
    """Slugs in git's version of the folder that are gone now, without an entry in verhuisd.yaml."""
    from kaart.history import slugs_at

    if not project.organisations_dir:
        return []
    before = slugs_at(project.organisations_dir, ref)
    if not before:
        return []
    now = {os.path.basename(path)[: -len(".yaml")] for path in _yaml_files(project.organisations_dir)}
    path = os.path.join(project.content_dir, "verhuisd.yaml")
    return [
        Problem(
            path,
            1,
            1,
            "",
            f"'{slug}' staat niet meer in de map met organisaties (in git, {ref}, "
            f"stond {slug}.yaml er nog). Zet in {path} waar hij nu staat "
            f"('{slug}: nieuwe-naam') of '{slug}: gestopt', dan blijven oude links werken",
            warning=True,
        )
        for slug in sorted(before - now - set(project.verhuisd))
    ]


def _yaml_files(folder: str) -> list[str]:
    """The .yaml files of a folder (any name; a badly named file is an error elsewhere)."""
    try:
        return [os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".yaml")]
    except OSError:
        return []


def _schema_warnings(project: Project) -> list[Problem]:
    """The editor's JSON Schema beside the organisations folder no longer matches the vocabulary."""
    from kaart.schemafile import SCHEMA_FILES, schema_files, schema_folder

    if not project.organisations_dir:
        return []
    folder = schema_folder(project.organisations_dir)
    if not all((folder / name).exists() for name in SCHEMA_FILES):
        return []
    found = []
    for name, content in schema_files(project.vocab).items():
        if (folder / name).read_bytes() != content:
            found.append(
                Problem(
                    os.path.relpath(folder / name),
                    1,
                    1,
                    "",
                    "past niet meer bij schema.py of de vocabulaire; maak het opnieuw met: python build.py schema",
                    warning=True,
                )
            )
    return found


def find_warnings(project: Project, compare_ref: str = "HEAD") -> list[Problem]:
    """Every warning about the organisations, located in their files."""
    found = []
    months = project.settings.verouderd_na_maanden
    stale_before = months_before(project.today, months)  # is_stale's limit, the same for every organisation
    for slug, org in sorted(project.organisations.items()):
        doc = project.org_docs[slug]

        def warn(loc: tuple, message: str) -> None:
            found.append(_warning(doc, loc, message))  # noqa: B023 - called within its own iteration

        if org.gecontroleerd < stale_before:
            warn(
                ("gecontroleerd",),
                f"al meer dan {months} maanden niet gecontroleerd "
                f"({org.gecontroleerd.isoformat()}); vraag de organisatie of alles nog klopt",
            )
        if org.melding is not None and org.melding.tot < project.today:
            warn(("melding", "tot"), f"de melding is verlopen op {org.melding.tot.isoformat()}; haal de melding weg")
        found += _sentence_warnings(doc, org)
        found += _unreachable_warning(doc, org)
    found += _gemeente_warnings(project)
    found += _duplicate_warnings(project)
    found += personal_data_warnings(project)
    found += _disappeared_warnings(project, compare_ref)
    found += _schema_warnings(project)
    return found
