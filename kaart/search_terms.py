"""Search, first half: what a resident would type about each organisation, as index terms.

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

The second half, kaart/search_files.py, counts these terms into the search files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

import snowballstemmer

import schema
from kaart import record_types
from kaart.derive import has_inloop
from kaart.project import Project
from kaart.text import fold

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
SECONDARY_FIELDS = ("uitleg",)  # their words do not make a word common (search_files.document_frequencies)
REPEATED_FIELDS = ("labels", "talen", "uitleg")  # made of the vocabulary: the same text in many documents
WORD_RE = re.compile(r"[^\W_]+")
# An ASCII text's characters that are not in a word (all but A-Z, a-z, 0-9) as spaces: split_words.
_ASCII_NOT_WORD = {code: " " for code in range(128) if not chr(code).isalnum()}
# Compound splitting: words of MIN_COMPOUND letters or more, heads of MIN_HEAD, tail stems of
# MIN_TAIL, parts of at most MAX_PART letters (no part of a real Dutch compound is longer).
MIN_HEAD, MIN_TAIL, MIN_COMPOUND, MAX_PART = 3, 4, 7, 30
# What zoektermen.js needs to split query words as compound_splits does: carried by every search file.
COMPOUND_RULES = {"min_kop": MIN_HEAD, "min_staart": MIN_TAIL, "min_woord": MIN_COMPOUND, "max_deel": MAX_PART}

_stemmer = snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """The Dutch Snowball stem of a folded word (memoised: the same words recur a lot)."""
    return _stemmer.stemWord(word)


def split_words(folded: str) -> list[str]:
    """WORD_RE.findall(folded): the letters-and-digits words of a text. Most texts are ASCII, split
    by str.translate and str.split in C in half the regular expression's time."""
    if folded.isascii():
        return folded.translate(_ASCII_NOT_WORD).split()
    return WORD_RE.findall(folded)


def words(text: str) -> list[str]:
    """Folded words of a text, stop words dropped: what a term is made from."""
    return [w for w in split_words(fold(text)) if w not in STOPWOORDEN]


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
            found = [setdefault(w, w) for w in split_words(fold(text)) if w not in stop_words]
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
