"""`python build.py nieuw "Naam"`: a new organisation file, ready to fill in.

The file is made from the model in schema.py (through its JSON Schema, which keeps field order,
descriptions and examples), so a field added there shows up here by itself. Required fields
come first-class and empty, so `check` fails until the editor fills them in; optional fields
are commented out with an example; every field has its Dutch hint from schema.py above it.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import schema
from kaart.problems import Problem, UserError
from kaart.read_files import SLUG_RE, read_yaml_file
from kaart.read_yaml import parse_yaml
from kaart.text import fold
from kaart.validate import validate_doc

SCHEMA_LINE = "# yaml-language-server: $schema=../organisatie.schema.json"
INTRO = """\
# Nieuwe organisatie voor de sociale kaart.
# Vul elk leeg veld in. Een regel die met # begint, telt niet mee: haal het # (en de spatie
# erna) weg als u zo'n veld wilt gebruiken. Controleer het bestand daarna met:
#     python build.py check
"""
# Fields that stay visible although the model calls them optional: the model's own rules need
# one of them (contact: telefoon, email or website; werkgebied: gemeenten or landelijk).
SHOWN_EMPTY = {"contact.telefoon", "contact.email", "contact.website"}
WIDTH = 96


def slug_of(naam: str) -> str:
    """The file name for an organisation name: 'Stichting Geld & Zo!' -> 'stichting-geld-zo'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(naam)).strip("-")


def _scalar(value, in_list: bool = False) -> str:
    """One value as YAML text that kaart/read_yaml.py reads back as the same text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    # Times and phone numbers stay plain too: the build reads them as the text typed, and quotes
    # in the example would tell the editor they are needed.
    if text and "#" not in text and "\n" not in text:
        line = f"x: [{text}]" if in_list else f"x: {text}"
        doc, _ = parse_yaml("nieuw", line + "\n")
        if doc is not None and doc.data == {"x": [text] if in_list else text}:
            return text
    return json.dumps(text, ensure_ascii=False)


def _inline(value) -> str:
    """A scalar or a list of scalars on one line."""
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return "[" + ", ".join(_scalar(v, in_list=True) for v in value) + "]"
    return _scalar(value)


def _block(name: str, value, indent: int) -> list[str]:
    """`name: value` as YAML lines (block style for mappings and lists of mappings)."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = [f"{pad}{name}:"]
        for key, item in value.items():
            lines += _block(key, item, indent + 2)
        return lines
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        lines = [f"{pad}{name}:"]
        for item in value:
            sub = []
            for key, part in item.items():
                sub += _block(key, part, indent + 4)
            sub[0] = f"{pad}  - " + sub[0][indent + 4 :]
            lines += sub
        return lines
    return [f"{pad}{name}: {_inline(value)}"]


class _Writer:
    """Walks the JSON Schema of a model and writes the commented YAML."""

    def __init__(self, json_schema: dict, vocab: schema.Taxonomie, filled: dict):
        self.defs = json_schema.get("$defs", {})
        self.vocab = vocab
        self.filled = filled
        self.lines: list[str] = []

    def _resolve(self, prop: dict) -> tuple[dict | None, bool, str | None]:
        """(nested model schema or None, is a list, vocabulary facet or None) of a property."""
        options = [prop] + prop.get("anyOf", [])
        nested, is_list, facet = None, False, None
        for option in options:
            items = option.get("items", {}) if option.get("type") == "array" else None
            if items is not None:
                is_list = True
                option = items
            if "$ref" in option:
                nested = self.defs[option["$ref"].rsplit("/", 1)[1]]
            facet = facet or option.get("x-vocabulaire")
        return nested, is_list, facet

    def example(self, prop: dict):
        """An example value: the field's own, or one made of the nested model's examples."""
        nested, is_list, _ = self._resolve(prop)
        if nested is not None:
            value = {name: self.example(child) for name, child in nested["properties"].items() if name != "landelijk"}
            return [value] if is_list else value
        examples = prop.get("examples") or [""]
        return examples[0]

    def hint(self, prop: dict, indent: int, required: bool) -> None:
        """The Dutch hint above a field: its description, the keys to choose from, optional or not."""
        _, _, facet = self._resolve(prop)
        text = prop.get("description", "")
        if facet:
            text += " Kies uit: " + ", ".join(getattr(self.vocab, facet)) + "."
        if not required:
            text += " (Niet verplicht.)"
        prefix = " " * indent + "# "
        self.lines += textwrap.wrap(
            text, WIDTH, initial_indent=prefix, subsequent_indent=prefix, break_on_hyphens=False, break_long_words=False
        )

    def fields(self, model_schema: dict, indent: int, path: str = "") -> None:
        required = set(model_schema.get("required", []))
        for name, prop in model_schema["properties"].items():
            dotted = f"{path}{name}"
            pad = " " * indent
            nested, is_list, _ = self._resolve(prop)
            is_required = name in required
            if dotted in self.filled:
                self.hint(prop, indent, True)
                self.lines += _block(name, self.filled[dotted], indent)
            elif is_required and nested is not None and not is_list:
                self.hint(prop, indent, True)
                self.lines.append(f"{pad}{name}:")
                self.fields(nested, indent + 2, dotted + ".")
            elif is_required or dotted in SHOWN_EMPTY:
                self.hint(prop, indent, True)
                self.lines.append(f"{pad}{name}: []" if is_list else f"{pad}{name}:")
            else:
                self.hint(prop, indent, False)
                self.lines += [f"{pad}# " + line[indent:] for line in _block(name, self.example(prop), indent)]
            if indent == 0:
                self.lines.append("")


def new_file_text(naam: str, vocab: schema.Taxonomie, gemeente: str | None) -> str:
    """The text of a new organisation file for `naam`."""
    filled = {"naam": naam}
    if gemeente:
        filled["werkgebied.gemeenten"] = [gemeente]
    json_schema = schema.Organisatie.model_json_schema()
    writer = _Writer(json_schema, vocab, filled)
    writer.fields(json_schema, 0)
    return SCHEMA_LINE + "\n" + INTRO + "\n" + "\n".join(writer.lines).rstrip() + "\n"


def _settings_gemeente(content_dir: str) -> str | None:
    """The municipality's name from content/instellingen.yaml, when that file is valid."""
    doc, _ = read_yaml_file(os.path.join(content_dir, "instellingen.yaml"))
    if doc is None:
        return None
    settings, _ = validate_doc(doc, schema.Instellingen, {})
    return settings.gemeente if settings else None


def _moved_slugs(content_dir: str) -> set[str]:
    """Old slugs in content/verhuisd.yaml: a new file may not take one of them."""
    path = os.path.join(content_dir, "verhuisd.yaml")
    if not os.path.exists(path):
        return set()
    doc, _ = read_yaml_file(path)
    return set(doc.data) if doc is not None and isinstance(doc.data, dict) else set()


def create(organisations_dir: str, content_dir: str, naam: str, vocab: schema.Taxonomie) -> Path:
    """Write organisations/<slug>.yaml for `naam`; refuse to overwrite or to use a bad name."""
    naam = " ".join(naam.split())
    slug = slug_of(naam)
    path = os.path.join(organisations_dir, f"{slug or 'naam'}.yaml")

    def refuse(message: str):
        raise UserError([Problem(path, 1, 1, "", message)])

    if not 2 <= len(naam) <= 120:
        refuse(f"de naam '{naam}' is te {'kort' if len(naam) < 2 else 'lang'}; gebruik 2 tot 120 tekens")
    if not slug or not SLUG_RE.match(slug):
        refuse(f"van de naam '{naam}' kan geen bestandsnaam gemaakt worden; gebruik letters of cijfers")
    if not os.path.isdir(organisations_dir):
        refuse(f"de map '{organisations_dir}' bestaat niet")
    if os.path.lexists(path):
        refuse("dit bestand bestaat al; er is niets veranderd. Pas het bestaande bestand aan, of kies een andere naam")
    if slug in _moved_slugs(content_dir):
        refuse(
            f"'{slug}' staat in content/verhuisd.yaml als oude naam van een organisatie; kies een andere "
            "naam, zodat oude links blijven kloppen"
        )
    text = new_file_text(naam, vocab, _settings_gemeente(content_dir))
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    return Path(path)
