"""Derive the search index: what a resident would type, as lunr terms, plus display data.

Both sides turn text into terms the same way: fold (NFKD, drop accents, lower case), split
into letters-and-digits words, drop stop words, stem with the Dutch Snowball stemmer
("dutch_porter" here, lunr.nl.js in the browser; tests/test_search_parity.py runs both).
The index stores finished terms, so lunr's own pipelines are empty on both sides.

Compound words are split against the index's own vocabulary: "thuisadministratie" is also
indexed as "administratie" when that word occurs elsewhere (or in the synonyms), so a
resident who types the shorter word finds it. The browser splits query words likewise.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import snowballstemmer
from lunr.builder import Builder

import schema
from kaart.derive import Derived, has_inloop
from kaart.gather import Project
from kaart.text import fold

# Snowball's Dutch stop-word list (the one lunr-languages ships), shipped to the browser too.
STOPWOORDEN = frozenset("""
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of
wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u
want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun
dus alles onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets
uw iemand geweest andere
""".split())

# Sign-up ways in the words residents use for them.
AANMELD_WOORDEN = {
    "zelf-bellen": "bellen telefoon bel",
    "zelf-mailen": "mailen mail email",
    "inloop": "inloop zonder afspraak binnenlopen binnenloop langskomen spreekuur",
    "online-formulier": "online formulier internet aanmelden",
    "via-doorverwijzer": "doorverwijzen doorverwijzing verwijzing hulpverlener",
    "whatsapp": "whatsapp appen app",
}

FIELDS = (("naam", 10), ("trefwoorden", 6), ("samenvatting", 3), ("labels", 2), ("plaats", 3),
          ("talen", 3), ("beschrijving", 1), ("aanmelden", 1))
WORD_RE = re.compile(r"[^\W_]+")
MIN_HEAD, MIN_TAIL, MIN_COMPOUND = 3, 4, 7

_stemmer = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """The Dutch Snowball stem of a folded word (memoised: the same words recur a lot)."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Folded words of a text, stop words dropped: what a term is made from."""
    return [w for w in WORD_RE.findall(fold(text)) if w not in STOPWOORDEN]


def compound_parts(word: str, known: set[str]) -> list[str]:
    """Stems of the known words a compound ends in: thuisadministratie -> [administratie]."""
    parts = []
    if len(word) < MIN_COMPOUND or word.isdigit():
        return parts
    for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head, tail = word[:cut], word[cut:]
        tail_stem = stem(tail)
        if tail_stem in known:
            parts.append(tail_stem)
            for candidate in (head, head[:-1] if head.endswith("s") else None):
                if candidate and len(candidate) >= MIN_HEAD and stem(candidate) in known:
                    parts.append(stem(candidate))
                    break
    return parts


def organisation_texts(org: schema.Organisatie, vocab: schema.Taxonomie) -> dict[str, str]:
    """Per index field, the text a resident might type to find this organisation."""
    labels = [vocab.fase[k].label for k in org.fases] + [vocab.rol[k].label for k in org.rollen]
    labels += [vocab.activiteit[k].label for k in org.activiteiten]
    labels += [vocab.doelgroep[k].label for k in org.doelgroepen] + [vocab.soort[org.soort].label]
    plaatsen = list(org.werkgebied.gemeenten) + list(org.werkgebied.wijken)
    plaatsen += [f"{loc.plaats} {loc.adres} {loc.postcode} {loc.naam}" for loc in org.locaties]
    if org.werkgebied.landelijk:
        plaatsen.append("landelijk heel nederland")
    aanmelden = [vocab.aanmeldwijze[k].label + " " + AANMELD_WOORDEN.get(k, "") for k in org.aanmelden.manieren]
    return {
        "naam": org.naam,
        "trefwoorden": " ".join(org.trefwoorden),
        "samenvatting": org.samenvatting,
        "labels": " ".join(labels),
        "plaats": " ".join(plaatsen),
        "talen": " ".join(schema.taalnaam(code) for code in org.talen),
        "beschrijving": org.beschrijving or "",
        "aanmelden": " ".join(aanmelden + [org.aanmelden.uitleg or "", org.aanmelden.kosten or ""]),
    }


def synonym_map(project: Project) -> dict[str, list[str]]:
    """Stem -> the stems of the other words in its synonym groups."""
    mapping: dict[str, set[str]] = {}
    for group in project.synonyms.groepen:
        stems = {stem(w) for phrase in group for w in words(phrase)}
        for s in stems:
            mapping.setdefault(s, set()).update(stems - {s})
    return {s: sorted(others) for s, others in sorted(mapping.items()) if others}


def display_record(slug: str, org: schema.Organisatie, derived: Derived) -> dict:
    """What a result shows and filters on, in short keys to keep the download small."""
    record = {
        "u": slug, "n": org.naam, "s": org.samenvatting, "f": list(org.fases), "r": list(org.rollen),
        "a": list(org.activiteiten), "d": list(org.doelgroepen), "g": derived.gemeente_slugs[slug],
        "t": list(org.talen), "p": "Heel Nederland" if org.werkgebied.landelijk else ", ".join(org.werkgebied.gemeenten),
    }
    if org.werkgebied.landelijk:
        record["l"] = 1
    if has_inloop(org):
        record["i"] = 1
    if org.contact.telefoon:
        record["tel"] = org.contact.telefoon
    uren = [[u.dag, u.van, u.tot, u.vorm] for loc in org.locaties for u in loc.spreekuren]
    if uren:
        record["h"] = uren
    if org.melding is not None:
        record["m"] = [org.melding.tekst, org.melding.tot.isoformat()]
    return record


def build_search_data(project: Project, derived: Derived) -> dict:
    """The lunr index (refs are positions in `docs`), display records, stop words, synonyms."""
    texts = {slug: organisation_texts(project.organisations[slug], project.vocab) for slug in derived.order}
    synonyms = synonym_map(project)
    known = {stem(w) for fields in texts.values() for text in fields.values() for w in words(text)}
    known |= set(synonyms) | {s for group in synonyms.values() for s in group}
    known = {k for k in known if len(k) >= MIN_HEAD}
    builder = Builder()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, slug in enumerate(derived.order):
        document = {"id": str(number)}
        for name, text in texts[slug].items():
            terms = []
            for word in words(text):
                terms.append(stem(word))
                terms.extend(compound_parts(word, known))
            document[name] = " ".join(terms)
        builder.add(document)
    index = builder.build()
    docs = [display_record(slug, project.organisations[slug], derived) for slug in derived.order]
    return {"versie": 1, "stopwoorden": sorted(STOPWOORDEN), "synoniemen": synonyms,
            "index": index.serialize(), "docs": docs}


def search_json(project: Project, derived: Derived) -> bytes:
    """The search data as compact JSON, deterministic for the same input."""
    data = build_search_data(project, derived)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
