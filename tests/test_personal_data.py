"""A person's phone number or e-mail address in a free text is a warning (issue 16).

Contact persons belong in the partner folder; a number in a beschrijving was published on the
public map without a word. Numbers and addresses the map publishes anyway (the organisation's own,
another organisation's, the gemeente's), service numbers and role addresses are no warning.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

from kaart.gather import gather  # noqa: E402
from kaart.personal import personal_data_warnings  # noqa: E402
from support import organisation_yaml  # noqa: E402

TODAY = date(2026, 11, 26)


def org_text(
    extra: str = "", telefoon: str = "030 123 45 10", email: str = "info@hulp.example.nl", naam: str = "Hulp"
) -> str:
    """An organisation file; `extra` is one more top-level block at its end, or replaces the block of its field."""
    return organisation_yaml(
        f"naam: {naam}",
        "samenvatting: Wij helpen u met uw post en uw geld.",
        f'contact:\n  telefoon: "{telefoon}"\n  email: {email}',
        extra,
    )


def write(region, slug: str, extra: str = "", **fields) -> Path:
    """Add an organisation to the region (fixture `region`, tests/conftest.py)."""
    return region.write(slug, org_text(extra, **fields))


def warnings(region) -> list[tuple[str, int, str, str]]:
    """The personal-data warnings of the region: (file name, line, field, message)."""
    return sorted((Path(w.path).name, w.line, w.field, w.message) for w in personal_data_warnings(region.gather()))


def test_a_mobile_number_of_a_person_in_the_description(region):
    write(region, "hulp", "beschrijving: |\n  Wij helpen u graag.\n\n  Bel coördinator Anna op 06 12 34 56 78.\n")
    assert warnings(region) == [
        (
            "hulp.yaml",
            18,
            "beschrijving",
            "is '06 12 34 56 78' het telefoonnummer van een persoon? Persoonsgegevens horen niet op de openbare "
            "kaart: zet een direct nummer in de partnermap (partners/hulp.yaml), en hier het algemene nummer uit "
            "contact.telefoon",
        )
    ]


def test_an_address_of_a_person_in_a_melding(region):
    write(region, "hulp", "melding:\n  tekst: Mail in de zomer naar a.devries@hulp.example.nl.\n  tot: 2026-12-31\n")
    assert warnings(region) == [
        (
            "hulp.yaml",
            16,
            "melding.tekst",
            "is 'a.devries@hulp.example.nl' het e-mailadres van een persoon? Persoonsgegevens horen niet op de "
            "openbare kaart: zet een direct adres in de partnermap (partners/hulp.yaml), en hier het algemene adres "
            "uit contact.email",
        )
    ]


@pytest.mark.parametrize(
    "field",
    [
        "samenvatting: Bel Piet op 0612345678.",
        "samenvatting: Bel Piet op +31 (0)6 12345678.",
        "samenvatting: Bel Piet, 06 - 12 34 56 78.",
        "aanmelden:\n  manieren: [zelf-bellen]\n  uitleg: Bel Piet (06-12345678).",
        "contact:\n  telefoon: \"030 123 45 10\"\n  bereikbaarheid: Of Piet, +31 6 12345678.",
        "doorverwijzen:\n  werkwijze: Bel Piet op 030 765 43 21.",
        "doorverwijzen:\n  meenemen: [een briefje voor Piet, 06 12 34 56 78]",
        (
            "locaties:\n  - naam: Buurthuis\n    adres: Straat 1\n    postcode: 1234 AB\n    plaats: Dijkhaven\n"
            "    toelichting: Vraag naar Piet, 0031 6 12 34 56 78."
        ),
    ],
)
def test_every_free_text_is_looked_at(region, field):
    write(region, "hulp", field)
    found = warnings(region)
    assert len(found) == 1 and "het telefoonnummer van een persoon" in found[0][3], found


def test_numbers_the_map_publishes_anyway_are_no_warning(region):
    write(
        region,
        "hulp",
        "beschrijving: |\n  Bel ons op 030-1234510 of +31 (0)30 123 45 10, of de Schuldhulp van de gemeente op 030 200 40 "
        "00.\n  Of bel Buurthulp: (030) 123 45 11. Geldfit: 0800-8115. Juridisch: 0900 8020. "
        "Ons kantoor: 088 123 4567.\n",
    )
    write(region, "buur", telefoon="030 123 45 11", naam="Buurthulp")
    assert warnings(region) == []


def test_addresses_the_map_publishes_anyway_and_role_addresses_are_no_warning(region):
    write(
        region,
        "hulp",
        "beschrijving: Mail info@hulp.example.nl, aanmelden.noord@hulp.example.nl, "
        "secretariaat@wijk.example.nl of de redactie via socialekaart@dijkhaven.example.nl.\n",
    )
    write(region, "buur", email="anna@buur.example.nl", naam="Buurthulp")
    write(
        region,
        "derde",
        "samenvatting: Of mail Anna van Buurthulp (anna@buur.example.nl).\n",
        telefoon="030 123 45 12",
        email="hallo@derde.example.nl",
        naam="Derde",
    )
    assert warnings(region) == []


def test_dates_times_amounts_and_account_numbers_are_no_phone_numbers(region):
    write(
        region,
        "hulp",
        "beschrijving: |\n  Sinds 2015 helpen wij 300 gezinnen per jaar. Open van 09:30 tot 12:00 "
        "en van 9.00-17.00 uur.\n  Op 01-09-2026 en 12-03-2026 zijn wij dicht. Kosten: € 1.250,00. "
        "KvK 12345678, IBAN NL91 ABNA 0417 1643 00.\n  Postcode 1234 AB, bus 0612.\n",
    )
    assert warnings(region) == []


def test_a_warning_fails_check_only_with_strict(region, run_build, plain_content):
    write(region, "hulp", "samenvatting: Bel Piet op 06 12 34 56 78.\n")
    args = ("check", "--organisations", region.organisations, "--content", plain_content, "--today", TODAY.isoformat())
    plain = run_build(*args)
    strict = run_build(*args, "--strict")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert "waarschuwing: samenvatting: is '06 12 34 56 78' het telefoonnummer van een persoon?" in plain.stdout
    assert strict.returncode == 1


def test_the_example_region_has_no_personal_data_in_its_texts():
    project = gather(str(REPO / "organisations"), str(REPO / "content"), TODAY)
    assert personal_data_warnings(project) == []
