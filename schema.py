"""The data model: every field of the organisation file, the partner file and the settings.

This is the only place fields are defined. Controlled values (fase, rol, ...) come from the
vocabulary in `content/taxonomie.yaml`, passed in the validation context together with the
reference date, so a municipality can add keys without touching code. Custom errors carry
Dutch messages; pydantic's own error types are translated in kaart/validate.py.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import re
from datetime import date
from functools import lru_cache
from typing import Annotated, Literal
from urllib.parse import urlsplit

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    ValidationInfo,
    model_validator,
)
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from kaart.text import USUAL_NUMBER, slugify_or_none, usual_number

# The field of an organisation that lists its keys of each facet: derive, search, open data and the
# wegwijzer read them through this table (tests/test_schema.py holds it against the model).
FACET_FIELDS = {"fase": "fases", "rol": "rollen", "activiteit": "activiteiten", "doelgroep": "doelgroepen"}
DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
IEDEREEN = "iedereen"

# Dutch names pycountry's translations lack or give in English.
TAALNAMEN_EXTRA = {
    "fy": "Fries",
    "dse": "Nederlandse Gebarentaal",
    "pap": "Papiaments",
    "ber": "Berbers",
    "zgh": "Tamazight",
    "nl": "Nederlands",
}


class DefaultsShown(GenerateJsonSchema):
    """pydantic's JSON Schema, with the default a default_factory makes: a list field's default is a
    factory (pydantic deep-copies a list given as default for each file that leaves the field out,
    ~600 copies per 300 files), and the editor's schema still shows `"default": []`."""

    def get_default_value(self, schema: core_schema.WithDefaultSchema):
        factory = schema.get("default_factory")
        if factory is not None and not schema.get("default_factory_takes_data"):
            return factory()
        return super().get_default_value(schema)


class Model(BaseModel):
    """Base for every file model: unknown fields are an error, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @classmethod
    def model_json_schema(cls, *args, schema_generator: type[GenerateJsonSchema] = DefaultsShown, **kwargs) -> dict:
        """pydantic's model_json_schema, with the defaults of default_factory shown (DefaultsShown)."""
        return super().model_json_schema(*args, schema_generator=schema_generator, **kwargs)


class Part(Model):
    """Base for a model used only inside another: built with the model that holds it.

    pydantic builds a validator of its own for every model class when it is defined (~1 ms each);
    one used only as a field of another is validated by the other's validator, so its own is built
    only if something validates it by itself (defer_build: on first use)."""

    model_config = ConfigDict(defer_build=True)


# --- the vocabulary --------------------------------------------------------------------


class Term(Part):
    """One vocabulary entry: a plain-Dutch label and a one-sentence explanation."""

    label: Annotated[str, Field(min_length=1, max_length=80)]
    uitleg: Annotated[str, Field(min_length=1, max_length=300)]


VocabKey = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class Taxonomie(Model):
    """content/taxonomie.yaml: for each facet, its keys in display order."""

    fase: dict[VocabKey, Term]
    rol: dict[VocabKey, Term]
    activiteit: dict[VocabKey, Term]
    doelgroep: dict[VocabKey, Term]
    soort: dict[VocabKey, Term]
    aanmeldwijze: dict[VocabKey, Term]
    relatie: dict[VocabKey, Term]
    financiering: dict[VocabKey, Term]

    @model_validator(mode="after")
    def _required_keys(self):
        """Keys the generator itself relies on must stay."""
        for facet, key in (("doelgroep", IEDEREEN), ("soort", "gemeente"), ("aanmeldwijze", "inloop")):
            if key not in getattr(self, facet):
                raise PydanticCustomError(
                    "vocab_required", "'{key}' moet in '{facet}' blijven staan", {"key": key, "facet": facet}
                )
        return self


# --- reusable field types --------------------------------------------------------------

FACET_NOUN = {
    "fase": "fase",
    "rol": "rol",
    "activiteit": "activiteit",
    "doelgroep": "doelgroep",
    "soort": "soort organisatie",
    "aanmeldwijze": "manier van aanmelden",
    "relatie": "relatie",
    "financiering": "bron van financiering",
}


def _vocab_check(facet: str):
    """A validator that accepts only keys of `facet` in the vocabulary of the context."""

    def check(value: str, info: ValidationInfo) -> str:
        vocab: Taxonomie | None = (info.context or {}).get("vocab")
        if vocab is None:
            return value
        keys = getattr(vocab, facet)
        if value in keys:
            return value
        keys = list(keys)
        guess = difflib.get_close_matches(value.lower(), keys, n=1, cutoff=0.75)
        # A word inside a key is a likely meaning too: 'bellen' -> 'zelf-bellen'.
        guess = guess or [k for k in keys if len(value) >= 4 and value.lower() in k.split("-")][:1]
        if guess:
            raise PydanticCustomError(
                "vocab_unknown",
                "'{value}' is geen {noun}; bedoelt u '{guess}'?",
                {"value": value, "noun": FACET_NOUN[facet], "guess": guess[0]},
            )
        raise PydanticCustomError(
            "vocab_unknown",
            "'{value}' is geen {noun}; kies uit: {keys}",
            {"value": value, "noun": FACET_NOUN[facet], "keys": ", ".join(keys)},
        )

    return AfterValidator(check)


def Key(facet: str):  # noqa: N802 - reads like a type in the models below
    """A vocabulary key of `facet`, tagged so the JSON Schema can list the allowed values."""
    return Annotated[str, Field(min_length=1, json_schema_extra={"x-vocabulaire": facet}), _vocab_check(facet)]


def _no_duplicates(values: list) -> list:
    """Lists of keys hold each key once."""
    if len(set(values)) == len(values):
        return values  # nearly every list: one set made in C, the loop below only to name the first twice
    seen = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError("duplicate_item", "'{value}' staat twee keer in de lijst", {"value": value})
        seen.add(value)
    return values


def KeyList(facet: str, min_length: int = 0):  # noqa: N802
    """A list of distinct vocabulary keys of `facet`."""
    return Annotated[list[Key(facet)], Field(min_length=min_length), AfterValidator(_no_duplicates)]


def _acceptable_number(number: phonenumbers.PhoneNumber, valid: bool) -> bool:
    """Valid, or a Dutch number of the usual ten digits in a range not handed out yet.

    The contract's own example numbers (06 98 76 54 32) lie in such ranges; requiring
    only "valid" would reject them, requiring only "possible" would let 12345 through.
    """
    if valid:
        return True
    national = phonenumbers.national_significant_number(number)
    return (
        number.country_code == 31
        and phonenumbers.is_possible_number(number)
        and len(national) == 9
        and national[0] != "0"
    )


def _usual_number(value: str) -> phonenumbers.PhoneNumber | None:
    """A valid number written as USUAL_NUMBER, as phonenumbers.parse(value, "NL") makes it, without the
    general parse (kaart.text.usual_number); None for any other number, which takes the general way."""
    number = usual_number(value)
    return number if number is not None and phonenumbers.is_valid_number(number) else None


# The first three of the nine digits of a usual number -> how such a number is written (a "{}" per digit),
# or None when no number with them is valid. For nine digits NL's patterns in phonenumbers (each type's
# and each format's) ask for at most three leading digits, the rest being any digits; so one number
# with them tells validity and form for all (tests/test_schema.py holds the forms to phonenumbers').
_USUAL_FORMS: dict[str, str | None] = {}


def _written_form(shown: str, digits: str) -> str | None:
    """`shown` (phonenumbers' way of writing `digits`) with a "{}" for each digit in turn; None if it does
    not show each digit once and in order after the national prefix."""
    form, taken = "0", 0
    if not shown.startswith("0"):
        return None
    for character in shown[1:]:
        if taken < len(digits) and character == digits[taken]:
            form, taken = form + "{}", taken + 1
        elif character.isdigit() or character in "{}":
            return None
        else:
            form += character
    return form if taken == len(digits) else None


def _usual_form(value: str) -> str | None:
    """A valid number written as USUAL_NUMBER, as _phone writes it, from _USUAL_FORMS (phonenumbers asked
    once for each three leading digits instead of for every number); None for any other number."""
    if not USUAL_NUMBER.fullmatch(value):
        return None
    digits = value[1:].replace(" ", "")
    if digits[:3] not in _USUAL_FORMS:
        number = _usual_number(value)
        shown = None if number is None else phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        form = None if shown is None else _written_form(shown, digits)
        if shown is not None and form is None:
            return shown  # not written digit for digit: this number's own form, nothing kept
        _USUAL_FORMS[digits[:3]] = form
    form = _USUAL_FORMS[digits[:3]]
    return None if form is None else form.format(*digits)


@lru_cache(maxsize=4096)  # organisations share numbers (a helpline in many gemeenten); errors are not kept
def _phone(value: str) -> str:
    """A Dutch phone number, written the one way the site shows it."""
    shown = _usual_form(value)
    if shown is not None:
        return shown
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    valid = number is not None and phonenumbers.is_valid_number(number)
    if number is None or not _acceptable_number(number, valid):
        raise PydanticCustomError(
            "telefoon",
            "'{value}' is geen geldig Nederlands telefoonnummer; schrijf het bijvoorbeeld als \"030 123 45 67\"",
            {"value": value},
        )
    if number.country_code == 31 and not valid:
        # libphonenumber drops the trunk 0 for ranges it does not know; group it ourselves.
        national = phonenumbers.national_significant_number(number)
        return f"0{national[0]} {national[1:]}" if national[0] == "6" else f"0{national[:2]} {national[2:]}"
    if number.country_code == 31:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# Allowed in an address by RFC 5322, but in a mailto: link they start the query (?, & and, after
# a ?, cc= or bcc=), cut the address (#) or encode other characters (%): a hidden BCC, a wrong address.
MAILTO_UNSAFE = "?#&%"


# The usual address: ASCII before the @ (RFC 5322's dot-atom), a domain of lower-case letters, digits
# and single hyphens between dots, ending in a letter (labels of at most 63 characters).
# email_validator's limits and names that _usual_address needs, here so that a build whose addresses
# are all usual never imports the library (~15 ms, most of it idna's tables; tests/test_schema.py
# holds these to the library's own).
EMAIL_MAX_LENGTH = 254
DOMAIN_MAX_LENGTH = 253
CASE_INSENSITIVE_MAILBOX_NAMES = frozenset(
    {"info", "marketing", "sales", "support", "abuse", "noc", "security", "postmaster", "hostmaster", "usenet"}
    | {"news", "webmaster", "www", "uucp", "ftp"}
)
SPECIAL_USE_DOMAIN_NAMES = ("arpa", "invalid", "local", "localhost", "onion", "test")
_ATEXT = r"[A-Za-z0-9_!#$%&'*+/=?^`{|}~-]+"
_USUAL_ADDRESS = re.compile(
    rf"({_ATEXT}(?:\.{_ATEXT})*)@((?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:[a-z0-9][a-z0-9-]{{0,61}})?[a-z])"
)


def _usual_address(value: str) -> tuple[str, str] | None:
    """(local part, address) as validate_email(value, check_deliverability=False) gives them for an address
    written as _USUAL_ADDRESS, without its checks of each character (~35 us an address); None for any other
    address, which takes the general way (its verdict on these: tests/test_schema.py).

    For such an address the library's checks come down to these: no label like 'ab--' (punycode or
    not, left to it), a domain of at most 253 characters and an address of at most 254, no special-use
    domain (.test, .local, ...); it keeps the domain and the local part as written, but writes the
    mailbox names of RFC 2142 (Info, POSTMASTER) in lower case."""
    match = _USUAL_ADDRESS.fullmatch(value)
    if match is None or len(value) > EMAIL_MAX_LENGTH:
        return None
    local, domain = match.groups()
    if "--" in domain or len(domain) > DOMAIN_MAX_LENGTH:
        return None
    if any(domain == name or domain.endswith("." + name) for name in SPECIAL_USE_DOMAIN_NAMES):
        return None
    if local.lower() in CASE_INSENSITIVE_MAILBOX_NAMES:
        local = local.lower()
    return local, f"{local}@{domain}"


@lru_cache(maxsize=4096)  # organisations share addresses (one per region, per chain); errors are not kept
def _email(value: str) -> str:
    """An e-mail address that could be delivered to (syntax only, no network) and is safe in a mailto: link."""
    usual = _usual_address(value)
    if usual is None:
        from email_validator import EmailNotValidError, validate_email  # here: most maps need it for no address

        try:
            checked = validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            raise PydanticCustomError("email", "'{value}' is geen geldig e-mailadres", {"value": value}) from None
        usual = checked.local_part, checked.normalized
    local_part, normalized = usual
    unsafe = next((ch for ch in local_part if ch in MAILTO_UNSAFE), None)
    if unsafe:
        raise PydanticCustomError(
            "email_teken",
            "'{value}' kan niet als e-mailadres op de site: het teken "
            "'{teken}' voor de @ verandert de mail-link; gebruik een adres zonder ? # & %",
            {"value": value, "teken": unsafe},
        )
    return normalized


_NOT_IN_ADDRESS = re.compile(r"[\s<>\"']")


def _website(value: str) -> str:
    """An http(s) address with a host; anything else (javascript:, data:) is refused."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or _NOT_IN_ADDRESS.search(value):
        raise PydanticCustomError(
            "website",
            "'{value}' is geen geldig webadres; een webadres begint met https:// en bevat geen spaties of < > \" '",
            {"value": value},
        )
    return value


# [south, north, west, east] of the European Netherlands and of the Caribbean islands (Bonaire, Saba,
# Sint Eustatius), generously rounded: a point outside all of them is a typo or swapped numbers.
NEDERLAND = [(50.70, 53.70, 3.20, 7.30), (12.00, 12.35, -68.45, -68.15), (17.40, 17.70, -63.30, -62.90)]


def _coordinaten(value: list[float]) -> list[float]:
    """[breedtegraad, lengtegraad] of a point in the Netherlands; swapped numbers get a hint."""
    lat, lon = value

    def inside(lat: float, lon: float) -> bool:
        return any(south <= lat <= north and west <= lon <= east for south, north, west, east in NEDERLAND)

    if not inside(lat, lon):
        hint = (
            f"; bedoelt u [{lon}, {lat}]?"
            if inside(lon, lat)
            else ("; schrijf eerst de breedtegraad (zoals 52.09), dan de lengtegraad (zoals 5.12)")
        )
        raise PydanticCustomError(
            "coordinaten", "[{lat}, {lon}] ligt niet in Nederland{hint}", {"lat": lat, "lon": lon, "hint": hint}
        )
    return value


_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})")


def _postcode(value: str) -> str:
    """A Dutch postcode, written as `1234 AB`."""
    match = _POSTCODE.fullmatch(value)
    if not match:
        raise PydanticCustomError(
            "postcode", "'{value}' is geen Nederlandse postcode; schrijf bijvoorbeeld 1234 AB", {"value": value}
        )
    return f"{match.group(1)} {match.group(2).upper()}"


_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


@lru_cache(maxsize=4096)  # a few dozen times recur in every file; errors are not kept
def _time(value: str) -> str:
    """A time of day, written as HH:MM."""
    match = _TIME.fullmatch(value)
    if not match:
        raise PydanticCustomError(
            "tijd", "'{value}' is geen tijd; schrijf uren en minuten als \"09:30\"", {"value": value}
        )
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def pycountry_folder(name: str) -> str:
    """A folder of pycountry's data ("databases", "locales"), found without importing pycountry: its
    import asks importlib.metadata for its version, which weighs on every start (bench/README.md)."""
    spec = importlib.util.find_spec("pycountry")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pycountry is not installed")
    return os.path.join(spec.submodule_search_locations[0], name)


@lru_cache(maxsize=None)
def _iso639_file() -> bytes:
    """pycountry's ISO 639 database file (JSON, one entry of a language per object), as bytes."""
    with open(os.path.join(pycountry_folder("databases"), "iso639-3.json"), "rb") as handle:
        return handle.read()


@lru_cache(maxsize=1024)  # the same few codes in every file and on every page
def _language_name(code: str) -> str | None:
    """The English name of an ISO 639 code (two letters: alpha_2, else alpha_3), None if there is none: what
    pycountry.languages.get(alpha_2=code) finds (the last entry of a code, as its index), case ignored.

    Only the code's own entry is read from pycountry's database file: parsing all ~8,000 languages
    (or pycountry.languages, an object each) took ~8 ms in each reading and rendering process, for
    the few codes a map has. Every code in the file is in lower case letters a-z and every entry an
    object without braces inside (tests/test_schema.py holds the file to this)."""
    field = b"alpha_2" if len(code) == 2 else b"alpha_3"
    code = code.lower()
    if not (code.isascii() and code.isalpha()):
        return None  # no code of the file
    text = _iso639_file()
    at = text.rfind(b'"%s": "%s"' % (field, code.encode()))
    if at < 0:
        return None
    start, end = text.rfind(b"{", 0, at), text.find(b"}", at)
    return json.loads(text[start : end + 1])["name"]


@lru_cache(maxsize=1024)  # the same few languages in every file; errors are not kept
def _language(value: str) -> str:
    """An ISO 639 language code of 2 or 3 letters."""
    code = value.lower()
    if len(code) not in (2, 3) or _language_name(code) is None:
        raise PydanticCustomError(
            "taal",
            "'{value}' is geen taalcode; gebruik de code van 2 of 3 letters (nl, en, tr, ar, pap)",
            {"value": value},
        )
    return code


_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?")


def _date_text(value):
    """A date is written JJJJ-MM-DD: a bare number would be read as seconds since 1970 (0 as 1970-01-01)."""
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        digits = value.strip()
        hint = "bijvoorbeeld 2026-09-01"
        if re.fullmatch(r"[0-9]{8}", digits):
            try:
                hint = "bedoelt u " + date(int(digits[:4]), int(digits[4:6]), int(digits[6:])).isoformat() + "?"
            except ValueError:
                pass
        raise PydanticCustomError(
            "datum_getal",
            "'{value}' is geen datum; schrijf JJJJ-MM-DD, met streepjes: {hint}",
            {"value": value, "hint": hint},
        )
    return value


def _not_after_today(value: date, info: ValidationInfo) -> date:
    """A check date cannot lie after the reference date."""
    today = (info.context or {}).get("today")
    if today is not None and value > today:
        raise PydanticCustomError(
            "datum_toekomst",
            "{value} ligt in de toekomst (na {today})",
            {"value": value.isoformat(), "today": today.isoformat()},
        )
    return value


def _plain_text(value: str) -> str:
    """Plain-text fields are one paragraph: no line breaks from a stray `|`."""
    return " ".join(value.split())


# --- limits where a value cannot be real: a clear error instead of a slow build (issue 16) -------

MAX_WORD_LETTERS = 200  # the longest words in a Dutch dictionary have about 60 letters
MAX_PLACES = 1000  # the Netherlands has about 340 gemeenten
# From a word's first letter only (the lookbehind): each run of letters is read once, not again from each letter.
_LONG_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]{%d,}" % (MAX_WORD_LETTERS + 1))


def _real_words(value: str) -> str:
    """No word of more than MAX_WORD_LETTERS letters: none is real, and search and layout pay for each."""
    match = _LONG_WORD.search(value) if len(value) > MAX_WORD_LETTERS else None
    if match:
        raise PydanticCustomError(
            "woord_te_lang",
            "een woord van {count} letters ('{start}...'); zo'n lang woord "
            "bestaat niet. Zet spaties tussen de woorden (hooguit {limit} letters per woord)",
            {"count": len(match.group()), "start": match.group()[:20], "limit": MAX_WORD_LETTERS},
        )
    return value


def _places_at_most(hint: str):
    """A list of at most MAX_PLACES names (gemeenten or wijken), with a hint for the editor."""

    def check(values: list) -> list:
        if len(values) > MAX_PLACES:
            raise PydanticCustomError(
                "te_veel_plaatsen",
                "{count} namen; hooguit {limit}. " + hint,
                {"count": len(values), "limit": MAX_PLACES},
            )
        return values

    return AfterValidator(check)


Tekst = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_plain_text), AfterValidator(_real_words)]
# The `pattern`s below are for the editor's JSON Schema only (json_schema_extra never changes
# validation): a rough first check while typing; the validators above have the last word.
# A phone number may also be an integer there: a YAML 1.2 editor reads `0301234567` as one.
Telefoon = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        examples=["030 123 45 67"],
        json_schema_extra={"type": ["string", "integer"], "pattern": r"^[+(]?[0-9][0-9 ().-]{5,}$"},
    ),
    AfterValidator(_phone),
]
Email = Annotated[
    str,
    Field(
        min_length=3,
        max_length=254,
        examples=["info@voorbeeld.nl"],
        json_schema_extra={"pattern": r"^[^@\s?#&%]+@[^@\s]+\.[^@\s]+$"},
    ),
    AfterValidator(_email),
]
Website = Annotated[
    str,
    Field(
        min_length=8,
        max_length=500,
        examples=["https://www.voorbeeld.nl"],
        json_schema_extra={"pattern": r"^https?://[^/?#\s<>\"']*\.[^/?#\s<>\"']*([/?#][^\s<>\"']*)?$"},
    ),
    AfterValidator(_website),
]
Graad = Annotated[float, Field(allow_inf_nan=False)]
Coordinaten = Annotated[list[Graad], Field(min_length=2, max_length=2), AfterValidator(_coordinaten)]
Postcode = Annotated[
    str,
    Field(examples=["1234 AB"], json_schema_extra={"pattern": r"^[1-9][0-9]{3} ?[A-Za-z]{2}$"}),
    AfterValidator(_postcode),
]
Tijd = Annotated[
    str,
    Field(examples=["09:30"], json_schema_extra={"pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$"}),
    AfterValidator(_time),
]
Taal = Annotated[
    str, Field(examples=["nl"], json_schema_extra={"pattern": r"^[A-Za-z]{2,3}$"}), AfterValidator(_language)
]
Naam = Annotated[str, Field(min_length=1, max_length=120)]
Datum = Annotated[date, BeforeValidator(_date_text)]


@lru_cache(maxsize=4096)  # the same names in many files; errors are not kept
def _gemeente_name(value: str) -> str:
    """A gemeente has a page /gemeente/<slug>/: its name needs a letter A-Z or a digit to make one."""
    if slugify_or_none(value) is None:
        raise PydanticCustomError(
            "gemeente_naam",
            "'{value}' kan geen gemeente op de kaart zijn: de naam moet "
            "letters A-Z of cijfers bevatten (voor het webadres gemeente/<naam>/)",
            {"value": value},
        )
    return value


GemeenteNaam = Annotated[Naam, Field(json_schema_extra={"pattern": "[A-Za-z0-9]"}), AfterValidator(_gemeente_name)]


# --- the organisation file --------------------------------------------------------------


class Werkgebied(Part):
    """Where an organisation helps: the whole country, or named gemeenten (and wijken)."""

    # The rules of _one_kind below, for the editor's JSON Schema (text forms of true/false included).
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {
                    "required": ["gemeenten"],
                    "properties": {"gemeenten": {"minItems": 1}, "landelijk": {"enum": [False, "false"]}},
                },
                {
                    "required": ["landelijk"],
                    "properties": {"landelijk": {"enum": [True, "true"]}, "gemeenten": {"maxItems": 0}},
                },
            ],
            "if": {"required": ["wijken"], "properties": {"wijken": {"minItems": 1}}},
            "then": {"required": ["gemeenten"], "properties": {"gemeenten": {"minItems": 1, "maxItems": 1}}},
        }
    )

    landelijk: bool = Field(
        False,
        description="Helpt de organisatie in heel Nederland? Schrijf dan 'landelijk: true' en laat 'gemeenten' weg.",
        examples=[True],
    )
    gemeenten: Annotated[
        list[GemeenteNaam],
        _places_at_most(
            "Nederland heeft ongeveer 340 gemeenten. Helpt de organisatie in heel Nederland? Schrijf dan "
            "'landelijk: true' en laat 'gemeenten' weg"
        ),
        AfterValidator(_no_duplicates),
    ] = Field(
        default_factory=list,
        description="De gemeenten waar de organisatie helpt. Schrijf elke naam zoals overal op de kaart.",
        examples=[["Voorbeeldstad"], ["Voorbeeldstad", "Buurdorp"]],
    )
    wijken: Annotated[
        list[Naam],
        _places_at_most(
            "Noem alleen de wijken waar de organisatie helpt; helpt zij in de hele gemeente, laat 'wijken' dan weg"
        ),
        AfterValidator(_no_duplicates),
    ] = Field(
        default_factory=list,
        description="Alleen als de organisatie in een deel van één gemeente helpt: de wijken.",
        examples=[["Centrum", "Noord"]],
    )

    @model_validator(mode="after")
    def _one_kind(self):
        """Either landelijk or gemeenten; wijken only within a single gemeente."""
        if self.landelijk and self.gemeenten:
            raise PydanticCustomError("werkgebied", "kies óf 'landelijk: true' óf een lijst 'gemeenten', niet allebei")
        if not self.landelijk and not self.gemeenten:
            raise PydanticCustomError(
                "werkgebied", "vul 'gemeenten' in (bijvoorbeeld [Voorbeeldstad]) of 'landelijk: true'"
            )
        if self.wijken and len(self.gemeenten) != 1:
            raise PydanticCustomError("werkgebied", "'wijken' mag alleen als er precies één gemeente is")
        return self


class Aanmelden(Part):
    """How a resident signs up."""

    manieren: KeyList("aanmeldwijze", 1) = Field(
        description="Hoe meldt een inwoner zich aan? Eén of meer manieren.", examples=[["zelf-bellen", "inloop"]]
    )
    uitleg: Tekst | None = Field(
        None,
        description="Korte uitleg over het aanmelden, in gewone taal.",
        examples=["Bel of mail ons. Wij bellen u binnen een week terug."],
    )
    kosten: Annotated[str, Field(max_length=200)] | None = Field(
        None, description="Wat kost de hulp? Laat weg als u het niet weet.", examples=["gratis"]
    )
    wachttijd: Annotated[str, Field(max_length=200)] | None = Field(
        None, description="Hoe lang moet een inwoner ongeveer wachten?", examples=["ongeveer twee weken"]
    )
    anoniem: bool | None = Field(
        None,
        description="Kan een inwoner u eerst bellen of spreken zonder zijn naam te zeggen? true (ja) of "
        "false (nee). Laat weg als u het niet weet. De wegwijzer zegt dan: 'U kunt anoniem bellen'.",
        examples=[True],
    )


class Contact(Part):
    """How to reach the organisation; at least one of telefoon, email, website."""

    # The rule of _reachable below, for the editor's JSON Schema.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
                for name in ("telefoon", "email", "website")
            ]
        }
    )

    telefoon: Telefoon | None = Field(
        None, description="Het telefoonnummer voor inwoners, zoals 030 123 45 67.", examples=["030 123 45 67"]
    )
    email: Email | None = Field(None, description="Het e-mailadres voor inwoners.", examples=["info@voorbeeld.nl"])
    website: Website | None = Field(
        None, description="Het webadres. Het begint met https://.", examples=["https://www.voorbeeld.nl"]
    )
    whatsapp: Telefoon | None = Field(
        None, description="Het nummer voor WhatsApp, als inwoners u zo kunnen bereiken.", examples=["06 12 34 56 78"]
    )
    bereikbaarheid: Tekst | None = Field(
        None, description="Wanneer neemt u de telefoon op?", examples=["Op werkdagen van 9.00 tot 17.00 uur"]
    )

    @model_validator(mode="after")
    def _reachable(self):
        """A resident must be able to reach the organisation somehow."""
        if not (self.telefoon or self.email or self.website):
            raise PydanticCustomError("contact_leeg", "vul minstens één van telefoon, email of website in")
        return self


class Spreekuur(Part):
    """One weekly opening hour at a location."""

    dag: Literal[DAGEN] = Field(description="De dag van de week, in kleine letters.", examples=["dinsdag"])
    van: Tijd = Field(description="Hoe laat het begint, in uren en minuten: 09:30.", examples=["09:30"])
    tot: Tijd = Field(description="Hoe laat het eindigt (later dan 'van').", examples=["12:00"])
    vorm: Literal["inloop", "op-afspraak"] = Field(
        description="inloop: binnenlopen zonder afspraak; op-afspraak: alleen met een afspraak.", examples=["inloop"]
    )

    @model_validator(mode="after")
    def _ends_after_start(self):
        """`tot` comes after `van` on the same day."""
        if self.tot <= self.van:
            raise PydanticCustomError(
                "tijd_volgorde", "'tot' ({tot}) moet later zijn dan 'van' ({van})", {"tot": self.tot, "van": self.van}
            )
        return self


class Locatie(Part):
    """An address where residents can go."""

    naam: Naam = Field(description="De naam van de plek, zoals inwoners hem kennen.", examples=["Bibliotheek Centrum"])
    adres: Annotated[str, Field(min_length=2, max_length=200)] = Field(
        description="Straat en huisnummer.", examples=["Stationsplein 1"]
    )
    postcode: Postcode = Field(description="De postcode, zoals 1234 AB.", examples=["1234 AB"])
    plaats: Naam = Field(description="De plaats.", examples=["Voorbeeldstad"])
    coordinaten: Coordinaten | None = Field(
        None,
        description="Waar de plek precies ligt: [breedtegraad, lengtegraad], zoals een kaart-app ze "
        "toont. Voor een routelink die precies klopt; zonder coordinaten gaat de route naar het adres.",
        examples=[[52.0907, 5.1214]],
    )
    rolstoeltoegankelijk: bool | None = Field(
        None,
        description="Kunt u er met een rolstoel in? true (ja) of false (nee). Weet u het niet, laat het dan weg.",
        examples=[True],
    )
    toelichting: Tekst | None = Field(
        None, description="Extra uitleg om de plek te vinden.", examples=["Op de eerste verdieping, bij de leestafel."]
    )
    spreekuren: list[Spreekuur] = Field(
        default_factory=list,
        description="Vaste tijden waarop inwoners hier terechtkunnen.",
        examples=[[{"dag": "dinsdag", "van": "09:30", "tot": "12:00", "vorm": "inloop"}]],
    )


class Doorverwijzen(Part):
    """What a volunteer or professional needs to refer someone well."""

    wanneer: Tekst | None = Field(
        None,
        description="Wanneer verwijst een vrijwilliger of hulpverlener iemand naar u door?",
        examples=["Als iemand zijn post niet meer opent."],
    )
    meenemen: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list,
        description="Wat neemt de inwoner mee naar het eerste gesprek?",
        examples=[["brieven van schuldeisers", "bankafschriften van de laatste drie maanden"]],
    )
    werkwijze: Tekst | None = Field(
        None,
        description="Hoe gaat de overdracht bij u?",
        examples=["Bel de coördinator; wij plannen binnen een week een kennismaking."],
    )
    terugkoppeling: bool | None = Field(
        None, description="Laat u de doorverwijzer weten hoe het ging? true (ja) of false (nee).", examples=[True]
    )


class Samenwerking(Part):
    """The municipality's relation with the organisation (public, not shown to residents)."""

    relatie: Key("relatie") | None = Field(
        None, description="De relatie van de organisatie met de gemeente.", examples=["subsidie"]
    )
    financiering: KeyList("financiering") = Field(
        default_factory=list,
        description="Waar komt het geld van de organisatie vandaan?",
        examples=[["gemeente", "fondsen"]],
    )
    vrijwilligers: Annotated[int, Field(ge=0, le=1_000_000)] | None = Field(
        None, description="Hoeveel vrijwilligers werken er mee? Een heel getal.", examples=[40]
    )


class Melding(Part):
    """A temporary notice shown on top until the day after `tot`."""

    tekst: Tekst = Field(
        description="De tijdelijke melding, in gewone taal.",
        examples=["Van 21 december tot en met 4 januari is er geen inloopspreekuur."],
    )
    tot: Datum = Field(
        description="De laatste dag waarop de melding op de site staat (JJJJ-MM-DD).", examples=["2027-01-04"]
    )


class Organisatie(Model):
    """One organisation file, organisations/<slug>.yaml, field for field as the contract says."""

    model_config = ConfigDict(
        title="Organisatie op de sociale kaart",
        json_schema_extra={
            "description": "Eén organisatie op de sociale kaart: het bestand organisations/<naam>.yaml."
        },
    )

    naam: Annotated[str, Field(min_length=2, max_length=120)] = Field(
        description="De naam van de organisatie, zoals inwoners hem kennen.",
        examples=["SchuldHulpMaatje Voorbeeldstad"],
    )
    soort: Key("soort") = Field(description="Wat voor organisatie is het?", examples=["vrijwilligersorganisatie"])
    samenvatting: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_plain_text)] = Field(
        description="Wat doet u voor inwoners? Eén of twee korte zinnen, hooguit 200 tekens, zonder opmaak.",
        examples=["Een getraind maatje helpt u overzicht te krijgen in uw post en uw geld."],
    )
    beschrijving: Annotated[str, Field(max_length=10_000), AfterValidator(_real_words)] | None = Field(
        None,
        description="Meer uitleg, in korte zinnen. U mag Markdown gebruiken, zoals **vet** en lijstjes.",
        examples=["Onze maatjes zijn vrijwilligers. Zij komen bij u thuis."],
    )
    werkgebied: Werkgebied = Field(
        description="Waar helpt de organisatie? 'landelijk: true' of een lijst 'gemeenten'.",
        examples=[{"gemeenten": ["Voorbeeldstad"]}],
    )
    fases: KeyList("fase", 1) = Field(
        description="In welke fase van de schuldhulp helpt u? Eén of meer fasen.",
        examples=[["voor-aanmelding", "nazorg"]],
    )
    rollen: KeyList("rol", 1) = Field(
        description="Welke soort steun geeft u? Eén of meer.", examples=[["praktische-steun", "morele-steun"]]
    )
    activiteiten: KeyList("activiteit") = Field(
        default_factory=list, description="Wat doet u precies?", examples=[["overzicht-creeren", "stimuleren"]]
    )
    doelgroepen: KeyList("doelgroep", 1) = Field(
        description="Voor wie is de hulp? Kies 'iedereen' als de hulp voor iedereen is.", examples=[["iedereen"]]
    )
    trefwoorden: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(
        default_factory=list,
        description="Extra woorden waarop inwoners kunnen zoeken.",
        examples=[["maatje", "post", "brieven"]],
    )
    aanmelden: Aanmelden = Field(
        description="Hoe meldt een inwoner zich aan?", examples=[{"manieren": ["zelf-bellen"], "kosten": "gratis"}]
    )
    talen: Annotated[list[Taal], Field(min_length=1), AfterValidator(_no_duplicates)] = Field(
        default_factory=lambda: ["nl"],
        description="In welke talen kunt u helpen? Codes van 2 of 3 letters; zonder dit veld: nl.",
        examples=[["nl", "en", "tr"]],
    )
    contact: Contact = Field(
        description="Hoe bereikt een inwoner u? Vul minstens telefoon, email of website in.",
        examples=[{"telefoon": "030 123 45 67", "email": "info@voorbeeld.nl"}],
    )
    locaties: list[Locatie] = Field(
        default_factory=list,
        description="Adressen waar inwoners langs kunnen komen. Geen adres? Laat dit veld weg.",
        examples=[
            [
                {
                    "naam": "Bibliotheek Centrum",
                    "adres": "Stationsplein 1",
                    "postcode": "1234 AB",
                    "plaats": "Voorbeeldstad",
                }
            ]
        ],
    )
    doorverwijzen: Doorverwijzen | None = Field(
        None,
        description="Voor vrijwilligers en hulpverleners die iemand doorverwijzen. Namen van "
        "contactpersonen horen hier niet: die staan in de partnermap.",
        examples=[{"wanneer": "Als iemand zijn post niet meer opent.", "terugkoppeling": True}],
    )
    samenwerking: Samenwerking | None = Field(
        None,
        description="Voor het overzicht van de gemeente en voor open data. Inwoners zien dit niet.",
        examples=[{"relatie": "subsidie", "financiering": ["gemeente"], "vrijwilligers": 40}],
    )
    melding: Melding | None = Field(
        None,
        description="Een tijdelijke melding bovenaan de pagina, bijvoorbeeld over de vakantie.",
        examples=[{"tekst": "In de kerstvakantie is er geen spreekuur.", "tot": "2027-01-04"}],
    )
    gecontroleerd: Annotated[Datum, AfterValidator(_not_after_today)] = Field(
        description="De datum waarop u de gegevens voor het laatst met de organisatie hebt nagekeken (JJJJ-MM-DD).",
        examples=["2026-09-01"],
    )


# --- the partner file -------------------------------------------------------------------


class Contactpersoon(Part):
    """The direct line for referrers: personal data, only in the partner build."""

    # The rule of _reachable below, for the editor's JSON Schema.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in ("telefoon", "email")
            ]
        }
    )

    naam: Naam = Field(description="Naam van de contactpersoon.", examples=["Anna de Vries"])
    functie: Naam | None = Field(None, description="Functie van de contactpersoon.", examples=["coördinator"])
    telefoon: Telefoon | None = Field(
        None, description="Direct telefoonnummer voor doorverwijzers.", examples=["06 12 34 56 78"]
    )
    email: Email | None = Field(
        None, description="Direct e-mailadres voor doorverwijzers.", examples=["a.devries@voorbeeld.nl"]
    )

    @model_validator(mode="after")
    def _reachable(self):
        """A contact person needs a phone number or an e-mail address."""
        if not (self.telefoon or self.email):
            raise PydanticCustomError("contact_leeg", "vul telefoon of email van de contactpersoon in")
        return self


class Partner(Model):
    """partners/<slug>.yaml: partner-only data for one organisation."""

    # Built on first use (as a Part): only a partner build (--partners) reads these files.
    model_config = ConfigDict(
        defer_build=True,
        title="Partnergegevens op de sociale kaart",
        json_schema_extra={
            "description": "Gegevens alleen voor partners (persoonsgegevens): partners/<naam>.yaml. "
            "Zet dit bestand nooit in een openbare map."
        },
    )

    contactpersoon: Contactpersoon = Field(
        description="De contactpersoon voor doorverwijzers. Dit zijn persoonsgegevens: alleen in de partnerversie.",
        examples=[{"naam": "Anna de Vries", "telefoon": "06 12 34 56 78"}],
    )
    notitie: Tekst | None = Field(
        None, description="Een korte notitie voor partners.", examples=["Bel liever niet op vrijdag."]
    )


# --- site settings and content ----------------------------------------------------------


class Schuldhulp(Part):
    """The municipality's own debt-help contact."""

    naam: Naam
    telefoon: Telefoon
    email: Email | None = None
    bereikbaarheid: Tekst | None = None


class Spoed(Part):
    """The urgent-help block: threatened cut-off or eviction."""

    titel: Tekst
    tekst: Tekst
    telefoon: Telefoon


class Redactie(Part):
    """Who keeps the map up to date, and where to edit a file."""

    email: Email
    bewerk_url: Annotated[str, Field(max_length=500)] = ""

    @model_validator(mode="after")
    def _pattern(self):
        """An edit link pattern needs {pad}, where the file's path goes."""
        if self.bewerk_url and ("{pad}" not in self.bewerk_url or not self.bewerk_url.startswith("https://")):
            raise PydanticCustomError("bewerk_url", "'bewerk_url' begint met https:// en bevat {{pad}}")
        return self


def _example_only(value: date, info: ValidationInfo) -> date:
    """A fixed peildatum only in an example map: a real map ages with the calendar."""
    if not info.data.get("voorbeeld"):
        raise PydanticCustomError(
            "peildatum",
            "'peildatum' mag alleen in een voorbeeldkaart ('voorbeeld: "
            "true'); een echte kaart rekent met de datum van vandaag",
        )
    return value


class Instellingen(Model):
    """content/instellingen.yaml: the site settings."""

    site_naam: Naam
    gemeente: Naam
    voorbeeld: bool = False
    intro: Tekst
    schuldhulp: Schuldhulp
    spoed: Spoed
    redactie: Redactie
    verouderd_na_maanden: Annotated[int, Field(ge=1, le=120)] = 12
    overlap_drempel: Annotated[int, Field(ge=2, le=100)] = 4
    lijsten_per_gemeente_vanaf: Annotated[int, Field(ge=2, le=10000)] = Field(
        10,
        description="Vanaf hoeveel gemeenten de pagina's per fase, rol en doelgroep eerst de gemeenten noemen, "
        "met een pagina per gemeente (/fase/<sleutel>/<gemeente>/), en /organisaties/ de gemeenten noemt. Zo blijft "
        "elke pagina licht, ook op een landelijke kaart.",
    )
    adres: Website | None = Field(
        None,
        description="Het openbare adres van de kaart, bijvoorbeeld https://kaart.dijkhaven.nl/. De build "
        "gebruikt het als --base-url niet is gegeven: voor de sitemap, robots.txt, QR-codes en vaste links.",
    )
    zoekindex: Literal["automatisch", "een", "per-gemeente"] = Field(
        "automatisch",
        description="Hoe de zoekpagina haar gegevens ophaalt. een: één bestand met alle "
        "organisaties. per-gemeente: een bestand per gemeente plus één met de landelijke organisaties; een "
        "inwoner die zijn gemeente kiest, haalt alleen die op (voor grote kaarten). automatisch: per gemeente "
        "vanaf 2000 organisaties, als de grootste gemeente met de landelijke organisaties hooguit een derde "
        "van de kaart is; anders één bestand. Met minder dan twee gemeenten altijd één bestand.",
    )
    peildatum: Annotated[date, AfterValidator(_example_only)] | None = Field(
        None,
        description="Alleen voor een voorbeeldkaart ('voorbeeld: true'): de vaste datum waarop de kaart "
        "rekent, zodat het voorbeeld niet veroudert. Een echte kaart laat dit weg.",
    )


class Pagina(Model):
    """Front matter of a content page, content/<page>.md."""

    title: Annotated[str, Field(min_length=1, max_length=120)]
    description: Annotated[str, Field(min_length=1, max_length=300)]
    menu: Annotated[int, Field(ge=0, le=100)] | None = None


class Synoniemen(Model):
    """content/synoniemen.yaml: groups of words that mean the same to a resident."""

    groepen: list[Annotated[list[Annotated[str, Field(min_length=1, max_length=60)]], Field(min_length=2)]]


class WegwijzerFilters(Model):
    """Which organisations a wegwijzer choice leads to (values of one filter OR-ed, filters AND-ed)."""

    fase: KeyList("fase") = []
    rol: KeyList("rol") = []
    activiteit: KeyList("activiteit") = []
    doelgroep: KeyList("doelgroep") = []
    soort: KeyList("soort") = []
    inloop: bool = False
    gratis: bool = False
    anoniem: bool = False


def _known_slug(value: str, info: ValidationInfo) -> str:
    """An organisation's slug that exists in the organisations folder (context: `slugs`)."""
    slugs = (info.context or {}).get("slugs")
    if slugs is None or value in slugs:
        return value
    guess = difflib.get_close_matches(value, sorted(slugs), n=1, cutoff=0.6)
    if guess:
        raise PydanticCustomError(
            "slug_onbekend",
            "er is geen organisatie '{value}'; bedoelt u '{guess}'?",
            {"value": value, "guess": guess[0]},
        )
    raise PydanticCustomError(
        "slug_onbekend", "er is geen organisatie '{value}'; schrijf de bestandsnaam zonder .yaml", {"value": value}
    )


Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=120), AfterValidator(_known_slug)]
KeuzeId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]


class Antwoord(Part):
    """One answer to a situation's follow-up question; its page is /wegwijzer/<situatie>/<gemeente>/<id>/."""

    id: KeuzeId
    tekst: Annotated[str, Field(min_length=1, max_length=120)]
    uitleg: Tekst | None = None
    filters: WegwijzerFilters = WegwijzerFilters()
    eerst: list[WegwijzerFilters] = []


class Vervolgvraag(Part):
    """At most one follow-up question per situation, asked once the gemeente is known."""

    tekst: Annotated[str, Field(min_length=5, max_length=120)]
    antwoorden: Annotated[list[Antwoord], Field(min_length=2, max_length=4)]

    @model_validator(mode="after")
    def _unique_ids(self):
        """Each answer has its own page, so ids differ."""
        ids = [a.id for a in self.antwoorden]
        for number, value in enumerate(ids):
            if value in ids[:number]:
                raise PydanticCustomError(
                    "dubbel_id", "het antwoord '{id}' staat twee keer bij deze vraag", {"id": value}
                )
        return self


class Situatie(Part):
    """One choice on the home page, in the resident's own words, and what fits it in which order."""

    id: KeuzeId
    tekst: Annotated[str, Field(min_length=5, max_length=120)]
    uitleg: Tekst | None = None
    filters: WegwijzerFilters
    spoed: bool = False
    eerst: list[WegwijzerFilters] = []
    vast: Annotated[list[Slug], AfterValidator(_no_duplicates)] = []
    niet: Annotated[list[Slug], AfterValidator(_no_duplicates)] = []
    vraag: Vervolgvraag | None = None

    @model_validator(mode="after")
    def _pinned_not_left_out(self):
        """An organisation cannot be both pinned and left out."""
        both = [slug for slug in self.vast if slug in self.niet]
        if both:
            raise PydanticCustomError(
                "vast_en_niet", "'{slug}' staat zowel bij 'vast' als bij 'niet'", {"slug": both[0]}
            )
        return self


class Wegwijzer(Model):
    """content/wegwijzer.yaml: the question on the home page and its choices."""

    vraag: Annotated[str, Field(min_length=5, max_length=120)] = "Wat past het best bij u?"
    situaties: Annotated[list[Situatie], Field(min_length=1, max_length=12)]

    @model_validator(mode="after")
    def _unique_ids(self):
        """Each choice has its own page, so ids differ."""
        ids = [s.id for s in self.situaties]
        for number, value in enumerate(ids):
            if value in ids[:number]:
                raise PydanticCustomError("dubbel_id", "het id '{id}' staat twee keer in de wegwijzer", {"id": value})
        return self


# --- organisations that moved or stopped ----------------------------------------------

GESTOPT = "gestopt"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _old_slug(value: str, info: ValidationInfo) -> str:
    """An old slug: its file is gone from the organisations folder (context: `slugs`)."""
    slugs = (info.context or {}).get("slugs")
    if slugs is not None and value in slugs:
        raise PydanticCustomError(
            "verhuisd_bestaat",
            "'{value}' staat nog in de map met organisaties "
            "({value}.yaml); een oude naam mag daar niet meer staan. Haal de regel hier "
            "weg, of het oude bestand",
            {"value": value},
        )
    return value


def _new_slug(value: str, info: ValidationInfo) -> str:
    """Where an old slug leads: an organisation that exists, or `gestopt`."""
    slugs = (info.context or {}).get("slugs")
    if value == GESTOPT or slugs is None or value in slugs:
        return value
    guess = difflib.get_close_matches(value, sorted(slugs), n=1, cutoff=0.6)
    if guess:
        raise PydanticCustomError(
            "verhuisd_onbekend",
            "er is geen organisatie '{value}'; bedoelt u '{guess}'?",
            {"value": value, "guess": guess[0]},
        )
    raise PydanticCustomError(
        "verhuisd_onbekend",
        "er is geen organisatie '{value}'; schrijf de nieuwe bestandsnaam (zonder .yaml), of 'gestopt'",
        {"value": value},
    )


class Verhuisd(
    RootModel[
        dict[
            Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120), AfterValidator(_old_slug)],
            Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120), AfterValidator(_new_slug)],
        ]
    ]
):
    """content/verhuisd.yaml: old slug -> new slug, or `gestopt`; the old URL keeps a page."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)


def taalnaam(code: str) -> str:
    """The Dutch name of a language code: 'tr' -> 'Turks'."""
    if code in TAALNAMEN_EXTRA:
        return TAALNAMEN_EXTRA[code]
    name = _language_name(code)
    if name is None:
        return code
    return _dutch_language_names().gettext(name)


_translations = None


def _dutch_language_names():
    """pycountry's Dutch translation of ISO 639 names, loaded once."""
    global _translations
    if _translations is None:
        import gettext

        _translations = gettext.translation("iso639-3", pycountry_folder("locales"), languages=["nl"], fallback=True)
    return _translations


def field_names() -> set[str]:
    """Every field name of every file model, for a did-you-mean on a misspelt field."""
    names: set[str] = set()
    todo = [Organisatie, Partner, Instellingen, Pagina, Wegwijzer, Taxonomie, Term]
    while todo:
        model = todo.pop()
        for name, info in model.model_fields.items():
            names.add(name)
            for arg in getattr(info.annotation, "__args__", ()) + (info.annotation,):
                if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in todo:
                    todo.append(arg)
    return names
