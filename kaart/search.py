"""Derive the search index: what a resident would type, as lunr terms, plus display data.

Both sides turn text into terms the same way: fold (NFKD, drop accents, lower case), split
into letters-and-digits words, drop stop words, stem with the Dutch Snowball stemmer
("dutch_porter" here, lunr.nl.js in the browser; tests/test_search_parity.py runs both).
The index stores finished terms, so lunr's own pipelines are empty on both sides.

Compound words are split against the index's own vocabulary: "thuisadministratie" is also
indexed as "thuis" and "administratie" when those words occur elsewhere (or in the synonyms),
so a resident who types the shorter word finds it. The browser splits query words likewise
(zoektermen.js), so "gokschulden" finds an organisation about gokken and schulden.

The index is built by lunr.py and shipped in a compact form of lunr's own serialisation
(sorted terms and the field vectors; the inverted index is implied by the vectors), which
zoektermen.js turns back into lunr's format for `lunr.Index.load`: about a third smaller.
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

# Snowball's Dutch stop-word list (the one lunr-languages ships) without "zonder" ("zonder
# afspraak" is how residents say walk-in), plus the words that fill residents' sentences ("ik
# weet niet waar ik moet beginnen"): pronouns, auxiliary and modal verbs in all their forms,
# question words and fillers. Shipped to the browser with the index, so both sides drop the same.
STOPWOORDEN = frozenset("""
de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of
wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u
want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun
dus alles onder ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets
uw iemand geweest andere
bent hebt wij we jij jou jouw jullie hen zijn onze ons mijne wiens welke welk waar waarom wanneer waarmee
waarvoor hoeveel kun kunt konden moeten moest moesten wilt willen wilde wilden zullen zult zouden mag mogen
mocht word waar ga gaat gaan ging gingen doe doet deed krijg krijgt krijgen kreeg kregen weet weten wist
zit zitten vind vindt vinden denk denkt denken zeg zegt zeggen
misschien echt heel erg even wel gewoon graag alsjeblieft alstublieft beetje best eigenlijk soms vaak
nooit steeds ineens opeens zulke iets niks nergens ergens overal hallo hoi help zoek zoeken vraag
""".split()) - {"zonder"}

# Sign-up ways in the words residents use for them.
AANMELD_WOORDEN = {
    "zelf-bellen": "bellen telefoon bel",
    "zelf-mailen": "mailen mail email",
    "inloop": "inloop inloopspreekuur zonder afspraak binnenlopen binnenloop langskomen spreekuur",
    "online-formulier": "online formulier internet aanmelden",
    "via-doorverwijzer": "doorverwijzen doorverwijzing verwijzing hulpverlener",
    "whatsapp": "whatsapp appen app",
}

# Other names residents use for a language, beside its Dutch name from schema.taalnaam.
TAAL_WOORDEN = {
    "ar": "Arabier", "bg": "Bulgaars", "de": "Duits", "dse": "gebarentaal doventolk doof doven",
    "en": "English Engelstalig", "es": "Spaans", "fa": "Farsi Perzisch Iraans Afghaans Dari",
    "prs": "Dari Afghaans Farsi", "fr": "Frans", "hi": "Hindi", "it": "Italiaans", "ku": "Koerdisch",
    "kmr": "Koerdisch Kurmanci", "ckb": "Koerdisch Sorani", "nl": "Nederlandstalig", "pap": "Papiamento Antilliaans",
    "pl": "Pools Polski", "ps": "Pashto Afghaans", "pt": "Portugees Braziliaans", "ro": "Roemeens",
    "ru": "Russisch", "so": "Somalisch Somali", "srn": "Sranantongo Surinaams", "ti": "Tigrinya Eritrees",
    "tr": "Turks Turkije", "uk": "Oekraïens Oekraïne", "ur": "Urdu", "zh": "Chinees", "ber": "Berbers Marokkaans",
    "zgh": "Tamazight Berbers Marokkaans", "fy": "Fries", "ary": "Marokkaans Arabisch",
}

# Index fields and their boosts: a word in the name counts most, one in the long description less,
# one in the explanations of the organisation's phases, roles, activities and groups least.
FIELDS = (("naam", 10), ("trefwoorden", 6), ("samenvatting", 3), ("labels", 2), ("plaats", 3),
          ("talen", 4), ("beschrijving", 1), ("aanmelden", 1), ("uitleg", 0.5))
SECONDARY_FIELDS = ("uitleg",)  # their words do not make a word common (see zoektermen.js weights)
WORD_RE = re.compile(r"[^\W_]+")
MIN_HEAD, MIN_TAIL, MIN_COMPOUND = 3, 4, 7
INDEX_FORMAT = 2

_stemmer = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """The Dutch Snowball stem of a folded word (memoised: the same words recur a lot)."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Folded words of a text, stop words dropped: what a term is made from."""
    return [w for w in WORD_RE.findall(fold(text)) if w not in STOPWOORDEN]


def compound_parts(word: str, known: set[str]) -> list[str]:
    """Stems of the known words a compound is made of: thuisadministratie -> [administratie, thuis].

    Every known tail counts (Dutch compounds end in what they are: a thuisadministratie is an
    administratie); a head counts when the rest of the word is a known tail or at least a word
    of MIN_TAIL letters (huurteam -> huur). A linking s (belastingsschuld) may go.
    """
    parts: list[str] = []
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return parts
    for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        head, tail = word[:cut], word[cut:]
        tail_stem = stem(tail)
        if len(tail_stem) >= MIN_TAIL and tail_stem in known and tail_stem not in parts:
            parts.append(tail_stem)
    for cut in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
        head = word[:cut]
        for candidate in (head, head[:-1] if head.endswith("s") else None):
            if candidate and len(candidate) >= MIN_HEAD and candidate not in STOPWOORDEN:
                head_stem = stem(candidate)
                if head_stem in known and head_stem not in parts:
                    parts.append(head_stem)
                    break
    return parts


def spreekuur_woorden(dag: str, van, vorm: str) -> str:
    """A spreekuur as residents say it: "dinsdag ochtend dinsdagochtend inloop"."""
    hour = int(str(van)[:2])
    dagdeel = "ochtend" if hour < 12 else "middag" if hour < 17 else "avond"
    return f"{dag} {dagdeel} {dag}{dagdeel} {vorm}"


def organisation_texts(org: schema.Organisatie, vocab: schema.Taxonomie) -> dict[str, str]:
    """Per index field, the text a resident might type to find this organisation."""
    labels = [vocab.fase[k].label for k in org.fases] + [vocab.rol[k].label for k in org.rollen]
    labels += [vocab.activiteit[k].label for k in org.activiteiten]
    labels += [vocab.doelgroep[k].label for k in org.doelgroepen] + [vocab.soort[org.soort].label]
    terms = [vocab.fase[k] for k in org.fases] + [vocab.rol[k] for k in org.rollen]
    terms += [vocab.activiteit[k] for k in org.activiteiten] + [vocab.doelgroep[k] for k in org.doelgroepen]
    plaatsen = list(org.werkgebied.gemeenten) + list(org.werkgebied.wijken)
    plaatsen += [f"{loc.plaats} {loc.adres} {loc.postcode} {loc.postcode.replace(' ', '')} {loc.naam}"
                 for loc in org.locaties]
    if org.werkgebied.landelijk:
        plaatsen.append("landelijk heel nederland")
    aanmelden = [vocab.aanmeldwijze[k].label + " " + AANMELD_WOORDEN.get(k, "") for k in org.aanmelden.manieren]
    if has_inloop(org) and "inloop" not in org.aanmelden.manieren:
        aanmelden.append(AANMELD_WOORDEN["inloop"])
    aanmelden += sorted({spreekuur_woorden(uur.dag, uur.van, uur.vorm) for loc in org.locaties for uur in loc.spreekuren})
    talen = [schema.taalnaam(code) + " " + TAAL_WOORDEN.get(code, "") for code in org.talen]
    return {
        "naam": org.naam,
        "trefwoorden": " ".join(org.trefwoorden),
        "samenvatting": org.samenvatting,
        "labels": " ".join(labels),
        "uitleg": " ".join(term.uitleg for term in terms),
        "plaats": " ".join(plaatsen),
        "talen": " ".join(talen),
        "beschrijving": org.beschrijving or "",
        "aanmelden": " ".join(aanmelden + [org.aanmelden.uitleg or "", org.aanmelden.kosten or ""]),
    }


def synonym_groups(project: Project) -> list[list[str]]:
    """The synonym groups as sorted lists of stems (groups that share a stem stay separate)."""
    groups = []
    for group in project.synonyms.groepen:
        stems = sorted({stem(w) for phrase in group for w in words(phrase)})
        if len(stems) > 1 and stems not in groups:
            groups.append(stems)
    return groups


def synonym_map(project: Project) -> dict[str, list[str]]:
    """Stem -> the stems of the other words in its synonym groups."""
    mapping: dict[str, set[str]] = {}
    for stems in synonym_groups(project):
        for s in stems:
            mapping.setdefault(s, set()).update(set(stems) - {s})
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


def document_terms(texts: dict[str, str], known: set[str]) -> dict[str, str]:
    """Per field, the terms of a document: stems of its words and of their compound parts."""
    document = {}
    for name, text in texts.items():
        terms = []
        for word in words(text):
            terms.append(stem(word))
            terms.extend(compound_parts(word, known))
        document[name] = " ".join(terms)
    return document


def build_index(documents: list[dict[str, str]]) -> dict:
    """lunr.py's serialised index of the documents (refs are their positions), empty pipelines."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    for number, document in enumerate(documents):
        builder.add({"id": str(number), **document})
    return builder.build().serialize()


def compact_index(serialised: dict, doc_count: int) -> dict:
    """lunr's serialised index without redundancy: sorted terms and, per field and document, the
    vector as [term position, weight, ...]. The inverted index follows from the vectors
    (zoektermen.js rebuilds it), and term positions replace lunr's arbitrary term numbers."""
    terms = [term for term, _ in serialised["invertedIndex"]]
    position = {posting["_index"]: i for i, (_, posting) in enumerate(serialised["invertedIndex"])}
    fields = serialised["fields"]
    vectors = {name: [[] for _ in range(doc_count)] for name in fields}
    for field_ref, elements in serialised["fieldVectors"]:
        name, ref = field_ref.split("/", 1)
        pairs = sorted((position[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2))
        vectors[name][int(ref)] = [x for pair in pairs for x in pair]
    return {"versie": serialised["version"], "velden": fields, "termen": terms,
            "vectoren": [vectors[name] for name in fields], "secundair": list(SECONDARY_FIELDS)}


def build_search_data(project: Project, derived: Derived) -> dict:
    """The index (compact lunr), display records, stop words and synonym groups, docs in display order."""
    texts = [organisation_texts(project.organisations[slug], project.vocab) for slug in derived.order]
    groups = synonym_groups(project)
    known = {stem(w) for fields in texts for text in fields.values() for w in words(text)}
    known |= {s for group in groups for s in group}
    known = {k for k in known if len(k) >= MIN_HEAD}
    documents = [document_terms(fields, known) for fields in texts]
    index = compact_index(build_index(documents), len(documents))
    docs = [display_record(slug, project.organisations[slug], derived) for slug in derived.order]
    return {"versie": INDEX_FORMAT, "stopwoorden": sorted(STOPWOORDEN), "synoniemen": groups,
            "index": index, "docs": docs}


def search_json(project: Project, derived: Derived) -> bytes:
    """The search data as compact JSON, deterministic for the same input."""
    data = build_search_data(project, derived)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
