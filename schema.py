"""The data model: every field of the organisation file, the partner file and the settings.

This is the only place fields are defined. Controlled values (fase, rol, ...) come from the
vocabulary in `content/taxonomie.yaml`, passed in the validation context together with the
reference date, so a municipality can add keys without touching code. Custom errors carry
Dutch messages; pydantic's own error types are translated in kaart/validate.py.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlsplit

import phonenumbers
import pycountry
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

FACETS = ("fase", "rol", "activiteit", "doelgroep", "soort", "aanmeldwijze", "relatie", "financiering")
DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
IEDEREEN = "iedereen"

# Dutch names pycountry's translations lack or give in English.
TAALNAMEN_EXTRA = {"fy": "Fries", "dse": "Nederlandse Gebarentaal", "pap": "Papiaments",
                   "ber": "Berbers", "zgh": "Tamazight", "nl": "Nederlands"}


class Model(BaseModel):
    """Base for every file model: unknown fields are an error, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# --- the vocabulary --------------------------------------------------------------------

class Term(Model):
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
                raise PydanticCustomError("vocab_required", "'{key}' moet in '{facet}' blijven staan",
                                          {"key": key, "facet": facet})
        return self


# --- reusable field types --------------------------------------------------------------

FACET_NOUN = {"fase": "fase", "rol": "rol", "activiteit": "activiteit", "doelgroep": "doelgroep",
              "soort": "soort organisatie", "aanmeldwijze": "manier van aanmelden",
              "relatie": "relatie", "financiering": "bron van financiering"}


def _vocab_check(facet: str):
    """A validator that accepts only keys of `facet` in the vocabulary of the context."""

    def check(value: str, info: ValidationInfo) -> str:
        vocab: Taxonomie | None = (info.context or {}).get("vocab")
        if vocab is None:
            return value
        keys = list(getattr(vocab, facet))
        if value in keys:
            return value
        guess = difflib.get_close_matches(value.lower(), keys, n=1, cutoff=0.6)
        if guess:
            raise PydanticCustomError("vocab_unknown", "'{value}' is geen {noun}; bedoelt u '{guess}'?",
                                      {"value": value, "noun": FACET_NOUN[facet], "guess": guess[0]})
        raise PydanticCustomError("vocab_unknown", "'{value}' is geen {noun}; kies uit: {keys}",
                                  {"value": value, "noun": FACET_NOUN[facet], "keys": ", ".join(keys)})

    return AfterValidator(check)


def Key(facet: str):  # noqa: N802 - reads like a type in the models below
    """A vocabulary key of `facet`, tagged so the JSON Schema can list the allowed values."""
    return Annotated[str, Field(min_length=1, json_schema_extra={"x-vocabulaire": facet}),
                     _vocab_check(facet)]


def _no_duplicates(values: list) -> list:
    """Lists of keys hold each key once."""
    seen = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError("duplicate_item", "'{value}' staat twee keer in de lijst", {"value": value})
        seen.add(value)
    return values


def KeyList(facet: str, min_length: int = 0):  # noqa: N802
    """A list of distinct vocabulary keys of `facet`."""
    return Annotated[list[Key(facet)], Field(min_length=min_length), AfterValidator(_no_duplicates)]


def _phone(value: str) -> str:
    """A Dutch phone number, written the one way the site shows it."""
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise PydanticCustomError("telefoon", "'{value}' is geen geldig Nederlands telefoonnummer; "
                                  "schrijf het bijvoorbeeld als \"030 123 45 67\"", {"value": value})
    if number.country_code == 31:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _email(value: str) -> str:
    """An e-mail address that could be delivered to (syntax only, no network)."""
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise PydanticCustomError("email", "'{value}' is geen geldig e-mailadres", {"value": value}) from None


def _website(value: str) -> str:
    """An http(s) address with a host; anything else (javascript:, data:) is refused."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or re.search(r"[\s<>\"']", value):
        raise PydanticCustomError("website", "'{value}' is geen geldig webadres; het begint met https:// "
                                  "(of http://)", {"value": value})
    return value


def _postcode(value: str) -> str:
    """A Dutch postcode, written as `1234 AB`."""
    match = re.fullmatch(r"([1-9][0-9]{3}) ?([A-Za-z]{2})", value)
    if not match:
        raise PydanticCustomError("postcode", "'{value}' is geen Nederlandse postcode; schrijf bijvoorbeeld 1234 AB",
                                  {"value": value})
    return f"{match.group(1)} {match.group(2).upper()}"


def _time(value: str) -> str:
    """A time of day, written as HH:MM."""
    match = re.fullmatch(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", value)
    if not match:
        raise PydanticCustomError("tijd", "'{value}' is geen tijd; schrijf uren en minuten als \"09:30\"",
                                  {"value": value})
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _language(value: str) -> str:
    """An ISO 639 language code of 2 or 3 letters."""
    code = value.lower()
    found = (pycountry.languages.get(alpha_2=code) if len(code) == 2 else
             pycountry.languages.get(alpha_3=code) if len(code) == 3 else None)
    if found is None:
        raise PydanticCustomError("taal", "'{value}' is geen taalcode; gebruik de code van 2 of 3 letters "
                                  "(nl, en, tr, ar, pap)", {"value": value})
    return code


def _not_after_today(value: date, info: ValidationInfo) -> date:
    """A check date cannot lie after the reference date."""
    today = (info.context or {}).get("today")
    if today is not None and value > today:
        raise PydanticCustomError("datum_toekomst", "{value} ligt in de toekomst (na {today})",
                                  {"value": value.isoformat(), "today": today.isoformat()})
    return value


def _plain_text(value: str) -> str:
    """Plain-text fields are one paragraph: no line breaks from a stray `|`."""
    return " ".join(value.split())


Tekst = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_plain_text)]
Telefoon = Annotated[str, Field(min_length=1, max_length=40, examples=["030 123 45 67"]), AfterValidator(_phone)]
Email = Annotated[str, Field(min_length=3, max_length=254, examples=["info@voorbeeld.nl"]), AfterValidator(_email)]
Website = Annotated[str, Field(min_length=8, max_length=500, examples=["https://www.voorbeeld.nl"]),
                    AfterValidator(_website)]
Postcode = Annotated[str, Field(examples=["1234 AB"]), AfterValidator(_postcode)]
Tijd = Annotated[str, Field(examples=["09:30"]), AfterValidator(_time)]
Taal = Annotated[str, Field(examples=["nl"]), AfterValidator(_language)]
Naam = Annotated[str, Field(min_length=1, max_length=120)]


# --- the organisation file --------------------------------------------------------------

class Werkgebied(Model):
    """Where an organisation helps: the whole country, or named gemeenten (and wijken)."""

    landelijk: bool = False
    gemeenten: Annotated[list[Naam], AfterValidator(_no_duplicates)] = []
    wijken: Annotated[list[Naam], AfterValidator(_no_duplicates)] = []

    @model_validator(mode="after")
    def _one_kind(self):
        """Either landelijk or gemeenten; wijken only within a single gemeente."""
        if self.landelijk and self.gemeenten:
            raise PydanticCustomError("werkgebied", "kies óf 'landelijk: true' óf een lijst 'gemeenten', niet allebei")
        if not self.landelijk and not self.gemeenten:
            raise PydanticCustomError("werkgebied", "vul 'gemeenten' in (bijvoorbeeld [Voorbeeldstad]) "
                                      "of 'landelijk: true'")
        if self.wijken and len(self.gemeenten) != 1:
            raise PydanticCustomError("werkgebied", "'wijken' mag alleen als er precies één gemeente is")
        return self


class Aanmelden(Model):
    """How a resident signs up."""

    manieren: KeyList("aanmeldwijze", 1)
    uitleg: Tekst | None = None
    kosten: Annotated[str, Field(max_length=200)] | None = None
    wachttijd: Annotated[str, Field(max_length=200)] | None = None


class Contact(Model):
    """How to reach the organisation; at least one of telefoon, email, website."""

    telefoon: Telefoon | None = None
    email: Email | None = None
    website: Website | None = None
    whatsapp: Telefoon | None = None
    bereikbaarheid: Tekst | None = None

    @model_validator(mode="after")
    def _reachable(self):
        """A resident must be able to reach the organisation somehow."""
        if not (self.telefoon or self.email or self.website):
            raise PydanticCustomError("contact_leeg", "vul minstens één van telefoon, email of website in")
        return self


class Spreekuur(Model):
    """One weekly opening hour at a location."""

    dag: Literal[DAGEN]
    van: Tijd
    tot: Tijd
    vorm: Literal["inloop", "op-afspraak"]

    @model_validator(mode="after")
    def _ends_after_start(self):
        """`tot` comes after `van` on the same day."""
        if self.tot <= self.van:
            raise PydanticCustomError("tijd_volgorde", "'tot' ({tot}) moet later zijn dan 'van' ({van})",
                                      {"tot": self.tot, "van": self.van})
        return self


class Locatie(Model):
    """An address where residents can go."""

    naam: Naam
    adres: Annotated[str, Field(min_length=2, max_length=200)]
    postcode: Postcode
    plaats: Naam
    rolstoeltoegankelijk: bool | None = None
    toelichting: Tekst | None = None
    spreekuren: list[Spreekuur] = []


class Doorverwijzen(Model):
    """What a volunteer or professional needs to refer someone well."""

    wanneer: Tekst | None = None
    meenemen: list[Annotated[str, Field(min_length=1, max_length=200)]] = []
    werkwijze: Tekst | None = None
    terugkoppeling: bool | None = None


class Samenwerking(Model):
    """The municipality's relation with the organisation (public, not shown to residents)."""

    relatie: Key("relatie") | None = None
    financiering: KeyList("financiering") = []
    vrijwilligers: Annotated[int, Field(ge=0, le=1_000_000)] | None = None


class Melding(Model):
    """A temporary notice shown on top until the day after `tot`."""

    tekst: Tekst
    tot: date


class Organisatie(Model):
    """One organisation file, organisations/<slug>.yaml, field for field as the contract says."""

    naam: Annotated[str, Field(min_length=2, max_length=120)]
    soort: Key("soort")
    samenvatting: Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_plain_text)]
    beschrijving: Annotated[str, Field(max_length=10_000)] | None = None
    werkgebied: Werkgebied
    fases: KeyList("fase", 1)
    rollen: KeyList("rol", 1)
    activiteiten: KeyList("activiteit") = []
    doelgroepen: KeyList("doelgroep", 1)
    trefwoorden: list[Annotated[str, Field(min_length=1, max_length=60)]] = []
    aanmelden: Aanmelden
    talen: Annotated[list[Taal], Field(min_length=1), AfterValidator(_no_duplicates)] = ["nl"]
    contact: Contact
    locaties: list[Locatie] = []
    doorverwijzen: Doorverwijzen | None = None
    samenwerking: Samenwerking | None = None
    melding: Melding | None = None
    gecontroleerd: Annotated[date, AfterValidator(_not_after_today)]


# --- the partner file -------------------------------------------------------------------

class Contactpersoon(Model):
    """The direct line for referrers: personal data, only in the partner build."""

    naam: Naam
    functie: Naam | None = None
    telefoon: Telefoon | None = None
    email: Email | None = None

    @model_validator(mode="after")
    def _reachable(self):
        """A contact person needs a phone number or an e-mail address."""
        if not (self.telefoon or self.email):
            raise PydanticCustomError("contact_leeg", "vul telefoon of email van de contactpersoon in")
        return self


class Partner(Model):
    """partners/<slug>.yaml: partner-only data for one organisation."""

    contactpersoon: Contactpersoon
    notitie: Tekst | None = None


# --- site settings and content ----------------------------------------------------------

class Schuldhulp(Model):
    """The municipality's own debt-help contact."""

    naam: Naam
    telefoon: Telefoon
    email: Email | None = None
    bereikbaarheid: Tekst | None = None


class Spoed(Model):
    """The urgent-help block: threatened cut-off or eviction."""

    titel: Tekst
    tekst: Tekst
    telefoon: Telefoon


class Redactie(Model):
    """Who keeps the map up to date, and where to edit a file."""

    email: Email
    bewerk_url: Annotated[str, Field(max_length=500)] = ""

    @model_validator(mode="after")
    def _pattern(self):
        """An edit link pattern needs {pad}, where the file's path goes."""
        if self.bewerk_url and ("{pad}" not in self.bewerk_url or not self.bewerk_url.startswith("https://")):
            raise PydanticCustomError("bewerk_url", "'bewerk_url' begint met https:// en bevat {{pad}}")
        return self


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


class Situatie(Model):
    """One choice on the home page, in the resident's own words."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
    tekst: Annotated[str, Field(min_length=5, max_length=120)]
    uitleg: Tekst | None = None
    filters: WegwijzerFilters
    groeperen: Literal["gemeente", "doelgroep", "geen"] = "gemeente"


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


def taalnaam(code: str) -> str:
    """The Dutch name of a language code: 'tr' -> 'Turks'."""
    if code in TAALNAMEN_EXTRA:
        return TAALNAMEN_EXTRA[code]
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if found is None:
        return code
    return _dutch_language_names().gettext(found.name)


_translations = None


def _dutch_language_names():
    """pycountry's Dutch translation of ISO 639 names, loaded once."""
    global _translations
    if _translations is None:
        import gettext

        _translations = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)
    return _translations
