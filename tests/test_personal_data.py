"""A person's phone number or e-mail address in a free text is a warning (issue 16).

Contact persons belong in the partner folder; a number in a beschrijving was published on the
public map without a word. Numbers and addresses the map publishes anyway (the organisation's own,
another organisation's, the gemeente's), service numbers and role addresses are no warning.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from kaart.gather import gather  # noqa: E402
from kaart.personal import personal_data_warnings  # noqa: E402

TODAY = date(2026, 11, 26)
BLOCKS = {
    "naam": "naam: {naam}",
    "soort": "soort: vrijwilligersorganisatie",
    "samenvatting": "samenvatting: Wij helpen u met uw post en uw geld.",
    "werkgebied": "werkgebied:\n  gemeenten: [Dijkhaven]",
    "fases": "fases: [voor-aanmelding]",
    "rollen": "rollen: [praktische-steun]",
    "doelgroepen": "doelgroepen: [iedereen]",
    "aanmelden": "aanmelden:\n  manieren: [zelf-bellen]",
    "contact": "contact:\n  telefoon: \"{telefoon}\"\n  email: {email}",
    "gecontroleerd": "gecontroleerd: 2026-11-01",
}


def org_text(extra: str = "", telefoon: str = "030 123 45 10", email: str = "info@hulp.example.nl",
             naam: str = "Hulp") -> str:
    """An organisation file; `extra` is one more top-level block, or replaces the block of its field."""
    blocks = {key: block.format(naam=naam, telefoon=telefoon, email=email) for key, block in BLOCKS.items()}
    if extra:
        blocks[extra.split(":", 1)[0]] = extra.rstrip("\n")
    return "\n".join(blocks.values()) + "\n"


@pytest.fixture
def region(tmp_path):
    """write(slug, extra, ...) adds an organisation; warnings() returns the personal-data warnings."""
    folder = tmp_path / "organisaties"
    folder.mkdir()
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "verhuisd.yaml").unlink(missing_ok=True)

    class Region:
        path = tmp_path
        organisations = folder

        @staticmethod
        def write(slug: str, extra: str = "", **fields) -> Path:
            path = folder / f"{slug}.yaml"
            path.write_text(org_text(extra, **fields), encoding="utf-8")
            return path

        @staticmethod
        def warnings() -> list[tuple[str, int, str, str]]:
            project = gather(str(folder), str(content), TODAY)
            return sorted((Path(w.path).name, w.line, w.field, w.message) for w in personal_data_warnings(project))

    return Region


def test_a_mobile_number_of_a_person_in_the_description(region):
    region.write("hulp", "beschrijving: |\n  Wij helpen u graag.\n\n  Bel coördinator Anna op 06 12 34 56 78.\n")
    assert region.warnings() == [
        ("hulp.yaml", 18, "beschrijving",
         "is '06 12 34 56 78' het telefoonnummer van een persoon? Persoonsgegevens horen niet op de openbare "
         "kaart: zet een direct nummer in de partnermap (partners/hulp.yaml), en hier het algemene nummer uit "
         "contact.telefoon")]


def test_an_address_of_a_person_in_a_melding(region):
    region.write("hulp", "melding:\n  tekst: Mail in de zomer naar a.devries@hulp.example.nl.\n  tot: 2026-12-31\n")
    assert region.warnings() == [
        ("hulp.yaml", 16, "melding.tekst",
         "is 'a.devries@hulp.example.nl' het e-mailadres van een persoon? Persoonsgegevens horen niet op de "
         "openbare kaart: zet een direct adres in de partnermap (partners/hulp.yaml), en hier het algemene adres "
         "uit contact.email")]


@pytest.mark.parametrize("field", [
    "samenvatting: Bel Piet op 0612345678.",
    "samenvatting: Bel Piet op +31 (0)6 12345678.",
    "samenvatting: Bel Piet, 06 - 12 34 56 78.",
    "aanmelden:\n  manieren: [zelf-bellen]\n  uitleg: Bel Piet (06-12345678).",
    "contact:\n  telefoon: \"030 123 45 10\"\n  bereikbaarheid: Of Piet, +31 6 12345678.",
    "doorverwijzen:\n  werkwijze: Bel Piet op 030 765 43 21.",
    "doorverwijzen:\n  meenemen: [een briefje voor Piet, 06 12 34 56 78]",
    ("locaties:\n  - naam: Buurthuis\n    adres: Straat 1\n    postcode: 1234 AB\n    plaats: Dijkhaven\n"
     "    toelichting: Vraag naar Piet, 0031 6 12 34 56 78."),
])
def test_every_free_text_is_looked_at(region, field):
    region.write("hulp", field)
    found = region.warnings()
    assert len(found) == 1 and "het telefoonnummer van een persoon" in found[0][3], found


def test_numbers_the_map_publishes_anyway_are_no_warning(region):
    region.write("hulp", "beschrijving: |\n  Bel ons op 030-1234510 of +31 (0)30 123 45 10, of de Schuldhulp van de gemeente op 030 200 40 "
                         "00.\n  Of bel Buurthulp: (030) 123 45 11. Geldfit: 0800-8115. Juridisch: 0900 8020. "
                         "Ons kantoor: 088 123 4567.\n")
    region.write("buur", telefoon="030 123 45 11", naam="Buurthulp")
    assert region.warnings() == []


def test_addresses_the_map_publishes_anyway_and_role_addresses_are_no_warning(region):
    region.write("hulp", "beschrijving: Mail info@hulp.example.nl, aanmelden.noord@hulp.example.nl, "
                         "secretariaat@wijk.example.nl of de redactie via socialekaart@dijkhaven.example.nl.\n")
    region.write("buur", email="anna@buur.example.nl", naam="Buurthulp")
    region.write("derde", "samenvatting: Of mail Anna van Buurthulp (anna@buur.example.nl).\n", telefoon="030 123 45 12",
                 email="hallo@derde.example.nl", naam="Derde")
    assert region.warnings() == []


def test_dates_times_amounts_and_account_numbers_are_no_phone_numbers(region):
    region.write("hulp", "beschrijving: |\n  Sinds 2015 helpen wij 300 gezinnen per jaar. Open van 09:30 tot 12:00 "
                         "en van 9.00-17.00 uur.\n  Op 01-09-2026 en 12-03-2026 zijn wij dicht. Kosten: € 1.250,00. "
                         "KvK 12345678, IBAN NL91 ABNA 0417 1643 00.\n  Postcode 1234 AB, bus 0612.\n")
    assert region.warnings() == []


def test_a_warning_fails_check_only_with_strict(region, run_build, plain_content):
    region.write("hulp", "samenvatting: Bel Piet op 06 12 34 56 78.\n")
    args = ("check", "--organisations", region.organisations, "--content", plain_content, "--today", TODAY.isoformat())
    plain = run_build(*args)
    strict = run_build(*args, "--strict")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "waarschuwing: samenvatting: is '06 12 34 56 78' het telefoonnummer van een persoon?" in plain.stdout
    assert strict.returncode == 1


def test_the_example_region_has_no_personal_data_in_its_texts():
    project = gather(str(REPO / "organisations"), str(REPO / "content"), TODAY)
    assert personal_data_warnings(project) == []
