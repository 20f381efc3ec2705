"""The editor's JSON Schema: organisatie.schema.json and partner.schema.json, made from schema.py.

`python build.py schema` writes them beside the organisations folder, where every organisation
file points with its first line `# yaml-language-server: $schema=../organisatie.schema.json`.
An editor with a YAML language server (VS Code and others) then completes and checks fields
while the editor types. Fields, their Dutch descriptions and examples all come from the pydantic
models; this module only adds what the models cannot say by themselves:

- the vocabulary of content/taxonomie.yaml: a field tagged `x-vocabulaire` gets its keys as `enum`
  and their labels as `enumDescriptions` / `markdownEnumDescriptions` (shown by VS Code);
- how values are typed: the build reads every value as the text the editor typed, while a YAML 1.2
  editor sees plain `40` as a number and `true` as a boolean. So a number field accepts an integer
  or its digits as text, a yes/no field true/false or the text "true"/"false", a free-text field
  also a number (`kosten: 0`), and a date is text written as JJJJ-MM-DD (YAML 1.2 has no dates);
- Dutch messages: the YAML language server shows a schema's `errorMessage` and
  `patternErrorMessage` instead of its own English text, but has no such key for lengths, numbers
  of items or ranges. So those limits become rules (`_rule`) whose failure is an `enum` with a
  Dutch `errorMessage`, and every field gets a Dutch message for a value of the wrong kind;
- checks the editor can make too: a phone number of a Dutch form (not any six digits), a date that
  exists, a language code from ISO 639. What only `check` knows (a date in the future, a number no
  one has, a gemeente spelt two ways) is listed in docs/organisatie.md.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import schema
from kaart.problems import Problem, UserError
from kaart.read import read_yaml_file
from kaart.validate import validate_doc

# Draft 7: the version the YAML language server of VS Code (and of most editors) implements; a
# newer $schema makes it warn that the schema is "not yet fully supported".
DIALECT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILES = {"organisatie.schema.json": schema.Organisatie, "partner.schema.json": schema.Partner}
_LEAP = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE_PATTERN = (
    r"^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))|" + _LEAP + r"-02-29)$"
)
_SEP = r"[ ().-]*"
# The forms of a phone number `check` accepts that the editor can recognise: ten digits from a 0
# (030 123 45 67), a service number (0800 1234), an international one (+31 30 ..., 0031 ...), a
# gemeente's 14 number (14 030). Whether anyone has the number only `check` knows.
PHONE_PATTERN = (
    "^(?:"
    + "|".join(
        [
            r"\(?0" + _SEP + r"[1-9](?:" + _SEP + r"[0-9]){8}",
            r"0[89]0[0-9](?:" + _SEP + r"[0-9]){4,7}",
            r"(?:\+|00) *[1-9](?:" + _SEP + r"[0-9]){6,14}",
            r"14[ -]?0[0-9]{2,3}",
        ]
    )
    + ")"
    + _SEP
    + "$"
)
# A YAML 1.2 editor reads 0301234567 as the number 301234567: nine digits, the 0 gone.
PHONE_AS_NUMBER = (100_000_000, 999_999_999)
COMMENT = (
    "Gemaakt met 'python build.py schema' uit schema.py en content/taxonomie.yaml. "
    "Pas dit bestand niet met de hand aan: maak het opnieuw na een wijziging in de vocabulaire."
)


def read_vocabulary(content_dir: str) -> schema.Taxonomie:
    """content/taxonomie.yaml, validated, or UserError with its problems."""
    path = os.path.join(content_dir, "taxonomie.yaml")
    doc, problems = read_yaml_file(path)
    if doc is None:
        raise UserError(problems)
    vocab, problems = validate_doc(doc, schema.Taxonomie, {})
    if vocab is None:
        raise UserError(problems)
    return vocab


def _pattern_of(annotated) -> str:
    """The editor's pattern schema.py gives a field type (in its json_schema_extra)."""
    for meta in annotated.__metadata__:
        extra = getattr(meta, "json_schema_extra", None)
        if isinstance(extra, dict) and "pattern" in extra:
            return extra["pattern"]
    raise ValueError(f"{annotated} has no pattern for the editor")


TEXT = "Hier hoort tekst."
LIST = "Hier hoort een lijst: [a, b] op één regel, of regels die beginnen met '- '."
NUMBER = "Schrijf een heel getal, zoals 40."
DECIMAL = "Schrijf een getal met een punt, zoals 52.0907."
YES_NO = "Schrijf true (ja) of false (nee)."
DATE = "Schrijf een datum die bestaat, als JJJJ-MM-DD, zoals 2026-09-01."
PHONE = "Dit is geen Nederlands telefoonnummer; schrijf het bijvoorbeeld als 030 123 45 67."
LANGUAGE = "Dit is geen taalcode; gebruik de code van 2 of 3 kleine letters, zoals nl, en, tr, ar of pap."
# Messages for the patterns schema.py gives the editor, keyed by the pattern itself. A pattern
# without one here gets SHAPE (a test fails on that, so each gets its own message).
SHAPE = "Deze waarde heeft niet de goede vorm; lees de uitleg bij dit veld."
PATTERN_MESSAGES = {
    _pattern_of(schema.Email): "Dit is geen e-mailadres; schrijf het zoals info@voorbeeld.nl.",
    _pattern_of(schema.Website): "Dit is geen webadres; een webadres begint met https:// en bevat geen "
    "spaties of < > \" '.",
    _pattern_of(schema.Postcode): "Dit is geen Nederlandse postcode; schrijf bijvoorbeeld 1234 AB.",
    _pattern_of(schema.Tijd): "Dit is geen tijd; schrijf uren en minuten, zoals 09:30.",
    _pattern_of(schema.GemeenteNaam): "Een gemeente heeft een naam met letters A-Z of cijfers nodig (voor het "
    "webadres gemeente/<naam>/).",
}
# The rules of a model that schema.py writes for the editor (json_schema_extra), with the
# message `check` gives when one is broken.
MODEL_MESSAGES = {
    "Contact": {"anyOf": "Vul minstens één van telefoon, email of website in."},
    "Contactpersoon": {"anyOf": "Vul telefoon of email van de contactpersoon in."},
    "Werkgebied": {
        "anyOf": "Vul óf 'gemeenten' in (bijvoorbeeld [Voorbeeldstad]) óf 'landelijk: true', niet allebei.",
        "then": "'wijken' mag alleen als er precies één gemeente is.",
    },
}


def _fail(message: str) -> dict:
    """A schema that fails with `message` for any value but null (an empty enum would say it
    plainer, but the server refuses a schema with one)."""
    return {"type": ["null"], "errorMessage": message}


def _rule(condition: dict, message: str) -> dict:
    """A rule the editor explains in Dutch: a value that fails `condition` (a length, a range: so
    never null) fails with `message` (the server has no message of its own for these keywords)."""
    return {"if": condition, "else": _fail(message)}


def _add_rule(node: dict, condition: dict, message: str) -> None:
    """Add a rule to a node (beside any it has)."""
    node.setdefault("allOf", []).append(_rule(condition, message))


def _limit_message(low, high, one: str, many: str) -> str:
    """'minstens 2 tekens', 'hooguit 200 tekens', '2 tot 120 tekens'."""
    if low is not None and high is not None:
        return f"{low} tot {high} {many}"
    if low is not None:
        return f"minstens {low} {one if low == 1 else many}"
    return f"hooguit {high} {one if high == 1 else many}"


def _limits_as_rules(node: dict, message: str | None = None) -> None:
    """Lengths, numbers of items and ranges as rules with a Dutch message."""
    for low_key, high_key, text in (
        ("minLength", "maxLength", "string"),
        ("minItems", "maxItems", "array"),
        ("minimum", "maximum", "number"),
    ):
        low, high = node.pop(low_key, None), node.pop(high_key, None)
        if low is None and high is None:
            continue
        condition = {key: value for key, value in ((low_key, low), (high_key, high)) if value is not None}
        if message:
            said = message
        elif text == "string":
            said = f"Schrijf hier {_limit_message(low, high, 'teken', 'tekens')}."
        elif text == "number":
            said = f"Schrijf een heel getal van {low:,} tot en met {high:,}.".replace(",", ".")
        else:
            facet = node.get("items", {}).get("x-vocabulaire")
            noun = schema.FACET_NOUN[facet] if facet else None
            said = (
                f"Kies minstens één {noun}."
                if noun and low == 1 and high is None
                else f"Schrijf {_limit_message(low, high, 'waarde', 'waarden')} in de lijst."
            )
        _add_rule(node, condition, said)


def _model_rules(definitions: dict) -> None:
    """The rules of MODEL_MESSAGES as conditions on the whole model: the editor then underlines
    the model (its first field, where `check` points too) with the message of `check`, instead of
    one of its fields with the server's English."""
    for name, messages in MODEL_MESSAGES.items():
        definition = definitions.get(name)
        if definition is None:
            continue
        rules = definition.setdefault("allOf", [])
        if "anyOf" in definition:
            rules.append({"if": {"anyOf": definition.pop("anyOf")}, "else": _fail(messages["anyOf"])})
        if "then" in definition:
            rules.append(
                {"if": definition.pop("if"), "then": {"if": definition.pop("then"), "else": _fail(messages["then"])}}
            )


def _vocabulary_enum(node: dict, vocab: schema.Taxonomie) -> None:
    """A vocabulary field: its keys as enum, label and explanation as descriptions."""
    terms = getattr(vocab, node["x-vocabulaire"])
    node.pop("minLength", None)
    node["enum"] = list(terms)
    node["enumDescriptions"] = [f"{term.label}: {term.uitleg}" for term in terms.values()]
    node["markdownEnumDescriptions"] = [f"**{term.label}**: {term.uitleg}" for term in terms.values()]
    node["errorMessage"] = f"Dit is geen {schema.FACET_NOUN[node['x-vocabulaire']]}; kies uit: {', '.join(terms)}."


def _languages() -> tuple[list[str], list[str]]:
    """Every code `check` accepts as a language (ISO 639): first the two-letter ones and those
    with a Dutch name of our own, with their Dutch names (for completion), then the other
    three-letter codes (names for those would make the file four times as big)."""
    import pycountry  # here, not on import: the build's warnings import this module, and pycountry asks for its version

    first = sorted(
        {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")} | set(schema.TAALNAMEN_EXTRA)
    )
    rest = sorted({lang.alpha_3 for lang in pycountry.languages} - set(first))
    return first + rest, [schema.taalnaam(code) for code in first]


def _language_enum(node: dict) -> None:
    """A language code: one of ISO 639's (so `xx` is underlined)."""
    for key in ("pattern", "minLength", "maxLength"):
        node.pop(key, None)
    node["enum"], node["enumDescriptions"] = _languages()
    node["errorMessage"] = LANGUAGE


def _phone(node: dict) -> None:
    """A phone number: text of a Dutch form, or ten digits the editor read as a number."""
    for key in ("type", "pattern", "minLength", "maxLength"):
        node.pop(key, None)
    number = {"type": "integer", "errorMessage": PHONE}
    _add_rule(number, {"minimum": PHONE_AS_NUMBER[0], "maximum": PHONE_AS_NUMBER[1]}, PHONE)
    node["anyOf"] = [
        {"type": "string", "pattern": PHONE_PATTERN, "patternErrorMessage": PHONE, "errorMessage": PHONE},
        number,
    ]


def _as_text_too(node: dict, text_form: dict, message: str) -> None:
    """Let a typed value also be written as text: {type: integer, ...} -> anyOf [that, text_form]."""
    keep = ("title", "description", "examples", "default")
    typed = {key: value for key, value in node.items() if key not in keep}
    for key in list(node):
        if key not in keep:
            del node[key]
    typed["errorMessage"] = message
    text_form["errorMessage"] = message
    _limits_as_rules(typed)
    node["anyOf"] = [typed, text_form]


def _object_message(node: dict) -> None:
    """A model: which fields belong here and which are required, for a wrong or missing field."""
    names = list(node["properties"])
    required = node.get("required", [])
    message = f"Hier horen alleen deze velden: {', '.join(names)}."
    if required:
        message += f" Verplicht: {', '.join(required)}."
    node["errorMessage"] = message


PHONE_FROM_SCHEMA = _pattern_of(schema.Telefoon)
LANGUAGE_FROM_SCHEMA = _pattern_of(schema.Taal)


def _adapt(node, vocab: schema.Taxonomie):
    """Walk the schema bottom-up and apply the rules of this module's docstring."""
    if isinstance(node, list):
        for item in node:
            _adapt(item, vocab)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key not in ("examples", "default", "enum", "const", "if"):
            _adapt(value, vocab)
    kind = node.get("type")
    if "x-vocabulaire" in node:
        _vocabulary_enum(node, vocab)
    elif node.get("pattern") == PHONE_FROM_SCHEMA:
        _phone(node)
    elif node.get("pattern") == LANGUAGE_FROM_SCHEMA:
        _language_enum(node)
    elif kind == "integer":
        _as_text_too(node, {"type": "string", "pattern": "^[0-9]+$", "patternErrorMessage": NUMBER}, NUMBER)
    elif kind == "number":
        _as_text_too(
            node, {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$", "patternErrorMessage": DECIMAL}, DECIMAL
        )
    elif kind == "boolean":
        _as_text_too(node, {"type": "string", "enum": ["true", "false"]}, YES_NO)
    elif kind == "string" and node.get("format") == "date":
        del node["format"]  # the server's own date check is English and lets 2026-02-30 through
        node.update(pattern=DATE_PATTERN, patternErrorMessage=DATE, errorMessage=DATE)
    elif kind == "string" and "enum" in node:
        node["errorMessage"] = f"Kies uit: {', '.join(node['enum'])}."
    elif kind == "string" and "pattern" in node:
        node["patternErrorMessage"] = node["errorMessage"] = PATTERN_MESSAGES.get(node["pattern"], SHAPE)
    elif kind == "string" and not {"enum", "const", "format"} & node.keys():
        node["type"] = ["string", "number"]
        node["errorMessage"] = TEXT
    elif kind == "array":
        node["errorMessage"] = LIST
    elif kind == "object" and "properties" in node:
        _object_message(node)
    _limits_as_rules(node)


def _types_as_lists(node) -> None:
    """`"type": "string"` -> `["string"]` for values (not objects and lists): the server rewrites
    the message of a single wrong type in English when two alternatives both have one
    ("Expected boolean | null"), but keeps the errorMessage of a type written as a list."""
    if isinstance(node, list):
        for item in node:
            _types_as_lists(item)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key not in ("examples", "default", "enum", "const", "properties"):
            _types_as_lists(value)
        elif key == "properties":
            for child in value.values():
                _types_as_lists(child)
    if isinstance(node.get("type"), str) and node["type"] not in ("object", "array"):
        node["type"] = [node["type"]]


def _draft7(node):
    """pydantic writes 2020-12; make it draft 7: `definitions`, and no keyword beside a `$ref`
    (draft 7 ignores those), so a field's own description wraps its model in `allOf`."""
    if isinstance(node, list):
        return [_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {
        key: _draft7(value) if key not in ("examples", "default", "enum", "const") else value
        for key, value in node.items()
    }
    if "$ref" in node:
        node["$ref"] = node["$ref"].replace("#/$defs/", "#/definitions/")
        if len(node) > 1:
            ref = node.pop("$ref")
            node = {**node, "allOf": [{"$ref": ref}, *node.get("allOf", [])]}
    if "$defs" in node:
        node["definitions"] = node.pop("$defs")
    return node


def editor_schema(model, vocab: schema.Taxonomie) -> dict:
    """The JSON Schema of one file model, as an editor's YAML language server needs it."""
    generated = copy.deepcopy(model.model_json_schema())
    for definition in generated.get("$defs", {}).values():
        # A model's docstring is a note for programmers (in English); every field that uses the
        # model carries its own Dutch description.
        definition.pop("description", None)
    _model_rules(generated.get("$defs", {}))
    _adapt(generated, vocab)
    _types_as_lists(generated)
    generated = _draft7(generated)
    head = {
        "$schema": DIALECT,
        "title": generated.pop("title"),
        "description": generated.pop("description"),
        "$comment": COMMENT,
    }
    return {**head, **generated}


def schema_files(vocab: schema.Taxonomie) -> dict[str, bytes]:
    """Every schema file by name, as the bytes `python build.py schema` writes."""
    return {
        name: (json.dumps(editor_schema(model, vocab), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        for name, model in SCHEMA_FILES.items()
    }


def schema_folder(organisations_dir: str) -> Path:
    """Where the schema files go: beside the organisations folder (`../organisatie.schema.json`)."""
    return Path(organisations_dir).resolve().parent


def write_schema_files(organisations_dir: str, content_dir: str, check_only: bool = False) -> list[Path]:
    """Write (or with check_only: compare) the schema files; returns those that were out of date."""
    folder = schema_folder(organisations_dir)
    outdated = []
    for name, content in schema_files(read_vocabulary(content_dir)).items():
        target = folder / name
        if target.exists() and target.read_bytes() == content:
            continue
        outdated.append(target)
        if not check_only:
            target.write_bytes(content)
    return outdated


def outdated_problems(paths: list[Path]) -> list[Problem]:
    """One problem per schema file that differs from what `python build.py schema` would write."""
    return [
        Problem(
            os.path.relpath(path),
            1,
            1,
            "",
            "dit bestand past niet meer bij schema.py of de vocabulaire; maak het opnieuw met: python build.py schema",
        )
        for path in paths
    ]
