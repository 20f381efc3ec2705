"""A warning for what looks like a person's phone number or e-mail address in a free text.

Contact persons belong in the partner folder, never on the public map (docs/partner.md). A
number or address in a beschrijving, uitleg or melding is public all the same, so it is flagged
unless the map already publishes it (an organisation's own contact details, the gemeente's
numbers in content/instellingen.yaml), or it is a service number (0800, 0900, 088) or a role
address (info@, aanmelden@). A warning, not an error: only the editor knows whose it is.
"""

from __future__ import annotations

import os
import re

import phonenumbers
from phonenumbers import PhoneNumberType

from kaart.positions import dotted
from kaart.problems import Problem

# A run that starts like a Dutch or international number: 0..., (0...), +31..., 0031..., not inside a
# word or a longer number. It begins with a character class, so the regex engine skips ahead to a
# + ( or 0 instead of trying the lookbehind at every character.
PHONE_RE = re.compile(r"[+(0](?<![\w+][+(0])(?:(?<=\()0|(?<=[+0]))\d[\d ()./-]{6,18}\d(?!\d)")
EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# Numbers of a service, not of a person.
SERVICE_TYPES = {
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
}
# The first word of an address that belongs to a role or a desk, not to a person.
ROLE_WORDS = {
    "aanmelden",
    "aanmelding",
    "administratie",
    "algemeen",
    "balie",
    "bureau",
    "contact",
    "email",
    "helpdesk",
    "help",
    "hulp",
    "info",
    "informatie",
    "intake",
    "klantenservice",
    "loket",
    "mail",
    "noreply",
    "no-reply",
    "office",
    "planning",
    "post",
    "receptie",
    "redactie",
    "secretariaat",
    "service",
    "spreekuur",
    "support",
    "team",
    "vragen",
    "vrijwilligers",
    "welkom",
}


def _free_texts(org):
    """(location, text) of every free text of an organisation, where a person's details could hide."""
    for name in ("samenvatting", "beschrijving"):
        yield (name,), getattr(org, name)
    for name in ("uitleg", "kosten", "wachttijd"):
        yield ("aanmelden", name), getattr(org.aanmelden, name)
    yield ("contact", "bereikbaarheid"), org.contact.bereikbaarheid
    for number, locatie in enumerate(org.locaties):
        yield ("locaties", number, "toelichting"), locatie.toelichting
    if org.doorverwijzen is not None:
        yield ("doorverwijzen", "wanneer"), org.doorverwijzen.wanneer
        yield ("doorverwijzen", "werkwijze"), org.doorverwijzen.werkwijze
        for number, item in enumerate(org.doorverwijzen.meenemen):
            yield ("doorverwijzen", "meenemen", number), item
    if org.melding is not None:
        yield ("melding", "tekst"), org.melding.tekst
    for number, word in enumerate(org.trefwoorden):
        yield ("trefwoorden", number), word


def _digits(text: str) -> str:
    """A phone number as its digits, the Dutch way: '+31 6 1234 5678' and '06-12345678' -> '0612345678'."""
    digits = re.sub(r"\D", "", text.replace("(0)", ""))  # +31 (0)6 ...: the trunk 0 in brackets
    international = text.lstrip().startswith("+") or digits.startswith("00")
    digits = digits.removeprefix("00")
    if international:
        return "0" + digits[2:] if digits.startswith("31") else "+" + digits
    return digits


def _personal_number(text: str) -> bool:
    """A number someone could be called on that is no service number (0800, 0900, 088)."""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return False
    national = phonenumbers.national_significant_number(number)
    mobile_range = number.country_code == 31 and len(national) == 9 and national[0] == "6"  # ranges not handed out
    if not (phonenumbers.is_valid_number(number) or mobile_range):
        return False
    return phonenumbers.number_type(number) not in SERVICE_TYPES


def _known(project) -> tuple[set[str], set[str]]:
    """The phone numbers (as _digits) and e-mail addresses the map publishes anyway: organisations' and the
    gemeente's. Compared by their digits: parsing every organisation's number again would take seconds."""
    phones: set[str] = set()
    emails: set[str] = set()
    settings = project.settings
    for value in (settings.schuldhulp.telefoon, settings.spoed.telefoon):
        phones.add(_digits(value))
    for value in (settings.schuldhulp.email, settings.redactie.email):
        if value:
            emails.add(value.lower())
    for org in project.organisations.values():
        contact = org.contact
        if contact.telefoon:
            phones.add(_digits(contact.telefoon))
        if contact.whatsapp:
            phones.add(_digits(contact.whatsapp))
        if contact.email:
            emails.add(contact.email.lower())
    return phones, emails


def _is_role_address(address: str) -> bool:
    """info@..., aanmelden.noord@...: an address of a desk, not of a person."""
    local = address.split("@", 1)[0].lower()
    return local in ROLE_WORDS or re.split(r"[._+-]", local, maxsplit=1)[0] in ROLE_WORDS


def _line_of(doc, loc: tuple, typed: str) -> int | None:
    """The line of the file where `typed` stands, searched from the field's own line on."""
    try:
        with open(doc.path, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    start = doc.where(loc)[0]
    return next((number for number in range(start, len(lines) + 1) if typed in lines[number - 1]), None)


WARNINGS = {
    "email": "is '{typed}' het e-mailadres van een persoon? Persoonsgegevens horen niet op de openbare kaart: zet "
    "een direct adres in de partnermap ({partners}), en hier het algemene adres uit contact.email",
    "telefoon": "is '{typed}' het telefoonnummer van een persoon? Persoonsgegevens horen niet op de openbare kaart: "
    "zet een direct nummer in de partnermap ({partners}), en hier het algemene nummer uit "
    "contact.telefoon",
}


def _warning(project, slug: str, loc: tuple, kind: str, typed: str) -> Problem:
    """A warning of `kind` at the line where `typed` stands in the organisation's file (else at the field)."""
    doc = project.org_docs[slug]
    partners = f"partners/{os.path.basename(project.org_paths[slug])}"
    line, column = doc.where(loc)
    found = _line_of(doc, loc, typed)
    if found is not None and found != line:
        line, column = found, 1
    return Problem(
        doc.path, line, column, dotted(loc), WARNINGS[kind].format(typed=typed, partners=partners), warning=True
    )


def personal_data_warnings(project) -> list[Problem]:
    """A warning for each phone number or e-mail address in a free text that the map does not publish already."""
    phones, emails = _known(project)
    found = []
    for slug in sorted(project.organisations):
        texts = [(loc, text) for loc, text in _free_texts(project.organisations[slug]) if text]
        whole = "\n".join(text for _, text in texts)
        if "@" not in whole and not PHONE_RE.search(whole):
            continue  # most organisations: one search over all their texts, not one per field
        for loc, text in texts:
            for match in EMAIL_RE.finditer(text) if "@" in text else ():
                address = match.group().rstrip(".")
                if address.lower() not in emails and not _is_role_address(address):
                    found.append(_warning(project, slug, loc, "email", address))
            for match in PHONE_RE.finditer(text):
                if _digits(match.group()) not in phones and _personal_number(match.group()):
                    found.append(_warning(project, slug, loc, "telefoon", match.group()))
    return found
