"""Validate stage: plain values in, models out, or Dutch problems with file, line and field.

pydantic's messages are English and written for programmers; here every error is keyed on
its `type` and said again in plain Dutch. Our own validators in schema.py already speak
Dutch (PydanticCustomError), so their message is kept.
"""

from __future__ import annotations

import difflib
import os
import typing

from pydantic import BaseModel, ValidationError
from pydantic_core import core_schema

import schema
from kaart.positions import YamlDoc, dotted
from kaart.problems import Problem
from kaart.text import fold, slugify

MESSAGES = {
    "missing": "dit veld ontbreekt; het is verplicht",
    "string_type": "hier hoort tekst",
    "string_too_short": "is te kort (minstens {min_length} tekens)",
    "string_too_long": "is te lang ({length} tekens; hooguit {max_length})",
    "string_pattern_mismatch": "'{input}' mag alleen kleine letters, cijfers en streepjes bevatten",
    "int_parsing": "'{input}' is geen heel getal",
    "int_type": "hier hoort een heel getal",
    "int_from_float": "'{input}' is geen heel getal",
    "float_parsing": "'{input}' is geen getal; schrijf bijvoorbeeld 52.0907 (met een punt)",
    "float_type": "hier hoort een getal, bijvoorbeeld 52.0907",
    "finite_number": "hier hoort een gewoon getal, bijvoorbeeld 52.0907",
    "tuple_type": "hier hoort een lijst van twee getallen, bijvoorbeeld [52.0907, 5.1214]",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hooguit {le} zijn",
    "bool_parsing": "'{input}' is geen ja/nee-waarde; schrijf true of false",
    "bool_type": "hier hoort true of false",
    "date_from_datetime_parsing": "'{input}' is geen bestaande datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-09-01",
    "date_parsing": "'{input}' is geen bestaande datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2026-09-01",
    "date_from_datetime_inexact": "schrijf alleen een datum (JJJJ-MM-DD), zonder tijd",
    "date_type": "hier hoort een datum (JJJJ-MM-DD)",
    "list_type": "hier hoort een lijst, bijvoorbeeld [a, b] of regels die beginnen met '- '",
    "too_short": "de lijst moet minstens {min_length} waarde(n) hebben",
    "too_long": "de lijst is te lang (hooguit {max_length})",
    "dict_type": "hier horen velden (naam: waarde), geen losse waarde",
    "model_type": "hier horen velden (naam: waarde), geen losse waarde",
    "model_attributes_type": "hier horen velden (naam: waarde), geen losse waarde",
    "literal_error": "'{input}' mag hier niet; kies uit: {expected}",
    "extra_forbidden": "'{field}' is geen bekend veld; haal het weg of controleer de spelling",
    "string_unicode": "er staat een ongeldig teken in deze tekst; haal het weg",
    "int_parsing_size": "'{input}' is te groot voor een heel getal",
}
# pydantic's own error types: one not in MESSAGES gets this, never its English text.
BUILT_IN = frozenset(typing.get_args(core_schema.ErrorType))
UNKNOWN = "deze waarde klopt hier niet; kijk in het voorbeeld (organisatie.voorbeeld.yaml) hoe het moet"
CONTACTPERSOON = (
    "'contactpersoon' hoort niet in dit bestand: contactpersonen zijn persoonsgegevens en "
    "staan in de partnermap (partners/<slug>.yaml, zie docs/voorbeelden/partner.yaml)"
)
EMPTY = "is leeg; vul een waarde in"


def dutch_message(error: dict) -> str:
    """One pydantic error as a plain Dutch sentence, keyed on its type."""
    kind = error["type"]
    loc = error["loc"]
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if kind == "extra_forbidden" and field != "contactpersoon":
        if field in schema.field_names():
            return f"'{field}' hoort hier niet; staat het op de goede plek (let op de inspringing)?"
        guess = difflib.get_close_matches(field, sorted(schema.field_names()), n=1, cutoff=0.8)
        if guess:
            return f"'{field}' is geen bekend veld; bedoelt u '{guess[0]}'?"
    if kind == "extra_forbidden" and field == "contactpersoon":
        return CONTACTPERSOON
    if error.get("input") is None and kind.endswith("_type"):
        return EMPTY
    template = MESSAGES.get(kind)
    if template is None:
        # Our own validators (PydanticCustomError) speak Dutch already; a built-in type without
        # a Dutch text gets a general one (its field and place still say where to look).
        return UNKNOWN if kind in BUILT_IN else error["msg"]
    context = dict(error.get("ctx") or {})
    given = error.get("input")
    context["input"] = given if isinstance(given, str) else ""
    context["field"] = field
    if "expected" in context:
        context["expected"] = context["expected"].replace("'", "").replace(" or ", ", ")
    if isinstance(given, (str, list)):
        context["length"] = len(given)
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return UNKNOWN


def problems_from(doc: YamlDoc, error: ValidationError) -> list[Problem]:
    """Every error of one validation as a located problem, in file order."""
    found = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and "[" in part))
        is_key = item["type"] == "extra_forbidden" or "[key]" in item["loc"]  # a bad key of a mapping
        line, column = doc.where(loc, key=is_key)
        found.append(Problem(doc.path, line, column, dotted(loc), dutch_message(item)))
    return sorted(set(found))


def validate_doc(doc: YamlDoc, model: type[BaseModel], context: dict) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one file's values against its model, with the vocabulary and reference date."""
    if not isinstance(doc.data, dict):
        kind = "een lijst" if isinstance(doc.data, list) else "losse tekst"
        return None, [
            Problem(doc.path, 1, 1, "", f"het bestand bevat {kind}; het moet velden bevatten (naam: ..., soort: ...)")
        ]
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as error:
        return None, problems_from(doc, error)


def gemeente_problems(organisations: dict, paths: dict[str, str], docs: dict) -> list[Problem]:
    """Gemeente names that differ in more than case and accents but share a slug (one page, two names).

    'Den Haag' and 'den haag' are one gemeente (kaart/warnings_across.py asks about the odd spelling);
    'Den Haag' and 'Den-Haag' would silently become one page under whichever name came first."""
    first: dict[str, tuple[str, str]] = {}  # slug -> (name, organisation slug) where it was first seen
    found = []
    for slug in sorted(organisations):
        for index, naam in enumerate(organisations[slug].werkgebied.gemeenten):
            url = slugify(naam)
            seen = first.setdefault(url, (naam, slug))
            if fold(seen[0]) != fold(naam):
                loc = ("werkgebied", "gemeenten", index)
                where = "dit bestand" if seen[1] == slug else os.path.basename(paths[seen[1]])
                found.append(
                    Problem(
                        paths[slug],
                        *docs[slug].where(loc),
                        dotted(loc),
                        f"'{naam}' en '{seen[0]}' (in {where}) krijgen hetzelfde webadres, "
                        f"gemeente/{url}/; schrijf de naam overal hetzelfde",
                    )
                )
    return found
