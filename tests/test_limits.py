"""Values that cannot be real get a clear Dutch error, and what is allowed is checked in linear time.

Issue 16: one file listing 4,000 gemeenten made `check` take 186 s (difflib compared every name with
every other); one 9,000-letter word in a beschrijving took a build to 249 s. A word has at most
schema.MAX_WORD_LETTERS letters, a file names at most schema.MAX_PLACES gemeenten or wijken, and
the typo warning compares a name only with names within two typos of it. Work is counted; a
generous time cap only guards against a hang.
"""

from __future__ import annotations

import difflib
import random
import time

import pytest
from test_warnings import org_text
from test_warnings import warnings as warnings_of

import schema
from kaart import warnings_across, warnings_sentences
from kaart.warnings_across import GEMEENTE_LIKENESS, Lookalikes

# Real gemeente names, long and short, with look-alike pairs among them.
GEMEENTEN = [
    "Amsterdam",
    "Rotterdam",
    "Den Haag",
    "Utrecht",
    "Eindhoven",
    "Groningen",
    "Tilburg",
    "Almere",
    "Almelo",
    "Breda",
    "Nijmegen",
    "Apeldoorn",
    "Haarlem",
    "Arnhem",
    "Enschede",
    "Amersfoort",
    "Zaanstad",
    "Capelle aan den IJssel",
    "Alphen aan den Rijn",
    "Súdwest-Fryslân",
    "Noardeast-Fryslân",
    "Hendrik-Ido-Ambacht",
    "Sint-Michielsgestel",
    "Oude IJsselstreek",
    "Bergen op Zoom",
    "Bergen (NH)",
    "Bergen (L.)",
    "Ede",
    "Epe",
    "Ees",
    "Son en Breugel",
    "Midden-Groningen",
    "Westerkwartier",
    "Westerwolde",
    "Oosterhout",
    "Oisterwijk",
    "Hollands Kroon",
    "Gooise Meren",
    "Krimpenerwaard",
    "Krimpen aan den IJssel",
    "Nieuwegein",
    "Nieuwkoop",
    "Dijkhaven",
    "Wierdam",
    "Oosterveen",
]


def typos(name: str, rng: random.Random) -> list[str]:
    """One and two typos of a name: letters left out, added, changed, swapped."""

    def one(word: str) -> str:
        i = rng.randrange(len(word))
        kind = rng.randrange(4)
        if kind == 0:
            return word[:i] + word[i + 1 :]
        if kind == 1:
            return word[:i] + rng.choice("aeiounrst") + word[i:]
        if kind == 2:
            return word[:i] + rng.choice("aeiounrst") + word[i + 1 :]
        return word[:i] + word[i + 1 : i + 2] + word[i : i + 1] + word[i + 2 :] if i + 1 < len(word) else word

    return [one(name), one(one(name))]


def edits(a: str, b: str) -> int:
    """Levenshtein distance: letters left out, added or changed."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def likeness(name: str, other: str) -> float:
    """difflib's ratio, measured as get_close_matches measures it."""
    return difflib.SequenceMatcher(None, other, name).ratio()


def test_lookalikes_find_what_comparing_every_pair_finds_within_two_typos():
    rng = random.Random(7)
    names = sorted({n.lower() for n in GEMEENTEN} | {t.lower() for n in GEMEENTEN for t in typos(n, rng)})
    lookalikes = Lookalikes(names)
    checked = 0
    for name in names:
        near = [n for n in names if n != name and edits(name, n) <= 2]
        best = difflib.get_close_matches(name, near, n=1, cutoff=GEMEENTE_LIKENESS)
        found = lookalikes.close_to(name)
        assert all(likeness(name, other) >= GEMEENTE_LIKENESS for other in found), name
        assert not best or likeness(name, found[0]) >= likeness(name, best[0]), (name, found, best)
        checked += bool(best)
    assert checked > 40, "expected many typos to be found"
    assert lookalikes.close_to("dijkhavn")[0] == "dijkhaven"
    few = Lookalikes(["ede", "epe", "almelo", "almere", "dijkhaven"])
    assert few.close_to("ede") == few.close_to("almelo") == [] and few.close_to("dijkhavn") == ["dijkhaven"]


def test_lookalikes_compare_each_name_with_a_bounded_number_of_others(monkeypatch):
    """8,000 distinct names: each is compared with at most MAX_COMPARED others, not 8,000."""
    rng = random.Random(1)
    names = sorted({"".join(rng.choice("abcdefghij") for _ in range(rng.randint(6, 12))) for _ in range(8000)})
    compared = []
    real_ratio = difflib.SequenceMatcher.ratio
    monkeypatch.setattr(
        warnings_across.difflib.SequenceMatcher, "ratio", lambda self: compared.append(1) or real_ratio(self)
    )
    lookalikes = Lookalikes(names)
    start = time.process_time()
    for name in names[:2000]:
        lookalikes.close_to(name)
    assert time.process_time() - start < 60, "a sanity cap only"
    assert len(compared) <= 2000 * Lookalikes.MAX_COMPARED, "a few comparisons per name, not 8,000"


def test_a_thousand_gemeenten_in_four_files_check_quickly(region):
    for number in range(4):
        names = ", ".join(f"Plaats{number}x{i:04d}" for i in range(schema.MAX_PLACES))
        region.write(f"org-{number}", org_text(naam=f"Hulp {number}", gemeenten=names))
    start = time.process_time()
    found = warnings_of(region)
    assert time.process_time() - start < 120, "a sanity cap: 4,000 names took 186 s before"
    assert all("lijkt op" in w.message for w in found if w.field.startswith("werkgebied")), found[:3]


def test_more_gemeenten_in_one_file_than_the_netherlands_has_is_an_error(region):
    names = ", ".join(f"Plaats{i:04d}" for i in range(schema.MAX_PLACES + 1))
    path = region.write("te-veel", org_text(gemeenten=names))
    with pytest.raises(Exception) as raised:
        warnings_of(region)
    problems = [p for p in raised.value.problems if p.path == str(path)]
    assert [(p.line, p.field) for p in problems] == [(5, "werkgebied.gemeenten")]
    assert problems[0].message.startswith(f"{schema.MAX_PLACES + 1} namen; hooguit {schema.MAX_PLACES}. ")
    assert "'landelijk: true'" in problems[0].message


def test_a_word_no_language_has_is_an_error(region):
    long_word = "schuld" + "ab" * 4497
    path = region.write("lang-woord", org_text(beschrijving=f"beschrijving: Wij helpen {long_word} snel.\n"))
    fine = region.write(
        "lang-maar-echt",
        org_text(
            naam="Echt",
            beschrijving="beschrijving: "
            "Arbeidsongeschiktheidsverzekeringsmaatschappijen " + "a" * schema.MAX_WORD_LETTERS + "\n",
        ),
    )
    with pytest.raises(Exception) as raised:
        warnings_of(region)
    problems = [(p.path, p.line, p.field, p.message) for p in raised.value.problems]
    assert problems == [
        (
            str(path),
            14,
            "beschrijving",
            f"een woord van {len(long_word)} letters ('schuldababababababab...'); zo'n lang woord "
            f"bestaat niet. Zet spaties tussen de woorden (hooguit {schema.MAX_WORD_LETTERS} letters "
            "per woord)",
        )
    ]
    assert str(fine) not in {p[0] for p in problems}


def test_plain_text_fields_refuse_such_a_word_too():
    with pytest.raises(Exception, match="woord_te_lang|een woord van 201 letters"):
        schema.Aanmelden(manieren=["zelf-bellen"], uitleg="x" * 201)
    assert schema.Aanmelden(manieren=["zelf-bellen"], uitleg="Bel ons: 030 " + "x" * 200).uitleg


@pytest.mark.parametrize(
    "text",
    [
        "[ " * 5000,
        "[a]( " * 2000,
        "![" * 5000 + " x" * 30,
        "!" * 9000 + "a" + " x" * 30,
        "[a](b " * 2000,
        ("woord " * 30 + "[") * 60,
    ],
)
def test_long_sentences_reads_hostile_text_in_linear_time(text):
    """The plain-language warning read a run of `[` or marks again from each character (12 s for one
    beschrijving of 10,000 characters). A cap on its CPU time, far above what it takes now (a busy machine stretches only the wall clock)."""
    start = time.process_time()
    found = warnings_sentences.long_sentences(text)
    assert time.process_time() - start < 5
    assert all(count > warnings_sentences.MAX_WORDS for _, count in found)


def test_a_page_paragraph_no_page_has_is_an_error_and_30_kb_of_brackets_is_not(tmp_path):
    """Python-Markdown's time grows with the square of a paragraph's length: a paragraph is bounded
    (MAX_PARAGRAPH_CHARS), a list of many items is not one paragraph, and the 30 kB page of `[` of
    issue 16 still renders (tests/test_markdown_linear.py)."""
    from kaart.read_files import MAX_PARAGRAPH_CHARS, read_markdown_file

    front = "---\ntitle: Uitleg\ndescription: Over geld.\n---\n"
    cases = {
        "lang": "Intro.\n\n" + "woord " * (MAX_PARAGRAPH_CHARS // 6 + 1),
        "lijst": "".join(f"- [Item {i}](https://x.nl/{i})\n" for i in range(3000)),
        "haken": "[" * 30_000 + "\n",
        "net-niet": "x" * MAX_PARAGRAPH_CHARS + "\n",
    }
    results = {}
    for name, body in cases.items():
        (tmp_path / f"{name}.md").write_text(front + body, encoding="utf-8")
        results[name] = read_markdown_file(str(tmp_path / f"{name}.md"))
    read, problems = results["lang"]
    assert read is None and [(p.line, p.message) for p in problems] == [
        (
            7,
            "deze alinea is langer dan 40.000 tekens; zet witregels tussen de alinea's (korte alinea's lezen ook "
            "beter)",
        )
    ]
    assert all(results[name][0] is not None and results[name][1] == [] for name in ("lijst", "haken", "net-niet"))
