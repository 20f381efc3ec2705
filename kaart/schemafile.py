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
  also a number (`kosten: 0`), and a date is text written as JJJJ-MM-DD (YAML 1.2 has no dates).
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
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
COMMENT = ("Gemaakt met 'python build.py schema' uit schema.py en content/taxonomie.yaml. "
           "Pas dit bestand niet met de hand aan: maak het opnieuw na een wijziging in de vocabulaire.")


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


def _vocabulary_enum(node: dict, vocab: schema.Taxonomie) -> None:
    """A vocabulary field: its keys as enum, label and explanation as descriptions."""
    terms = getattr(vocab, node["x-vocabulaire"])
    node.pop("minLength", None)
    node["enum"] = list(terms)
    node["enumDescriptions"] = [f"{term.label}: {term.uitleg}" for term in terms.values()]
    node["markdownEnumDescriptions"] = [f"**{term.label}**: {term.uitleg}" for term in terms.values()]


def _as_text_too(node: dict, text_form: dict) -> None:
    """Let a typed value also be written as text: {type: integer, ...} -> anyOf [that, text_form]."""
    keep = ("title", "description", "examples", "default")
    typed = {key: value for key, value in node.items() if key not in keep}
    for key in list(node):
        if key not in keep:
            del node[key]
    node["anyOf"] = [typed, text_form]


def _adapt(node, vocab: schema.Taxonomie):
    """Walk the schema bottom-up and apply the rules of this module's docstring."""
    if isinstance(node, list):
        for item in node:
            _adapt(item, vocab)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key not in ("examples", "default", "enum", "const"):
            _adapt(value, vocab)
    kind = node.get("type")
    if "x-vocabulaire" in node:
        _vocabulary_enum(node, vocab)
    elif kind == "integer":
        _as_text_too(node, {"type": "string", "pattern": "^[0-9]+$"})
    elif kind == "boolean":
        _as_text_too(node, {"type": "string", "enum": ["true", "false"]})
    elif kind == "string" and node.get("format") == "date":
        node["pattern"] = DATE_PATTERN
    elif kind == "string" and not {"enum", "const", "pattern", "format"} & node.keys():
        node["type"] = ["string", "number"]


def _draft7(node):
    """pydantic writes 2020-12; make it draft 7: `definitions`, and no keyword beside a `$ref`
    (draft 7 ignores those), so a field's own description wraps its model in `allOf`."""
    if isinstance(node, list):
        return [_draft7(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _draft7(value) if key not in ("examples", "default", "enum", "const") else value
            for key, value in node.items()}
    if "$ref" in node:
        node["$ref"] = node["$ref"].replace("#/$defs/", "#/definitions/")
        if len(node) > 1:
            ref = node.pop("$ref")
            node = {"allOf": [{"$ref": ref}], **node}
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
    _adapt(generated, vocab)
    generated = _draft7(generated)
    head = {"$schema": DIALECT, "title": generated.pop("title"), "description": generated.pop("description"),
            "$comment": COMMENT}
    return {**head, **generated}


def schema_files(vocab: schema.Taxonomie) -> dict[str, bytes]:
    """Every schema file by name, as the bytes `python build.py schema` writes."""
    return {name: (json.dumps(editor_schema(model, vocab), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            for name, model in SCHEMA_FILES.items()}


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
    return [Problem(os.path.relpath(path), 1, 1, "", "dit bestand past niet meer bij schema.py of de vocabulaire; "
                                                     "maak het opnieuw met: python build.py schema")
            for path in paths]
