"""Warnings that keep the map alive (issue 7, part 4): each located at the file and line an editor
has to look at, and never failing a build unless `check --strict`."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import support  # noqa: E402
from kaart.gather import gather  # noqa: E402
from kaart.warnings import find_warnings  # noqa: E402
from kaart.warnings_sentences import MAX_WORDS, long_sentences  # noqa: E402
from support import organisation_yaml, run_build_py  # noqa: E402

TODAY = date.fromisoformat(support.TODAY)
NUMBERS = iter(range(10, 100))


def org_text(
    naam="Hulp", samenvatting="Wij helpen u met uw post.", beschrijving="", gemeenten="Dijkhaven", contact=None
) -> str:
    """An organisation file (beschrijving at its end); each gets its own phone number unless `contact` is given."""
    if contact is None:
        contact = f'  telefoon: "030 123 45 {next(NUMBERS)}"\n'
    return organisation_yaml(
        f"naam: {naam}",
        f"samenvatting: {samenvatting}",
        f"werkgebied:\n  gemeenten: [{gemeenten}]",
        "contact:\n" + contact,
        beschrijving,
    )


def warnings(region) -> list:
    """The warnings of a check of the region."""
    return sorted(find_warnings(region.gather()))


def messages(found, path: Path | None = None) -> list[tuple[int, str, str]]:
    return [(w.line, w.field, w.message) for w in found if path is None or w.path == str(path)]


# --- plain language -------------------------------------------------------------------------------


def words(n: int) -> str:
    return " ".join(["woord"] * (n - 1) + ["eind."])


def test_sentence_of_twenty_words_is_fine_twenty_one_is_not():
    assert long_sentences(words(MAX_WORDS)) == []
    assert long_sentences(words(MAX_WORDS + 1)) == [(words(MAX_WORDS + 1), MAX_WORDS + 1)]
    assert len(long_sentences(words(15) + " " + words(15))) == 0


def test_sentences_are_split_sensibly():
    # abbreviations do not end a sentence; times like 9.30 neither; list items and headings stand alone
    text = "Kom bijv. langs om 9.30 uur. " + words(10)
    assert long_sentences(text, limit=5) == [("Kom bijv. langs om 9.30 uur.", 6), (words(10), 10)]
    markdown = (
        "## Wat wij doen\n- " + words(12) + "\n- " + words(12) + "\n\nEen [link](https://x.nl) telt als één woord."
    )
    assert long_sentences(markdown, limit=12) == []
    assert [count for _, count in long_sentences(markdown, limit=11)] == [12, 12]


def test_long_sentence_in_samenvatting_is_located_at_the_field(region):
    path = region.write("lang", org_text(samenvatting=words(25)))
    found = messages(warnings(region), path)
    assert len(found) == 1
    line, field, message = found[0]
    assert (line, field) == (3, "samenvatting")
    assert message.startswith("een zin van 25 woorden (\"woord woord woord woord woord woord ...\")")
    assert "hooguit 20 woorden" in message


def test_long_sentence_in_beschrijving_is_located_at_its_own_line(region):
    beschrijving = (
        "beschrijving: |\n  Dit is kort.\n  Ook dit is kort.\n  Maar deze zin is veel te lang want hij "
        "gaat maar door\n  en door over van alles wat u misschien wilt weten over geld en\n  schulden.\n"
    )
    path = region.write("lang", org_text(beschrijving=beschrijving))
    found = messages(warnings(region), path)
    assert [(line, field) for line, field, _ in found] == [(17, "beschrijving")]
    assert "Maar deze zin is veel" in found[0][2]


def test_example_region_has_no_long_sentences():
    project = gather(str(REPO / "organisations"), str(REPO / "content"), TODAY)
    assert [w for w in find_warnings(project) if "een zin van" in w.message] == []


# --- gemeente typos --------------------------------------------------------------------------------


def test_gemeente_written_once_like_another_is_a_likely_typo(region):
    region.write("a", org_text(naam="Hulp A", gemeenten="Dijkhaven, Wierdam"))
    region.write("b", org_text(naam="Hulp B", gemeenten="Dijkhaven"))
    typo = region.write("c", org_text(naam="Hulp C", gemeenten="Wierdam, Dijkhavn"))
    found = warnings(region)
    assert messages(found, typo) == [
        (
            5,
            "werkgebied.gemeenten[1]",
            "'Dijkhavn' staat maar in één bestand en lijkt op 'Dijkhaven' (2 keer); is het een tikfout?",
        )
    ]
    assert [w for w in found if "tikfout" in w.message and w.path != str(typo)] == []


def test_gemeente_written_differently_in_case_is_flagged(region):
    region.write("a", org_text(naam="Hulp A", gemeenten="Den Haag"))
    region.write("b", org_text(naam="Hulp B", gemeenten="Den Haag"))
    odd = region.write("c", org_text(naam="Hulp C", gemeenten="den haag"))
    assert [m for _, _, m in messages(warnings(region), odd)] == [
        "'den haag' staat maar in één bestand en lijkt op 'Den Haag' (2 keer); is het een tikfout?"
    ]


def test_different_gemeenten_are_not_typos(region):
    region.write("a", org_text(naam="Hulp A", gemeenten="Dijkhaven, Wierdam"))
    region.write("b", org_text(naam="Hulp B", gemeenten="Oosterveen"))
    region.write("c", org_text(naam="Hulp C", gemeenten="Almelo"))
    region.write("d", org_text(naam="Hulp D", gemeenten="Almere"))
    assert [w for w in warnings(region) if "tikfout" in w.message] == []


# --- reachable -------------------------------------------------------------------------------------


def test_no_phone_and_no_address_is_a_warning(region):
    path = region.write(
        "web", org_text(contact="  website: https://www.hulp.example.nl\n  whatsapp: \"06 12 34 56 78\"\n")
    )
    found = messages(warnings(region), path)
    assert found == [
        (
            11,
            "contact",
            "geen telefoonnummer en geen adres: wie geen internet heeft, kan deze "
            "organisatie niet bereiken. Vul contact.telefoon in, of een locatie",
        )
    ]


def test_an_address_is_enough(region):
    text = org_text(contact="  email: info@hulp.example.nl\n") + (
        "locaties:\n  - naam: Buurthuis\n    adres: Kerkstraat 1\n    postcode: 1234 AB\n    plaats: Dijkhaven\n"
    )
    path = region.write("adres", text)
    assert messages(warnings(region), path) == []


# --- duplicates ------------------------------------------------------------------------------------


def test_same_phone_number_is_a_likely_duplicate(region):
    a = region.write("hulp-a", org_text(naam="Hulp A", contact='  telefoon: "030 123 45 67"\n'))
    b = region.write("hulp-b", org_text(naam="Hulp B", contact="  telefoon: 0301234567\n"))
    region.write("hulp-c", org_text(naam="Hulp C", contact='  telefoon: "030 765 43 21"\n'))
    found = warnings(region)
    assert messages(found, a) == [
        (
            12,
            "contact.telefoon",
            "hetzelfde telefoonnummer als hulp-b.yaml; staat dezelfde organisatie er twee keer in? Voeg ze dan samen",
        )
    ]
    assert [m for _, _, m in messages(found, b)] == [
        "hetzelfde telefoonnummer als hulp-a.yaml; staat dezelfde organisatie er twee keer in? Voeg ze dan samen"
    ]
    assert len([w for w in found if "twee keer" in w.message]) == 2


def test_same_website_is_a_likely_duplicate(region):
    tel = '  telefoon: "030 765 43 {:02d}"\n'
    a = region.write("a", org_text(naam="Hulp A", contact=tel.format(1) + "  website: https://www.hulp.example.nl/\n"))
    b = region.write("b", org_text(naam="Hulp B", contact=tel.format(2) + "  website: http://hulp.example.nl\n"))
    c = region.write("c", org_text(naam="Hulp C", contact=tel.format(3) + "  website: https://hulp.example.nl/taal\n"))
    found = warnings(region)
    assert [f for _, f, _ in messages(found, a)] == ["contact.website"]
    assert "dezelfde website als a.yaml" in messages(found, b)[0][2]
    assert messages(found, c) == []


def test_branches_in_other_gemeenten_may_share_a_website_or_number(region):
    """Local branches of one national organisation often share its website or national number."""
    shared = '  telefoon: "0800 123 45 67"\n  website: https://www.maatjes.example.nl\n'
    region.write("maatjes-dijkhaven", org_text(naam="Maatjes Dijkhaven", gemeenten="Dijkhaven", contact=shared))
    region.write("maatjes-wierdam", org_text(naam="Maatjes Wierdam", gemeenten="Wierdam", contact=shared))
    assert [w for w in warnings(region) if "twee keer" in w.message] == []
    landelijk = org_text(naam="Maatjes Nederland", contact=shared).replace(
        "  gemeenten: [Dijkhaven]", "  landelijk: true"
    )
    path = region.write("maatjes-nederland", landelijk)
    found = [w for w in warnings(region) if "twee keer" in w.message]
    assert len(found) == 6  # telefoon and website, for each of the three (landelijk overlaps every gemeente)
    assert "maatjes-dijkhaven.yaml, maatjes-wierdam.yaml;" in [w for w in found if w.path == str(path)][0].message


def test_many_duplicates_are_named_briefly(region):
    for number in range(6):
        region.write(f"kopie-{number}", org_text(naam=f"Kopie {number}", contact='  telefoon: "030 555 55 55"\n'))
    found = [w for w in warnings(region) if w.path.endswith("kopie-0.yaml")]
    assert found[0].message.startswith(
        "hetzelfde telefoonnummer als kopie-1.yaml, kopie-2.yaml, kopie-3.yaml en nog 2;"
    )


def test_example_region_has_no_duplicates_typos_or_unreachable_entries():
    project = gather(str(REPO / "organisations"), str(REPO / "content"), TODAY)
    noisy = [
        w.format()
        for w in find_warnings(project)
        if any(s in w.message for s in ("twee keer", "tikfout", "niet bereiken"))
    ]
    assert noisy == []


# --- existing warnings, --strict and the GitHub format ---------------------------------------------


def test_stale_and_expired_are_still_warned(region):
    text = org_text().replace("gecontroleerd: 2026-11-01", "gecontroleerd: 2025-01-01") + (
        "melding:\n  tekst: Gesloten.\n  tot: 2026-01-04\n"
    )
    path = region.write("oud", text)
    found = [f for _, f, _ in messages(warnings(region), path)]
    assert found == ["gecontroleerd", "melding.tot"]


def run_check(region, *extra) -> subprocess.CompletedProcess:
    return run_build_py("check", *region.args(), "--today", TODAY.isoformat(), *extra, cwd=region.path, timeout=120)


def test_warnings_fail_only_with_strict(region):
    region.write("lang", org_text(samenvatting=words(25)))
    result = run_check(region)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ":3:1: waarschuwing: samenvatting: een zin van 25 woorden" in result.stdout
    assert "(1 waarschuwing(en))" in result.stdout
    strict = run_check(region, "--strict")
    assert strict.returncode == 1 and "--strict" in strict.stderr
    github = run_check(region, "--format", "github")
    assert github.returncode == 0
    assert f"::warning file={region.organisations / 'lang.yaml'},line=3,col=1::samenvatting: een zin" in github.stdout


def test_outdated_schema_file_is_a_warning(region):
    for name in ("organisatie.schema.json", "partner.schema.json"):
        shutil.copy(REPO / name, region.path / name)
    region.write("hulp", org_text())
    assert [w for w in warnings(region) if "schema" in w.message] == []
    (region.path / "organisatie.schema.json").write_text("{}\n", encoding="utf-8")
    found = [w for w in warnings(region) if "schema" in w.message]
    assert len(found) == 1 and "python build.py schema" in found[0].message
    assert found[0].path.endswith("organisatie.schema.json")


def test_outdated_schema_file_is_a_warning_whatever_the_cache_remembers(region, tmp_path, monkeypatch):
    """The digests a build remembers (kaart/schemafile_current.py) stand for the files as made from the
    same code and vocabulary only: a changed file, or a changed vocabulary, still gets its warning."""
    from kaart import schemafile

    monkeypatch.setenv("KAART_CACHE", str(tmp_path / "cache"))
    for name in ("organisatie.schema.json", "partner.schema.json"):
        shutil.copy(REPO / name, region.path / name)
    region.write("hulp", org_text())
    assert [w for w in warnings(region) if "schema" in w.message] == []
    assert len(list((tmp_path / "cache" / "schema-files").glob("*.json"))) == 1

    def made(vocab):
        raise AssertionError("made again although the cache knows the files")

    with monkeypatch.context() as patch:
        patch.setattr(schemafile, "schema_files", made)
        assert [w for w in warnings(region) if "schema" in w.message] == []
        (region.path / "partner.schema.json").write_text("{}\n", encoding="utf-8")
        found = [w for w in warnings(region) if "schema" in w.message]
        assert len(found) == 1 and found[0].path.endswith("partner.schema.json")
    shutil.copy(REPO / "partner.schema.json", region.path / "partner.schema.json")
    taxonomie = region.content / "taxonomie.yaml"
    taxonomie.write_text(taxonomie.read_text(encoding="utf-8").replace("label: ", "label: Nieuw ", 1), encoding="utf-8")
    found = [w for w in warnings(region) if "schema" in w.message]
    assert [Path(w.path).name for w in found] == ["organisatie.schema.json"]
    assert len(list((tmp_path / "cache" / "schema-files").glob("*.json"))) == 2


def test_schema_warning_without_a_cache_or_with_a_damaged_one(region, tmp_path, monkeypatch):
    for name in ("organisatie.schema.json", "partner.schema.json"):
        shutil.copy(REPO / name, region.path / name)
    (region.path / "organisatie.schema.json").write_text("{}\n", encoding="utf-8")
    region.write("hulp", org_text())
    monkeypatch.setenv("KAART_CACHE", "uit")
    assert [Path(w.path).name for w in warnings(region) if "schema" in w.message] == ["organisatie.schema.json"]
    monkeypatch.setenv("KAART_CACHE", str(tmp_path / "cache"))
    warnings(region)
    for kept in (tmp_path / "cache" / "schema-files").glob("*.json"):
        kept.write_text('{"organisatie.schema.json": 1}', encoding="utf-8")
    assert [Path(w.path).name for w in warnings(region) if "schema" in w.message] == ["organisatie.schema.json"]
