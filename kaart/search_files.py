"""Search, second half: the search files, cut from the terms of kaart/search_terms.py.

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

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from operator import sub

from kaart import record_types
from kaart.derive import Derived, has_inloop, is_free
from kaart.jsontext import sorted_json
from kaart.project import Project
from kaart.search_terms import (
    COMPOUND_RULES,
    FIELDS,
    REPEATED_FIELDS,
    SECONDARY_FIELDS,
    SPOED_TUSSEN,
    SPOEDWOORDEN,
    STOPWOORDEN,
    analyse_documents,
    organisation_texts,
    stem,
    synonym_groups,
    urgent_phrases,
)
from kaart.text import tel_href

INDEX_FORMAT = 4
K1, B = 1.2, 0.75  # BM25, lunr's defaults
WHOLE_MAP = "zoeken/zoekindex.json"
LANDELIJK = "landelijk"  # the name of the landelijk file (zoeken/landelijk.json: no gemeente slug can clash)
# automatisch: a file per gemeente from SHARDS_FROM organisations, when the largest gemeente's file
# plus the landelijk one hold at most SHARDS_SHARE of the map (index_mode).
SHARDS_FROM = 2000
SHARDS_SHARE = 1 / 3


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
        # A place with coordinaten carries them too, for an exact route link (render_jinja.route_href).
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


def document_frequencies(documents: list[tuple[tuple[str, ...], ...]]) -> dict[str, int]:
    """Term -> in how many documents it occurs outside the secondary fields (or, for a term found
    only there, in how many documents at all). The explanations of the vocabulary (the same
    sentence for every organisation in a phase) do not make a word common."""
    primary: Counter = Counter()
    anywhere: Counter = Counter()
    secondary = [i for i, (name, _) in enumerate(FIELDS) if name in SECONDARY_FIELDS]
    main_fields = [i for i in range(len(FIELDS)) if i not in secondary]
    # A repeated field's terms are one tuple shared by many documents (analyse_documents): its set is
    # made once, by the tuple's id (the documents keep every tuple alive meanwhile).
    repeated = {i for i, (name, _) in enumerate(FIELDS) if name in REPEATED_FIELDS}
    sets: dict[int, frozenset[str]] = {}

    def terms_of(doc, i: int):
        """The terms of field i of a document, as a set when the field is a repeated one."""
        if i not in repeated:
            return doc[i]
        found = sets.get(id(doc[i]))
        if found is None:
            found = sets[id(doc[i])] = frozenset(doc[i])
        return found

    for doc in documents:
        main = set().union(*[terms_of(doc, i) for i in main_fields])
        primary.update(main)
        anywhere.update(main.union(*[terms_of(doc, i) for i in secondary]))
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


def field_vectors(index: MapIndex, numbers: list[int], f: int, position: dict[str, int]) -> list[list[int]]:
    """encode_vector of field f of these documents; a repeated field's tuple, shared by many documents
    (analyse_documents), is encoded once."""
    fields = index.fields
    if FIELDS[f][0] not in REPEATED_FIELDS:
        return [encode_vector(fields[d][f], position) for d in numbers]
    encoded: dict[int, list[int]] = {}
    vectors = []
    for d in numbers:
        terms = fields[d][f]
        vector = encoded.get(id(terms))
        if vector is None:
            vector = encoded[id(terms)] = encode_vector(terms, position)
        vectors.append(vector)
    return vectors


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
    vectors = JsonArray(to_json(field_vectors(index, numbers, f, position)) for f in range(len(FIELDS)))
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
