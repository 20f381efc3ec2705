"""The rules of schema.py, one test per rule, with the Dutch message an editor reads.

Every test starts from a valid minimal organisation whose values are all *text*, as
kaart/read_yaml.py gives them (the reader never lets YAML guess a type), and changes one field.
The message is checked through kaart.validate.dutch_message, the function that turns a
pydantic error into the line `check` prints.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

import schema
from kaart.positions import dotted
from kaart.read_files import read_yaml_file
from kaart.text import USUAL_NUMBER
from kaart.validate import CONTACTPERSOON, dutch_message

TODAY = date(2026, 11, 26)
DATA = Path(__file__).resolve().parent / "data"
"""The contract's example files (organisatie.voorbeeld.yaml, partner.voorbeeld.yaml), kept in the repository."""

MINIMAL = {
    "naam": "Voorbeeld Hulp",
    "soort": "vrijwilligersorganisatie",
    "samenvatting": "Wij helpen u met uw post en uw geld.",
    "werkgebied": {"gemeenten": ["Dijkhaven"]},
    "fases": ["voor-aanmelding"],
    "rollen": ["praktische-steun"],
    "doelgroepen": ["iedereen"],
    "aanmelden": {"manieren": ["zelf-bellen"]},
    "contact": {"telefoon": "030 123 45 67"},
    "gecontroleerd": "2026-09-01",
}

LOCATIE = {
    "naam": "Buurthuis De Haven",
    "adres": "Havenstraat 1",
    "postcode": "1234 AB",
    "plaats": "Dijkhaven",
    "spreekuren": [{"dag": "dinsdag", "van": "09:30", "tot": "12:00", "vorm": "inloop"}],
}

PARTNER = {
    "contactpersoon": {
        "naam": "Anna de Vries",
        "functie": "coördinator",
        "telefoon": "06 12 34 56 78",
        "email": "coordinator@voorbeeld.nl",
    },
    "notitie": "Bel liever niet op vrijdag.",
}


@pytest.fixture(scope="module")
def vocab(repo) -> schema.Taxonomie:
    doc, problems = read_yaml_file(str(repo / "content" / "taxonomie.yaml"))
    assert doc is not None, problems
    return schema.Taxonomie.model_validate(doc.data)


@pytest.fixture(scope="module")
def context(vocab) -> dict:
    return {"vocab": vocab, "today": TODAY}


def org(**changes) -> dict:
    """MINIMAL with top-level fields replaced (None as value removes the field)."""
    data = copy.deepcopy(MINIMAL)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def with_locatie(**changes) -> dict:
    """MINIMAL with one location; `changes` go into the location, `uur_*` into its spreekuur."""
    locatie = copy.deepcopy(LOCATIE)
    for key, value in changes.items():
        target, key = (locatie["spreekuren"][0], key[4:]) if key.startswith("uur_") else (locatie, key)
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return org(locaties=[locatie])


def with_contact(**fields) -> dict:
    return org(contact=fields)


def valid(data: dict, context: dict) -> schema.Organisatie:
    return schema.Organisatie.model_validate(data, context=context)


def errors(data: dict, context: dict, model=schema.Organisatie) -> list[tuple[str, str]]:
    """(field path, Dutch message) of every error, as `check` would print them."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data, context=context)
    return [(dotted(tuple(e["loc"])), dutch_message(e)) for e in caught.value.errors(include_url=False)]


def one_error(data: dict, context: dict, model=schema.Organisatie) -> tuple[str, str]:
    found = errors(data, context, model)
    assert len(found) == 1, found
    return found[0]


# --- the contract files themselves ------------------------------------------------------


def contract_file(name: str) -> Path:
    return DATA / name


def test_minimal_organisation_is_valid(context):
    result = valid(org(), context)
    assert result.talen == ["nl"], "talen defaults to [nl]"
    assert result.gecontroleerd == date(2026, 9, 1)


def test_the_contract_example_file_is_valid_as_written(context):
    """organisatie.voorbeeld.yaml: 'Every field below must be accepted exactly as written here'."""
    doc, problems = read_yaml_file(str(contract_file("organisatie.voorbeeld.yaml")))
    assert doc is not None, problems
    result = valid(doc.data, context)
    assert result.locaties[0].postcode == "1234 AB"
    assert result.locaties[0].spreekuren[0].van == "09:30"
    assert result.talen == ["nl", "en", "tr", "pap"]
    assert result.doorverwijzen.terugkoppeling is True
    assert result.samenwerking.vrijwilligers == 40


def test_the_partner_example_file_is_valid_as_written():
    """partner.voorbeeld.yaml is the contract of the partner file, values included."""
    doc, problems = read_yaml_file(str(contract_file("partner.voorbeeld.yaml")))
    assert doc is not None, problems
    partner = schema.Partner.model_validate(doc.data)
    assert partner.contactpersoon.naam == "Anna de Vries"


# --- required fields, extra fields ---------------------------------------------------------

REQUIRED = [
    "naam",
    "soort",
    "samenvatting",
    "werkgebied",
    "fases",
    "rollen",
    "doelgroepen",
    "aanmelden",
    "contact",
    "gecontroleerd",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_required_field_missing(context, name):
    assert one_error(org(**{name: None}), context) == (name, "dit veld ontbreekt; het is verplicht")


@pytest.mark.parametrize("name", ["naam", "adres", "postcode", "plaats"])
def test_required_location_field_missing(context, name):
    assert one_error(with_locatie(**{name: None}), context) == (
        f"locaties[0].{name}",
        "dit veld ontbreekt; het is verplicht",
    )


@pytest.mark.parametrize("name", ["dag", "van", "tot", "vorm"])
def test_required_spreekuur_field_missing(context, name):
    assert one_error(with_locatie(**{f"uur_{name}": None}), context) == (
        f"locaties[0].spreekuren[0].{name}",
        "dit veld ontbreekt; het is verplicht",
    )


def test_required_nested_fields_missing(context):
    assert one_error(org(aanmelden={"uitleg": "Bel ons."}), context) == (
        "aanmelden.manieren",
        "dit veld ontbreekt; het is verplicht",
    )
    assert one_error(org(melding={"tekst": "Dicht."}), context) == (
        "melding.tot",
        "dit veld ontbreekt; het is verplicht",
    )
    assert one_error(org(melding={"tot": "2027-01-04"}), context) == (
        "melding.tekst",
        "dit veld ontbreekt; het is verplicht",
    )


def test_required_field_present_but_empty(context):
    path, message = one_error(org(naam=""), context)
    assert path == "naam" and "te kort" in message
    data = org()
    data["naam"] = None  # `naam:` with nothing after it
    path, message = one_error(data, context)
    assert path == "naam" and message.startswith("is leeg")


def test_extra_field_is_rejected(context):
    assert one_error(org(samenvating="Typfout."), context) == (
        "samenvating",
        "'samenvating' is geen bekend veld; bedoelt u 'samenvatting'?",
    )


def test_extra_nested_field_is_rejected(context):
    assert one_error(with_contact(telefoon="030 123 45 67", fax="030 123 45 68"), context) == (
        "contact.fax",
        "'fax' is geen bekend veld; haal het weg of controleer de spelling",
    )


# --- text lengths -------------------------------------------------------------------------


@pytest.mark.parametrize("naam", ["Ab", "A" * 120])
def test_naam_length_accepted(context, naam):
    assert valid(org(naam=naam), context).naam == naam


def test_naam_too_short(context):
    assert one_error(org(naam="X"), context) == ("naam", "is te kort (minstens 2 tekens)")


def test_naam_too_long(context):
    assert one_error(org(naam="A" * 121), context) == ("naam", "is te lang (121 tekens; hooguit 120)")


def test_samenvatting_200_characters_is_accepted(context):
    assert len(valid(org(samenvatting="a" * 200), context).samenvatting) == 200


def test_samenvatting_over_200_characters(context):
    assert one_error(org(samenvatting="a" * 201), context) == ("samenvatting", "is te lang (201 tekens; hooguit 200)")


def test_samenvatting_is_one_paragraph(context):
    """A stray `|` keeps line breaks; plain text fields are one paragraph."""
    assert valid(org(samenvatting="Regel een.\nRegel twee.\n"), context).samenvatting == "Regel een. Regel twee."


# --- vocabulary ----------------------------------------------------------------------------


def test_unknown_vocabulary_key_suggests_the_close_one(context):
    assert one_error(org(fases=["voor-aanmelding", "nazorgg"]), context) == (
        "fases[1]",
        "'nazorgg' is geen fase; bedoelt u 'nazorg'?",
    )


def test_unknown_vocabulary_key_without_close_match_lists_the_choices(context):
    assert one_error(org(fases=["zzzqqq"]), context) == (
        "fases[0]",
        "'zzzqqq' is geen fase; kies uit: voor-aanmelding, tijdens-traject, begeleiding, nazorg",
    )


@pytest.mark.parametrize(
    "field, value, path, noun",
    [
        ("soort", "vrijwiligersorganisatie", "soort", "soort organisatie"),
        ("rollen", ["morele-stuen"], "rollen[0]", "rol"),
        ("activiteiten", ["stabiliseeren"], "activiteiten[0]", "activiteit"),
        ("doelgroepen", ["jongern"], "doelgroepen[0]", "doelgroep"),
        ("aanmelden", {"manieren": ["inlop"]}, "aanmelden.manieren[0]", "manier van aanmelden"),
        ("samenwerking", {"relatie": "subsidies"}, "samenwerking.relatie", "relatie"),
        ("samenwerking", {"financiering": ["fonds"]}, "samenwerking.financiering[0]", "bron van financiering"),
    ],
)
def test_every_vocabulary_field_checks_its_keys(context, field, value, path, noun):
    found_path, message = one_error(org(**{field: value}), context)
    assert found_path == path
    assert f"is geen {noun}; bedoelt u '" in message


def test_vocabulary_comes_from_the_context(context, vocab):
    """A municipality may add a key to content/taxonomie.yaml without touching code."""
    extra = vocab.model_copy(
        update={"doelgroep": {**vocab.doelgroep, "studenten": schema.Term(label="Studenten", uitleg="Voor studenten.")}}
    )
    assert valid(org(doelgroepen=["studenten"]), {**context, "vocab": extra}).doelgroepen == ["studenten"]


def test_list_defaults_of_an_organisation_are_made_not_copied_and_still_shown_to_the_editor():
    """pydantic deep-copies a default list for every file that leaves its field out; a default_factory
    makes a new one instead, and the JSON Schema shows its value as a default all the same."""
    from pydantic import BaseModel

    todo, seen = [schema.Organisatie, schema.Partner], set()
    while todo:
        model = todo.pop()
        seen.add(model)
        for name, info in model.model_fields.items():
            assert not isinstance(info.default, list), f"{model.__name__}.{name}"
            for arg in getattr(info.annotation, "__args__", ()) + (info.annotation,):
                for inner in getattr(arg, "__args__", ()) + (arg,):
                    if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in seen:
                        todo.append(inner)
    assert {schema.Locatie, schema.Werkgebied, schema.Doorverwijzen} <= seen
    generated = schema.Organisatie.model_json_schema()
    assert generated["properties"]["talen"]["default"] == ["nl"]
    assert generated["properties"]["activiteiten"]["default"] == []
    assert generated["$defs"]["Locatie"]["properties"]["spreekuren"]["default"] == []
    first, second = (valid(MINIMAL, {}) for _ in range(2))
    assert first.talen == ["nl"] and first.activiteiten == [] and first.talen is not second.talen


def test_a_model_used_only_inside_another_gets_no_validator_of_its_own_until_used():
    """schema.Part: pydantic builds their validators on first use, not at import (the build validates
    them through the model that holds them); used by itself, such a model validates as before."""
    import subprocess
    import sys

    code = (
        "import schema; parts = [m for m in vars(schema).values() if isinstance(m, type) and "
        "issubclass(m, schema.Part) and m is not schema.Part]; "
        "parts.append(schema.Partner); "
        "print(len(parts), sum(m.__pydantic_complete__ for m in parts), schema.Organisatie.__pydantic_complete__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(schema.__file__).parent, capture_output=True, text=True
    )
    count, complete, organisation = result.stdout.split()
    assert int(count) >= 10 and complete == "0" and organisation == "True", result.stderr
    assert schema.Term(label="Iedereen", uitleg="Voor iedereen.").label == "Iedereen"
    with pytest.raises(ValidationError):
        schema.Werkgebied.model_validate({"landelijk": "true", "gemeenten": ["Dijkhaven"]})


def test_the_facet_table_names_each_list_of_vocabulary_keys():
    """schema.FACET_FIELDS (the one table derive, search and open data read) says which facet's keys
    each list of an organisation holds, as the model itself does, and misses none."""
    properties = schema.Organisatie.model_json_schema()["properties"]
    lists = {
        name: prop["items"]["x-vocabulaire"]
        for name, prop in properties.items()
        if "x-vocabulaire" in prop.get("items", {})
    }
    assert lists == {field: facet for facet, field in schema.FACET_FIELDS.items()}
    assert set(schema.FACET_FIELDS) <= set(schema.Taxonomie.model_fields)


@pytest.mark.parametrize(
    "field, value, path",
    [
        ("fases", ["nazorg", "nazorg"], "fases"),
        ("rollen", ["morele-steun", "praktische-steun", "morele-steun"], "rollen"),
        ("doelgroepen", ["iedereen", "iedereen"], "doelgroepen"),
    ],
)
def test_duplicate_key_in_a_list(context, field, value, path):
    assert one_error(org(**{field: value}), context) == (path, f"'{value[-1]}' staat twee keer in de lijst")


def test_empty_required_list(context):
    assert one_error(org(fases=[]), context) == ("fases", "de lijst moet minstens 1 waarde(n) hebben")


def test_text_where_a_list_belongs(context):
    path, message = one_error(org(fases="nazorg"), context)
    assert path == "fases" and message.startswith("hier hoort een lijst")


# --- werkgebied ----------------------------------------------------------------------------


def test_werkgebied_landelijk(context):
    assert valid(org(werkgebied={"landelijk": "true"}), context).werkgebied.landelijk is True


def test_werkgebied_wijken_in_one_gemeente(context):
    result = valid(org(werkgebied={"gemeenten": ["Dijkhaven"], "wijken": ["Noord", "Centrum"]}), context)
    assert result.werkgebied.wijken == ["Noord", "Centrum"]


def test_werkgebied_landelijk_and_gemeenten(context):
    assert one_error(org(werkgebied={"landelijk": "true", "gemeenten": ["Dijkhaven"]}), context) == (
        "werkgebied",
        "kies óf 'landelijk: true' óf een lijst 'gemeenten', niet allebei",
    )


@pytest.mark.parametrize("werkgebied", [{}, {"landelijk": "false"}, {"gemeenten": []}])
def test_werkgebied_neither(context, werkgebied):
    assert one_error(org(werkgebied=werkgebied), context) == (
        "werkgebied",
        "vul 'gemeenten' in (bijvoorbeeld [Voorbeeldstad]) of 'landelijk: true'",
    )


def test_werkgebied_wijken_with_two_gemeenten(context):
    assert one_error(org(werkgebied={"gemeenten": ["Dijkhaven", "Wierdam"], "wijken": ["Noord"]}), context) == (
        "werkgebied",
        "'wijken' mag alleen als er precies één gemeente is",
    )


def test_werkgebied_same_gemeente_twice(context):
    assert one_error(org(werkgebied={"gemeenten": ["Dijkhaven", "Dijkhaven"]}), context) == (
        "werkgebied.gemeenten",
        "'Dijkhaven' staat twee keer in de lijst",
    )


# --- phone numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "030 123 45 67",
        "0301234567",
        "030-1234567",
        "030 - 123 45 67",
        "(030) 123 45 67",
        "+31 30 123 45 67",
        "+31301234567",
        "0031 30 1234567",
        "+31 (0)30 123 45 67",
    ],
)
def test_phone_formats_are_written_one_way(context, written):
    shown = valid(with_contact(telefoon=written), context).contact.telefoon
    assert shown == valid(with_contact(telefoon="030 123 45 67"), context).contact.telefoon
    assert "".join(ch for ch in shown if ch.isdigit()) == "0301234567"


@pytest.mark.parametrize("written", ["06 12 34 56 78", "0612345678", "+31 6 12345678", "06-12345678"])
def test_mobile_formats_are_written_one_way(context, written):
    assert (
        valid(with_contact(telefoon=written), context).contact.telefoon
        == valid(with_contact(telefoon="0612345678"), context).contact.telefoon
    )


@pytest.mark.parametrize("written", ["0800 1234", "0900 0123", "088 123 45 67"])
def test_service_numbers_are_accepted(context, written):
    assert valid(with_contact(telefoon=written), context).contact.telefoon


@pytest.mark.parametrize(
    "written", ["12345", "030 123", "030 123 45 678", "bel ons", "06 1234", "0000000000", "+1 555"]
)
def test_invalid_phone_number(context, written):
    assert one_error(with_contact(telefoon=written), context) == (
        "contact.telefoon",
        f"'{written}' is geen geldig Nederlands telefoonnummer; schrijf het bijvoorbeeld als \"030 123 45 67\"",
    )


@pytest.mark.parametrize("written", ["06 98 76 54 32", "0999 99 99 99", "0555 55 55 55", "030 123 45 67", "0800 1234"])
def test_an_accepted_number_is_shown_with_all_its_digits(context, written):
    """Whatever is accepted is shown as a number one can dial: the leading 0 included.
    (Numbers in ranges not handed out yet may be accepted or refused; shown, they must be whole.)"""
    try:
        shown = valid(with_contact(telefoon=written), context).contact.telefoon
    except ValidationError:
        assert written not in ("030 123 45 67", "0800 1234"), f"{written} is a valid number"
        return
    assert shown.startswith("0"), shown
    assert "".join(ch for ch in shown if ch.isdigit()) == "".join(ch for ch in written if ch.isdigit())


def test_a_usual_number_is_read_as_phonenumbers_parses_it():
    """_usual_number, the quick way for `0` and nine digits, gives the number phonenumbers.parse gives
    (or None, and the general way): for each area and mobile prefix, valid and not, spaced any way."""
    import random

    import phonenumbers

    chance = random.Random(20261202)
    quick = 0
    for first in range(1, 10):
        for second in range(10):
            for _ in range(25):
                digits = f"0{first}{second}" + "".join(chance.choice("0123456789") for _ in range(7))
                written = digits[:2] + "".join((" " if chance.random() < 0.3 else "") + d for d in digits[2:])
                number = schema._usual_number(written)
                if number is not None:
                    quick += 1
                    assert number == phonenumbers.parse(written, "NL") and phonenumbers.is_valid_number(number)
                    assert schema._phone.__wrapped__(written) == phonenumbers.format_number(
                        number, phonenumbers.PhoneNumberFormat.NATIONAL
                    )
                elif USUAL_NUMBER.fullmatch(written):  # written the usual way, but not valid
                    try:
                        assert not phonenumbers.is_valid_number(phonenumbers.parse(written, "NL")), written
                    except phonenumbers.NumberParseException:
                        pass
    assert quick > 1000  # the quick way was taken for most
    for other in ("030-1234567", "+31 30 123 45 67", "030  123 45 67", "0030 123 45 67", "030 123 45 6x"):
        assert schema._usual_number(other) is None


def test_a_usual_number_is_written_as_phonenumbers_writes_it():
    """_usual_form writes a number from the form kept for its first three digits (of the nine): the same
    text as phonenumbers' own for the number, or None (and the general way) when it is not valid, for
    every three leading digits, with digits after them at random and spaces anywhere."""
    import random

    import phonenumbers

    chance = random.Random(11)
    schema._USUAL_FORMS.clear()
    quick = 0
    for first in range(100, 1000):
        for _ in range(12):
            digits = str(first) + "".join(chance.choice("0123456789") for _ in range(6))
            written = "0" + "".join((" " if chance.random() < 0.3 and n else "") + d for n, d in enumerate(digits))
            number = phonenumbers.parse(written, "NL")
            expected = None
            if phonenumbers.is_valid_number(number):
                expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            assert schema._usual_form(written) == expected, written
            quick += expected is not None
    assert quick > 3000 and len(schema._USUAL_FORMS) == 900
    assert schema._usual_form("030 123 45 67") == "030 123 4567"
    assert schema._usual_form("+31 30 123 45 67") is None
    assert schema._written_form("030 123 4567", "301234567") == "0{}{} {}{}{} {}{}{}{}"
    assert schema._written_form("030 123 4567", "301234568") is None


def test_whatsapp_is_a_phone_number_too(context):
    path, message = one_error(with_contact(telefoon="030 123 45 67", whatsapp="appen"), context)
    assert path == "contact.whatsapp" and "geen geldig Nederlands telefoonnummer" in message


# --- e-mail and web addresses --------------------------------------------------------------


@pytest.mark.parametrize("written", ["info@voorbeeld.nl", "hulp.en.advies@gemeente-dijkhaven.nl"])
def test_valid_email(context, written):
    assert valid(with_contact(email=written), context).contact.email == written


@pytest.mark.parametrize(
    "written",
    ["info.voorbeeld.nl", "info@", "@voorbeeld.nl", "info@voorbeeld", "info @voorbeeld.nl", "info@@voorbeeld.nl"],
)
def test_invalid_email(context, written):
    assert one_error(with_contact(email=written), context) == (
        "contact.email",
        f"'{written}' is geen geldig e-mailadres",
    )


def test_a_usual_address_is_read_as_email_validator_reads_it():
    """_usual_address, the quick way for a plain address, gives the local part and address the library
    gives, and only for addresses it accepts (else None, and the general way): for edge cases and for
    addresses put together at random from the characters and labels where the rules bite."""
    import random

    from email_validator import EmailNotValidError, validate_email

    def library(written: str):
        try:
            checked = validate_email(written, check_deliverability=False)
        except EmailNotValidError:
            return None
        return checked.local_part, checked.normalized

    locals_ = [
        "info",
        "Info",
        "POSTMASTER",
        "a.b",
        ".a",
        "a.",
        "a..b",
        "a+b",
        "a?b",
        "x#y",
        "o'brien",
        "é",
        "a b",
        '"a"',
    ]
    labels = [
        "voorbeeld",
        "a",
        "1",
        "-a",
        "a-",
        "a-b",
        "ab--c",
        "xn--bcher-kva",
        "a--b",
        "Voorbeeld",
        "x" * 63,
        "x" * 64,
    ]
    tlds = ["nl", "com", "1", "n1", "test", "local", "localhost", "invalid", "onion", "arpa", "x-y", "x" * 63, "NL", ""]
    written = [f"{local}@{label}.{tld}" for local in locals_ for label in labels for tld in tlds]
    written += ["info@voorbeeld", "info@@voorbeeld.nl", "@voorbeeld.nl", "info@", "a@b.test.nl", "a@nl.test"]
    written += [
        "a@" + ".".join(["x" * 63] * 4) + ".nl",
        "a" * 64 + "@" + "x" * 60 + ".nl",
        "a" * 200 + "@" + "b" * 50 + ".nl",
    ]
    chance = random.Random(7)
    alphabet = "ab9.-_+?@X"
    written += ["".join(chance.choice(alphabet) for _ in range(chance.randint(3, 14))) + ".nl" for _ in range(3000)]
    quick = 0
    for address in written:
        usual = schema._usual_address(address)
        if usual is not None:
            quick += 1
            assert usual == library(address), address
    assert quick > 150  # the quick way was taken for many
    assert schema._usual_address("info@voorbeeld.nl") == ("info", "info@voorbeeld.nl")
    assert schema._usual_address("Info@voorbeeld.nl") == ("info", "info@voorbeeld.nl")


def test_the_quick_way_for_addresses_holds_the_limits_and_names_of_email_validator():
    import email_validator
    from email_validator import rfc_constants

    assert schema.EMAIL_MAX_LENGTH == rfc_constants.EMAIL_MAX_LENGTH
    assert schema.DOMAIN_MAX_LENGTH == rfc_constants.DOMAIN_MAX_LENGTH
    assert schema.CASE_INSENSITIVE_MAILBOX_NAMES == set(rfc_constants.CASE_INSENSITIVE_MAILBOX_NAMES)
    assert set(schema.SPECIAL_USE_DOMAIN_NAMES) == set(email_validator.SPECIAL_USE_DOMAIN_NAMES)
    assert email_validator.STRICT is False and email_validator.GLOBALLY_DELIVERABLE is True
    assert email_validator.TEST_ENVIRONMENT is False


def test_a_build_of_usual_addresses_does_not_import_email_validator(tmp_path):
    """The library is imported for an address out of the ordinary only: a map of usual ones never waits for it."""
    import subprocess
    import sys

    code = (
        "import sys, schema; assert schema._email('info@voorbeeld.nl') == 'info@voorbeeld.nl'; "
        "print('email_validator' in sys.modules); schema._email('Info@Voorbeeld.NL'); print('email_validator' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(schema.__file__).parent, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


@pytest.mark.parametrize(
    "written",
    ["https://www.voorbeeld.nl", "http://voorbeeld.nl/pagina?a=1&b=2", "https://www.voorbeeld.nl/hulp/#aanmelden"],
)
def test_valid_website(context, written):
    assert valid(with_contact(website=written), context).contact.website == written


@pytest.mark.parametrize(
    "written",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<b>hoi</b>",
        "ftp://ftp.voorbeeld.nl",
        "www.voorbeeld.nl",
        "mailto:info@voorbeeld.nl",
        "https://",
        "https://localhost",
        "vbscript:msgbox(1)",
    ],
)
def test_invalid_website(context, written):
    path, message = one_error(with_contact(website=written), context)
    assert path == "contact.website"
    assert message.startswith(f"'{written}' is geen geldig webadres")


# --- postcode ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["1234AB", "1234 AB", "1234ab", "1234 ab"])
def test_postcode_is_written_one_way(context, written):
    assert valid(with_locatie(postcode=written), context).locaties[0].postcode == "1234 AB"


@pytest.mark.parametrize("written", ["0123 AB", "12345", "1234", "1234 A", "1234 ABC", "AB 1234", "1234-AB"])
def test_invalid_postcode(context, written):
    assert one_error(with_locatie(postcode=written), context) == (
        "locaties[0].postcode",
        f"'{written}' is geen Nederlandse postcode; schrijf bijvoorbeeld 1234 AB",
    )


# --- spreekuren ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, shown", [("9:30", "09:30"), ("09:30", "09:30"), ("0:00", "00:00"), ("23:59", "23:59")]
)
def test_time_is_written_hh_mm(context, written, shown):
    tot = "23:59" if written != "23:59" else None
    data = with_locatie(uur_van=written if tot else "08:00", uur_tot=tot or written)
    uur = valid(data, context).locaties[0].spreekuren[0]
    assert (uur.van if tot else uur.tot) == shown


@pytest.mark.parametrize(
    "field, written",
    [("tot", "24:00"), ("van", "9.30"), ("van", "930"), ("tot", "12:60"), ("van", "9u30"), ("van", "negen uur")],
)
def test_invalid_time(context, field, written):
    assert one_error(with_locatie(**{f"uur_{field}": written}), context) == (
        f"locaties[0].spreekuren[0].{field}",
        f"'{written}' is geen tijd; schrijf uren en minuten als \"09:30\"",
    )


@pytest.mark.parametrize("van, tot", [("13:00", "12:00"), ("12:00", "12:00"), ("9:30", "09:00")])
def test_tot_before_van(context, van, tot):
    path, message = one_error(with_locatie(uur_van=van, uur_tot=tot), context)
    assert path == "locaties[0].spreekuren[0]"
    assert message.startswith("'tot' (") and "moet later zijn dan 'van'" in message


@pytest.mark.parametrize("dag", ["Maandag", "ma", "maandagochtend", "monday", "dagelijks"])
def test_dag_is_a_weekday(context, dag):
    assert one_error(with_locatie(uur_dag=dag), context) == (
        "locaties[0].spreekuren[0].dag",
        f"'{dag}' mag hier niet; kies uit: maandag, dinsdag, woensdag, donderdag, vrijdag, zaterdag, zondag",
    )


@pytest.mark.parametrize("dag", ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"])
def test_every_weekday_is_accepted(context, dag):
    assert valid(with_locatie(uur_dag=dag), context).locaties[0].spreekuren[0].dag == dag


def test_vorm(context):
    assert valid(with_locatie(uur_vorm="op-afspraak"), context).locaties[0].spreekuren[0].vorm == "op-afspraak"
    assert one_error(with_locatie(uur_vorm="telefonisch"), context) == (
        "locaties[0].spreekuren[0].vorm",
        "'telefonisch' mag hier niet; kies uit: inloop, op-afspraak",
    )


def test_rolstoeltoegankelijk_is_true_or_false(context):
    assert valid(with_locatie(rolstoeltoegankelijk="false"), context).locaties[0].rolstoeltoegankelijk is False
    assert valid(with_locatie(), context).locaties[0].rolstoeltoegankelijk is None, "absent = unknown"
    assert one_error(with_locatie(rolstoeltoegankelijk="ja"), context) == (
        "locaties[0].rolstoeltoegankelijk",
        "'ja' is geen ja/nee-waarde; schrijf true of false",
    )


# --- languages -----------------------------------------------------------------------------


def test_talen_no_is_norwegian(context):
    """`no` is the ISO 639-1 code of Norwegian, not YAML 1.1's false."""
    assert valid(org(talen=["nl", "no"]), context).talen == ["nl", "no"]
    assert schema.taalnaam("no") == "Noors"


@pytest.mark.parametrize(
    "code, name",
    [
        ("nl", "Nederlands"),
        ("tr", "Turks"),
        ("pap", "Papiaments"),
        ("dse", "Nederlandse Gebarentaal"),
        ("ar", "Arabisch"),
    ],
)
def test_language_codes_of_two_and_three_letters(context, code, name):
    assert valid(org(talen=[code]), context).talen == [code]
    assert schema.taalnaam(code) == name


@pytest.mark.parametrize("code", ["xx", "nederlands", "n", "qqq"])
def test_invalid_language_code(context, code):
    assert one_error(org(talen=["nl", code]), context) == (
        "talen[1]",
        f"'{code}' is geen taalcode; gebruik de code van 2 of 3 letters (nl, en, tr, ar, pap)",
    )


def test_languages_are_pycountrys_own_read_from_its_files():
    """schema reads pycountry's data files itself (a faster start): the same folders, codes and names."""
    import os

    import pycountry

    assert os.path.samefile(schema.pycountry_folder("databases"), pycountry.DATABASE_DIR)
    assert os.path.samefile(schema.pycountry_folder("locales"), pycountry.LOCALES_DIR)
    for field in ("alpha_2", "alpha_3"):
        codes = {getattr(lang, field) for lang in pycountry.languages if hasattr(lang, field)}
        assert all(code.isascii() and code.isalpha() and code.islower() for code in codes)  # as _language_name reads
        for code in sorted(codes)[:: 1 if field == "alpha_2" else 20]:  # each lookup searches the file: a sample
            name = pycountry.languages.get(**{field: code}).name
            assert schema._language_name(code) == schema._language_name(code.upper()) == name
    assert schema._language_name("qq") is schema._language_name("qqq") is schema._language_name("n\u0131") is None


def test_language_database_file_as_language_name_reads_it():
    """_language_name finds a code's entry as text: every entry one object without braces inside, every code
    written `"alpha_2": "nl"`, so the text search finds what JSON has."""
    import json
    import re

    text = schema._iso639_file()
    entries = json.loads(text)["639-3"]
    objects = re.findall(rb"\{[^{}]*\}", text)
    assert [json.loads(o) for o in objects] == entries
    for field in ("alpha_2", "alpha_3"):
        written = re.findall(rb'"%s": "([^"]*)"' % field.encode(), text)
        assert [code.decode() for code in written] == [entry[field] for entry in entries if field in entry]


def test_language_twice(context):
    assert one_error(org(talen=["nl", "nl"]), context) == ("talen", "'nl' staat twee keer in de lijst")


# --- dates ---------------------------------------------------------------------------------


def test_gecontroleerd_today_is_accepted(context):
    assert valid(org(gecontroleerd="2026-11-26"), context).gecontroleerd == TODAY


def test_gecontroleerd_in_the_future(context):
    assert one_error(org(gecontroleerd="2026-11-27"), context) == (
        "gecontroleerd",
        "2026-11-27 ligt in de toekomst (na 2026-11-26)",
    )


@pytest.mark.parametrize(
    "written", ["2026-02-30", "2026-13-01", "2026-00-10", "01-09-2026", "1 september 2026", "2026/09/01"]
)
def test_impossible_or_misformatted_date(context, written):
    assert one_error(org(gecontroleerd=written), context) == (
        "gecontroleerd",
        f"'{written}' is geen bestaande datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-09-01",
    )


def test_date_with_a_time(context):
    path, message = one_error(org(gecontroleerd="2026-09-01 10:30:00"), context)
    assert path == "gecontroleerd" and "zonder tijd" in message


def test_melding_tot_is_a_real_date(context):
    assert valid(org(melding={"tekst": "Dicht.", "tot": "2027-01-04"}), context).melding.tot == date(2027, 1, 4)
    path, message = one_error(org(melding={"tekst": "Dicht.", "tot": "2027-02-29"}), context)
    assert path == "melding.tot" and "geen bestaande datum" in message


# --- numbers and booleans ------------------------------------------------------------------


def test_vrijwilligers_whole_number(context):
    assert valid(org(samenwerking={"vrijwilligers": "40"}), context).samenwerking.vrijwilligers == 40
    assert valid(org(samenwerking={"vrijwilligers": "0"}), context).samenwerking.vrijwilligers == 0


def test_vrijwilligers_negative(context):
    assert one_error(org(samenwerking={"vrijwilligers": "-1"}), context) == (
        "samenwerking.vrijwilligers",
        "moet minstens 0 zijn",
    )


@pytest.mark.parametrize("written", ["veertig", "40.5", "0x1F", "1e3"])
def test_vrijwilligers_not_a_whole_number(context, written):
    assert one_error(org(samenwerking={"vrijwilligers": written}), context) == (
        "samenwerking.vrijwilligers",
        f"'{written}' is geen heel getal",
    )


@pytest.mark.parametrize("written, value", [("true", True), ("false", False)])
def test_terugkoppeling_true_or_false(context, written, value):
    assert valid(org(doorverwijzen={"terugkoppeling": written}), context).doorverwijzen.terugkoppeling is value


@pytest.mark.parametrize("written", ["ja", "nee", "misschien", "wel"])
def test_terugkoppeling_not_a_boolean(context, written):
    assert one_error(org(doorverwijzen={"terugkoppeling": written}), context) == (
        "doorverwijzen.terugkoppeling",
        f"'{written}' is geen ja/nee-waarde; schrijf true of false",
    )


# --- contact and personal data -------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [("telefoon", "030 123 45 67"), ("email", "info@voorbeeld.nl"), ("website", "https://www.voorbeeld.nl")],
)
def test_one_way_of_contact_is_enough(context, field, value):
    assert getattr(valid(with_contact(**{field: value}), context).contact, field)


@pytest.mark.parametrize("contact", [{}, {"bereikbaarheid": "Op werkdagen"}, {"whatsapp": "06 12 34 56 78"}])
def test_contact_without_telefoon_email_or_website(context, contact):
    assert one_error(org(contact=contact), context) == ("contact", "vul minstens één van telefoon, email of website in")


@pytest.mark.parametrize("where", ["top", "doorverwijzen", "contact"])
def test_contactpersoon_in_the_organisation_file_points_to_the_partner_folder(context, where):
    person = {"naam": "Anna de Vries", "telefoon": "06 98 76 54 32"}
    if where == "top":
        data, path = org(contactpersoon=person), "contactpersoon"
    elif where == "doorverwijzen":
        data, path = org(doorverwijzen={"wanneer": "Altijd.", "contactpersoon": person}), "doorverwijzen.contactpersoon"
    else:
        data, path = org(contact={"telefoon": "030 123 45 67", "contactpersoon": person}), "contact.contactpersoon"
    found_path, message = one_error(data, context)
    assert found_path == path
    assert message == CONTACTPERSOON
    assert "partnermap" in message and "persoonsgegevens" in message


# --- the partner file ----------------------------------------------------------------------


def partner(**changes) -> dict:
    data = copy.deepcopy(PARTNER)
    for key, value in changes.items():
        target = data["contactpersoon"] if key in ("naam", "functie", "telefoon", "email") else data
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return data


def test_partner_minimal():
    result = schema.Partner.model_validate({"contactpersoon": {"naam": "Anna", "email": "anna@voorbeeld.nl"}})
    assert result.notitie is None


def test_partner_phone_is_normalised():
    result = schema.Partner.model_validate(partner(telefoon="0612345678"))
    assert result.contactpersoon.telefoon == schema.Partner.model_validate(partner()).contactpersoon.telefoon


def test_partner_without_contactpersoon():
    assert one_error({"notitie": "Hoi."}, {}, schema.Partner) == (
        "contactpersoon",
        "dit veld ontbreekt; het is verplicht",
    )


def test_partner_without_naam():
    assert one_error(partner(naam=None), {}, schema.Partner) == (
        "contactpersoon.naam",
        "dit veld ontbreekt; het is verplicht",
    )


def test_partner_without_phone_or_email():
    assert one_error(partner(telefoon=None, email=None), {}, schema.Partner) == (
        "contactpersoon",
        "vul telefoon of email van de contactpersoon in",
    )


def test_partner_invalid_phone_and_email():
    found = dict(errors(partner(telefoon="123", email="anna"), {}, schema.Partner))
    assert "geen geldig Nederlands telefoonnummer" in found["contactpersoon.telefoon"]
    assert found["contactpersoon.email"] == "'anna' is geen geldig e-mailadres"


@pytest.mark.parametrize(
    "data, path",
    [
        ({**PARTNER, "website": "https://x.nl"}, "website"),
        (
            {**PARTNER, "contactpersoon": {**PARTNER["contactpersoon"], "mobiel": "06 12 34 56 78"}},
            "contactpersoon.mobiel",
        ),
    ],
)
def test_partner_extra_field(data, path):
    found_path, message = one_error(data, {}, schema.Partner)
    assert found_path == path and ("is geen bekend veld" in message or "hoort hier niet" in message)
