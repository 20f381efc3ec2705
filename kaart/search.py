"""Derive the search files: what a resident would type, as index terms, plus display data.

Both sides turn text into terms the same way: fold (NFKD, drop accents, lower case), split
into letters-and-digits words, drop stop words, stem with the Dutch Snowball stemmer
("dutch_porter" here, lunr.nl.js in the browser; tests/test_search_parity.py runs both).
The files hold finished terms, so lunr's own pipelines are empty on both sides.

Compound words are split against the map's own vocabulary: "thuisadministratie" is also
indexed as "thuis" and "administratie" when those words occur elsewhere (or in the synonyms),
so a resident who types the shorter word finds it. The browser cuts query words with the same
algorithm and constants (compound_splits, zoektermen.js compoundSplits; the search file carries
the constants) but keeps one split of a word instead of every known part, so "gokschulden" finds an
organisation about gokken and schulden.

The index is lunr's model (per document and field the term frequencies, BM25 with lunr's
constants and field boosts), stored compactly: sorted terms, and per field and document the
term positions as small steps (encode_vector). zoektermen.js computes the BM25 weights from
them, as lunr.py's Builder would, and loads the terms with `lunr.Index.load` for its token set.
lunr.py is not used to build anything: it is the reference tests/test_search.py checks those
weights against (a test dependency); counting terms here is much faster and the file smaller
(bench/README.md).

The shape follows how help is found (issue 6). Every map gets zoeken/zoekindex.json, the whole
map. With `zoekindex: per-gemeente` in instellingen.yaml (or automatisch on a large map where
gemeenten are small parts of it: index_mode) there is also a file per gemeente with the
organisations working there, zoeken/index/<gemeente-slug>.json, and one with the landelijk
organisations, zoeken/landelijk.json: a resident who searches within their gemeente fetches
those two, a few dozen KB, instead of the whole map. Every file carries the statistics of the
whole map (number of documents, average field lengths, each term's document frequency), so
an organisation weighs the same in each file and results from several files merge by score.
Typos, longer words and compound parts of a query are looked up among the terms of the files
searched, so within a gemeente the order can differ a little from the whole map's; zoeken.js
searches exactly the files a URL needs, so the same URL gives the same order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import sub

import snowballstemmer

import schema
from kaart import record_types
from kaart.derive import Derived, has_inloop, is_free
from kaart.jsontext import sorted_json
from kaart.project import Project
from kaart.text import fold, tel_href

# Snowball's Dutch stop-word list (the one lunr-languages ships) without "zonder" ("zonder
# afspraak" is how residents say walk-in), plus the words that fill residents' sentences ("ik
# weet niet waar ik moet beginnen"): pronouns, auxiliary and modal verbs in all their forms,
# question words and fillers. Shipped to the browser with the index, so both sides drop the same.
STOPWOORDEN = frozenset(
    """
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
""".split()
) - {"zonder"}

# Words of an urgent letter (a cut-off of gas, water or power, an eviction, a bailiff, seizure): a
# query with one of them puts the gemeente's own debt help first (zoeken.js). Shipped as stems.
SPOEDWOORDEN = (
    "afsluiting afsluiten afgesloten afsluit uithuiszetting huisuitzetting ontruiming ontruimen ontruimd "
    "deurwaarder deurwaarders beslag beslaglegging loonbeslag dwangbevel"
).split()
# The same said in several everyday words ("we moeten ons huis uit"). Matched on the stems of all
# the query's words, stop words included (most of "huis uit" is stop words), in this order, with at
# most SPOED_TUSSEN other words between two of them ("uit ons huis gezet"). Each phrase is narrow on
# purpose: "huis uit" alone is also a young person leaving home, "uitzetten" also switching off a
# device, "huur niet betalen" an arrear that is not yet urgent (tests/test_search.py has both kinds).
SPOEDZINNEN = (
    "moeten huis uit",
    "moeten woning uit",
    "moeten uit huis",
    "moeten uit woning",
    "uit huis gezet",
    "uit huis zetten",
    "uit woning gezet",
    "uit woning zetten",
    "huis uitgezet",
    "woning uitgezet",
    "huis uitzetten",
    "woning uitzetten",
    "op straat",
    "huis kwijt",
    "woning kwijt",
    "dak boven hoofd",
    "huur opgezegd",
    "huurcontract opgezegd",
    "gas eraf",
    "stroom eraf",
    "water eraf",
    "licht eraf",
    "gas dicht",
    "water dicht",
    "gas dichtgedraaid",
    "zonder gas",
    "zonder stroom",
    "zonder water",
    "rekening geblokkeerd",
    "bankrekening geblokkeerd",
    "loon ingehouden",
)
SPOED_TUSSEN = 2

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
    "ar": "Arabier",
    "bg": "Bulgaars",
    "de": "Duits",
    "dse": "gebarentaal doventolk doof doven",
    "en": "English Engelstalig",
    "es": "Spaans",
    "fa": "Farsi Perzisch Iraans Afghaans Dari",
    "prs": "Dari Afghaans Farsi",
    "fr": "Frans",
    "hi": "Hindi",
    "it": "Italiaans",
    "ku": "Koerdisch",
    "kmr": "Koerdisch Kurmanci",
    "ckb": "Koerdisch Sorani",
    "nl": "Nederlandstalig",
    "pap": "Papiamento Antilliaans",
    "pl": "Pools Polski",
    "ps": "Pashto Afghaans",
    "pt": "Portugees Braziliaans",
    "ro": "Roemeens",
    "ru": "Russisch",
    "so": "Somalisch Somali",
    "srn": "Sranantongo Surinaams",
    "ti": "Tigrinya Eritrees",
    "tr": "Turks Turkije",
    "uk": "Oekraïens Oekraïne",
    "ur": "Urdu",
    "zh": "Chinees",
    "ber": "Berbers Marokkaans",
    "zgh": "Tamazight Berbers Marokkaans",
    "fy": "Fries",
    "ary": "Marokkaans Arabisch",
}

# Index fields and their boosts: a word in the name counts most, one in the long description less,
# one in the explanations of the organisation's phases, roles, activities and groups least.
FIELDS = (
    ("naam", 10),
    ("trefwoorden", 6),
    ("samenvatting", 3),
    ("labels", 2),
    ("plaats", 3),
    ("talen", 4),
    ("beschrijving", 1),
    ("aanmelden", 1),
    ("uitleg", 0.5),
)
SECONDARY_FIELDS = ("uitleg",)  # their words do not make a word common (document_frequencies)
REPEATED_FIELDS = ("labels", "talen", "uitleg")  # made of the vocabulary: the same text in many documents
WORD_RE = re.compile(r"[^\W_]+")
# Compound splitting: words of MIN_COMPOUND letters or more, heads of MIN_HEAD, tail stems of
# MIN_TAIL, parts of at most MAX_PART letters (no part of a real Dutch compound is longer).
MIN_HEAD, MIN_TAIL, MIN_COMPOUND, MAX_PART = 3, 4, 7, 30
# What zoektermen.js needs to split query words as this file does: carried by every search file.
COMPOUND_RULES = {"min_kop": MIN_HEAD, "min_staart": MIN_TAIL, "min_woord": MIN_COMPOUND, "max_deel": MAX_PART}
INDEX_FORMAT = 4
K1, B = 1.2, 0.75  # BM25, lunr's defaults
WHOLE_MAP = "zoeken/zoekindex.json"
LANDELIJK = "landelijk"  # the name of the landelijk file (zoeken/landelijk.json: no gemeente slug can clash)
# automatisch: a file per gemeente from SHARDS_FROM organisations, when the largest gemeente's file
# plus the landelijk one hold at most SHARDS_SHARE of the map (index_mode).
SHARDS_FROM = 2000
SHARDS_SHARE = 1 / 3

_stemmer = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """The Dutch Snowball stem of a folded word (memoised: the same words recur a lot)."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Folded words of a text, stop words dropped: what a term is made from."""
    return [w for w in WORD_RE.findall(fold(text)) if w not in STOPWOORDEN]


def urgent_phrases() -> list[list[str]]:
    """SPOEDZINNEN as the search file carries them: each phrase as the stems of all its words."""
    return [[stem(w) for w in WORD_RE.findall(fold(phrase))] for phrase in SPOEDZINNEN]


def is_urgent(text: str) -> bool:
    """Whether a query says something urgent in so many words: a stem of SPOEDWOORDEN, or a phrase of
    SPOEDZINNEN (in order, at most SPOED_TUSSEN words between its words).

    The reference for urgentText in zoektermen.js (tests/test_search_parity.py runs both over the same
    sentences); the browser also finds the urgent words by their verb form, synonyms and compound parts.
    """
    stems = [stem(w) for w in WORD_RE.findall(fold(text))]
    urgent = {stem(w) for w in SPOEDWOORDEN}
    return any(s in urgent for s in stems) or any(
        _phrase_at(stems, phrase, 0, at) for phrase in urgent_phrases() for at in range(len(stems))
    )


def _phrase_at(stems: list[str], phrase: list[str], k: int, at: int) -> bool:
    """Whether phrase[k:] occurs from stems[at] on, each next word at most SPOED_TUSSEN words further."""
    if stems[at] != phrase[k]:
        return False
    if k == len(phrase) - 1:
        return True
    return any(_phrase_at(stems, phrase, k + 1, nxt) for nxt in range(at + 1, min(len(stems), at + 2 + SPOED_TUSSEN)))


def compound_splits(word: str, is_known) -> list[tuple[str, str]]:
    """Where a word can be cut into known parts: per cut, from the left, the stems of its known
    head and known tail ('' for a part that is not known), for the cuts with at least one.

    The same algorithm as compoundSplits in zoektermen.js, with the constants the search file
    carries (COMPOUND_RULES; tests/test_search_parity.py runs both over every word of the example).
    A head has MIN_HEAD letters or more, is no stop word and may lose a linking s
    (belastingsschuld); a tail's stem has MIN_TAIL letters or more. A part is at most MAX_PART
    letters long, so a word of any length costs at most 2 * MAX_PART stems of at most that length.
    """
    size = len(word)
    if size < MIN_COMPOUND or not word.isalpha():
        return []
    splits = []
    cut, last = MIN_HEAD, size - MIN_TAIL
    while cut <= last:
        if MAX_PART < cut < size - MAX_PART:
            cut = size - MAX_PART  # the middle of a very long word: neither part would be short enough
            continue
        head = _known_head(word[:cut], is_known) if cut <= MAX_PART else ""
        tail = stem(word[cut:]) if size - cut <= MAX_PART else ""
        tail = tail if len(tail) >= MIN_TAIL and is_known(tail) else ""
        if head or tail:
            splits.append((head, tail))
        cut += 1
    return splits


def _known_head(head: str, is_known) -> str:
    """The stem of a compound's head when it is a known word (or is one without a linking s)."""
    for candidate in (head, head[:-1]) if head.endswith("s") else (head,):
        if len(candidate) >= MIN_HEAD and candidate not in STOPWOORDEN:
            head_stem = stem(candidate)
            if len(head_stem) >= MIN_HEAD and is_known(head_stem):
                return head_stem
    return ""


def compound_parts(word: str, known: set[str]) -> list[str]:
    """Every known part of a compound, as index terms: thuisadministratie -> [administratie, thuis].

    Every known tail counts (Dutch compounds end in what they are: a thuisadministratie is an
    administratie), and every known head (huurteam -> huur). The query side picks one split of the
    same compound_splits instead (zoektermen.js compoundParts).
    """
    splits = compound_splits(word, known.__contains__)
    parts = []
    for part in chain((tail for _, tail in splits), (head for head, _ in reversed(splits))):
        if part and part not in parts:
            parts.append(part)
    return parts


def spreekuur_woorden(dag: str, van, vorm: str) -> str:
    """A spreekuur as residents say it: "dinsdag ochtend dinsdagochtend inloop"."""
    hour = int(str(van)[:2])
    dagdeel = "ochtend" if hour < 12 else "middag" if hour < 17 else "avond"
    return f"{dag} {dagdeel} {dag}{dagdeel} {vorm}"


def organisation_texts(org: record_types.Organisatie, vocab: schema.Taxonomie) -> dict[str, str]:
    """Per index field, the text a resident might type to find this organisation."""
    terms = [getattr(vocab, facet)[k] for facet, field in schema.FACET_FIELDS.items() for k in getattr(org, field)]
    labels = [term.label for term in terms] + [vocab.soort[org.soort].label]
    plaatsen = list(org.werkgebied.gemeenten) + list(org.werkgebied.wijken)
    plaatsen += [
        f"{loc.plaats} {loc.adres} {loc.postcode} {loc.postcode.replace(' ', '')} {loc.naam}" for loc in org.locaties
    ]
    if org.werkgebied.landelijk:
        plaatsen.append("landelijk heel nederland")
    aanmelden = [vocab.aanmeldwijze[k].label + " " + AANMELD_WOORDEN.get(k, "") for k in org.aanmelden.manieren]
    if has_inloop(org) and "inloop" not in org.aanmelden.manieren:
        aanmelden.append(AANMELD_WOORDEN["inloop"])
    aanmelden += sorted(
        {spreekuur_woorden(uur.dag, uur.van, uur.vorm) for loc in org.locaties for uur in loc.spreekuren}
    )
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


def display_record(slug: str, org: record_types.Organisatie, derived: Derived) -> dict:
    """What a result shows and filters on, in short keys to keep the download small."""
    record = {
        "u": slug,
        "n": org.naam,
        "s": org.samenvatting,
        "f": list(org.fases),
        "r": list(org.rollen),
        "a": list(org.activiteiten),
        "d": list(org.doelgroepen),
        "g": derived.gemeente_slugs[slug],
        "t": list(org.talen),
        "p": "Heel Nederland" if org.werkgebied.landelijk else ", ".join(org.werkgebied.gemeenten),
    }
    if org.werkgebied.landelijk:
        record["l"] = 1
    if has_inloop(org):
        record["i"] = 1
    if org.contact.telefoon:
        record["tel"] = org.contact.telefoon
        record["th"] = tel_href(org.contact.telefoon)
    if org.soort == "gemeente" and not org.werkgebied.landelijk:
        record["gm"] = 1
    if is_free(org):
        record["k"] = 1
    # Each spreekuur names its place (the index in "lo"): a card says where the next walk-in is.
    uren = [[u.dag, u.van, u.tot, u.vorm, number] for number, loc in enumerate(org.locaties) for u in loc.spreekuren]
    if uren:
        record["h"] = uren
    if org.locaties:
        # A place with coordinaten carries them too, for an exact route link (macros.html's route_href).
        record["lo"] = [
            [loc.naam, loc.adres, f"{loc.postcode} {loc.plaats}"]
            + ([f"{loc.coordinaten[0]},{loc.coordinaten[1]}"] if loc.coordinaten else [])
            for loc in org.locaties
        ]
    if org.melding is not None:
        record["m"] = [org.melding.tekst, org.melding.tot.isoformat()]
    return record


# --- the index: term frequencies of the whole map, served whole or per gemeente -------------------


@dataclass
class MapIndex:
    """Every organisation of the map as index terms, with the statistics BM25 needs.

    `fields[d][f]` holds the terms of field f of document d (documents in display order), each
    term as often as it occurs (a tuple is a third of a dict's memory, which counts on a national
    map). The statistics are those of the whole map, so a document scores the same in every file
    it is served in: the whole map, its gemeente's file, or the landelijk file.
    """

    slugs: list[str]
    fields: list[tuple[tuple[str, ...], ...]]
    df: dict[str, int]
    average_length: list[float]
    records: list[bytes]
    """each document's display record as its JSON (as small as it gets, and made once for all files)"""
    groups: list[list[str]]
    _rank: dict[str, int] | None = None

    def rank(self) -> dict[str, int]:
        """Term -> its place among all the map's terms in js_order: every file's terms are sorted
        by it (an int key, instead of encoding every term again for each of hundreds of files)."""
        if self._rank is None:
            self._rank = {term: i for i, term in enumerate(sorted(self.df, key=js_order))}
        return self._rank


def analyse_documents(texts: Iterable[dict[str, str]], groups: list[list[str]]) -> list[tuple[tuple[str, ...], ...]]:
    """Per document and field its terms, repeated as often as they occur: stems of the words and of
    their compound parts.

    Compounds are split against the vocabulary of the whole map plus the synonyms. Each distinct
    word is stemmed and split once (a national map repeats its words a lot)."""
    names = [name for name, _ in FIELDS]
    # One str object per distinct word: a national map's millions of words as separate objects
    # would take hundreds of MB.
    canonical: dict[str, str] = {}
    # The fields made of the vocabulary's words (the labels and explanations of a fase, the
    # languages) recur whole: each distinct text of those is split once and its documents share the
    # list. Other texts are mostly unique, and kept as keys they would add to the peak.
    repeated = {number for number, name in enumerate(names) if name in REPEATED_FIELDS}
    words_of: dict[str, list[str]] = {}
    setdefault, stop_words = canonical.setdefault, STOPWOORDEN

    def field_words(number: int, text: str) -> list[str]:
        """The words of field `number`'s text, each word as its canonical str."""
        found = words_of.get(text) if number in repeated else None
        if found is None:
            found = [setdefault(w, w) for w in WORD_RE.findall(fold(text)) if w not in stop_words]
            if number in repeated:
                words_of[text] = found
        return found

    folded = [[field_words(number, fields[name]) for number, name in enumerate(names)] for fields in texts]
    words_of.clear()  # the texts are not needed any more
    distinct = set(chain.from_iterable(chain.from_iterable(folded)))
    known = {stem(w) for w in distinct} | {s for group in groups for s in group}
    known = {k for k in known if len(k) >= MIN_HEAD}
    terms_of = {word: [stem(word), *compound_parts(word, known)] for word in distinct}
    shared: dict[int, tuple[str, ...]] = {}  # by the id of a shared word list: its terms, also shared

    def field_terms(number: int, field: list[str]) -> tuple[str, ...]:
        """The terms of a field's words: their stems and compound parts."""
        found = shared.get(id(field)) if number in repeated else None
        if found is None:
            found = tuple(chain.from_iterable(map(terms_of.__getitem__, field)))
            if number in repeated:
                shared[id(field)] = found
        return found

    return [tuple(field_terms(number, field) for number, field in enumerate(doc)) for doc in folded]


def document_frequencies(documents: list[tuple[tuple[str, ...], ...]]) -> dict[str, int]:
    """Term -> in how many documents it occurs outside the secondary fields (or, for a term found
    only there, in how many documents at all). The explanations of the vocabulary (the same
    sentence for every organisation in a phase) do not make a word common."""
    primary: Counter = Counter()
    anywhere: Counter = Counter()
    secondary = [i for i, (name, _) in enumerate(FIELDS) if name in SECONDARY_FIELDS]
    main_fields = [i for i in range(len(FIELDS)) if i not in secondary]
    for doc in documents:
        main = set().union(*(doc[i] for i in main_fields))
        primary.update(main)
        anywhere.update(main.union(*(doc[i] for i in secondary)))
    return {term: primary.get(term) or count for term, count in anywhere.items()}


def map_index(project: Project, derived: Derived) -> MapIndex:
    """The whole map, analysed once; every search file is cut from it."""
    # One organisation's texts at a time: a national map's all at once would be a large peak.
    texts = (organisation_texts(project.organisations[slug], project.vocab) for slug in derived.order)
    groups = synonym_groups(project)
    documents = analyse_documents(texts, groups)
    count = max(1, len(documents))
    average = [sum(len(doc[f]) for doc in documents) / count for f in range(len(FIELDS))]
    records = [
        to_json({**display_record(slug, project.organisations[slug], derived), "o": position})
        for position, slug in enumerate(derived.order)
    ]
    return MapIndex(list(derived.order), documents, document_frequencies(documents), average, records, groups)


def encode_vector(terms, position: dict[str, int]) -> list[int]:
    """A field's terms (each as often as it occurs) as ascending term positions, each as the step
    from the one before, counting from -1, a repeated term a step of 0: (d, b, d) -> [2, 2, 0] for
    the terms a, b, c, d. Small numbers, frequency 1 mostly: much smaller than [position, weight]."""
    positions = sorted(map(position.__getitem__, terms))
    return list(map(sub, positions, [-1, *positions[:-1]]))


def js_order(term: str) -> bytes:
    """Sort key: the order of JavaScript's `<` on strings (UTF-16 code units), which lunr's token
    set and the browser's binary search need; it differs from Python's for letters beyond U+FFFF."""
    return term.encode("utf-16-be")


def shard_data(index: MapIndex, numbers: list[int]) -> dict:
    """The search file for some documents of the map (numbers in display order): the terms they
    use, sorted, with their document frequency in the whole map; per field and document the
    encoded term frequencies; the display records; stop words, the rules of compound splitting
    (COMPOUND_RULES) and synonym groups, with the document frequency of each synonym on the whole
    map (0: in no document). A resident's words are often
    synonyms: a file that lacks one still knows how specific it is on the map, as the whole map does.
    Its records and vectors are made while json_pieces writes it: write it once."""
    rank = index.rank()
    terms = sorted(set().union(*chain.from_iterable(index.fields[d] for d in numbers)), key=rank.__getitem__)
    position = {term: i for i, term in enumerate(terms)}
    # Made field by field while the file is written: the whole map's vectors at once would be large.
    vectors = JsonArray(
        to_json([encode_vector(index.fields[d][f], position) for d in numbers]) for f in range(len(FIELDS))
    )
    return {
        "versie": INDEX_FORMAT,
        "stopwoorden": sorted(STOPWOORDEN),
        "synoniemen": index.groups,
        "spoed": sorted({stem(w) for w in SPOEDWOORDEN}),
        "spoedzinnen": {"zinnen": urgent_phrases(), "tussen": SPOED_TUSSEN},
        "samenstellingen": COMPOUND_RULES,
        "synoniemen_df": [[index.df.get(stem, 0) for stem in group] for group in index.groups],
        "index": {
            "velden": [name for name, _ in FIELDS],
            "boosts": [boost for _, boost in FIELDS],
            "k1": K1,
            "b": B,
            "n": len(index.slugs),
            "lengte": index.average_length,
            "termen": terms,
            "df": [index.df[term] for term in terms],
            "vectoren": vectors,
        },
        "docs": JsonArray(index.records[d] for d in numbers),
    }


def to_json(data) -> bytes:
    """Compact JSON, deterministic for the same input."""
    return sorted_json(data).encode("utf-8")


class JsonArray:
    """A JSON array given as its items' JSON text, made one by one while the file is written
    (an iterator: it can be written once)."""

    def __init__(self, items):
        self.items = items


def json_pieces(data) -> Iterator[bytes]:
    """to_json(data) in pieces, where data's dicts may hold JsonArrays: the same bytes, never the
    whole file as one str (the whole map's file of a national map is large)."""
    if isinstance(data, JsonArray):
        yield b"["
        for number, item in enumerate(data.items):
            yield b"," + item if number else item
        yield b"]"
    elif isinstance(data, dict):
        assert all(type(key) is str for key in data), "json.dumps would write other keys as text"
        for number, key in enumerate(sorted(data)):
            yield (b"," if number else b"{") + to_json(key) + b":"
            yield from json_pieces(data[key])
        yield b"}" if data else b"{}"
    else:
        yield to_json(data)


def index_mode(project: Project, derived: Derived) -> str:
    """'een' (one file for the whole map) or 'per-gemeente', as instellingen.yaml's zoekindex says.

    automatisch chooses per gemeente only where it pays: from SHARDS_FROM (2,000) organisations, and
    when the largest gemeente's organisations plus the landelijk ones (the files a resident in that
    gemeente fetches) are at most a third of the map. Below 2,000 the whole map is a few hundred KB
    gzip, fetched once for every search and filter; when one gemeente (or the landelijk
    organisations) is most of the map, its files would be nearly the whole map anyway, and every
    search without a gemeente would fetch the whole map besides. With fewer than two gemeenten
    there is nothing to choose between: always one file, also when per-gemeente is asked for.
    """
    if len(derived.gemeenten) < 2:
        return "een"
    chosen = project.settings.zoekindex
    if chosen != "automatisch":
        return chosen
    total = len(derived.order)
    largest = max(len(slugs) for slugs in derived.by_gemeente.values())  # landelijke ones included
    return "per-gemeente" if total >= SHARDS_FROM and largest <= total * SHARDS_SHARE else "een"


def shard_members(project: Project, derived: Derived) -> dict[str, list[int]]:
    """Document numbers per search file of the per-gemeente mode: each gemeente's file holds the
    organisations working there (not the landelijk ones), LANDELIJK the landelijk ones."""
    members: dict[str, list[int]] = {g.slug: [] for g in derived.gemeenten}
    members[LANDELIJK] = []
    for number, slug in enumerate(derived.order):
        if project.organisations[slug].werkgebied.landelijk:
            members[LANDELIJK].append(number)
            continue
        for gemeente in derived.gemeente_slugs[slug]:
            members[gemeente].append(number)
    return members


def shard_path(name: str) -> str:
    """Where a search file goes: zoeken/landelijk.json, zoeken/index/<gemeente-slug>.json."""
    return "zoeken/landelijk.json" if name == LANDELIJK else f"zoeken/index/{name}.json"


def each_search_file(project: Project, derived: Derived):
    """The search files one by one as (path, pieces of bytes), each written while it is made."""
    index = map_index(project, derived)
    yield WHOLE_MAP, json_pieces(shard_data(index, list(range(len(index.slugs)))))
    if index_mode(project, derived) == "per-gemeente":
        for name, numbers in shard_members(project, derived).items():
            yield shard_path(name), json_pieces(shard_data(index, numbers))


def search_page_values(project: Project, derived: Derived) -> dict:
    """What the search page needs to know of the search files: their mode."""
    return {"zoekmodus": index_mode(project, derived)}
