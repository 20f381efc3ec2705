"""The editor speaks Dutch too: the real YAML language server (the one behind VS Code's YAML
extension, from package-lock.json) reads organisatie.schema.json and partner.schema.json and
underlines the same lines as `check`, with the schema's Dutch messages.

Each case is the example file of docs/voorbeelden/ with one mistake. `check` runs once over all
of them (each its own organisation); the server opens each. What a schema cannot say (a date in
the future, `tot` before `van`) is in SCHEMA_CANNOT: there the editor stays silent and `check`
speaks, as docs/organisatie.md tells the editor.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from pydantic_core import PydanticCustomError

from support import NODE_HINT, NPM_CI_HINT, node_path, require, run_build_py
from yaml_lsp import YamlLanguageServer, server_script

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import schema  # noqa: E402
from kaart.schemafile import SHAPE, read_vocabulary, schema_files  # noqa: E402

TODAY = "2026-12-01"
EXAMPLES = REPO / "docs" / "voorbeelden"
ORGANISATIE = (EXAMPLES / "organisatie.yaml").read_text(encoding="utf-8")
PARTNER = (EXAMPLES / "partner.yaml").read_text(encoding="utf-8")

# name: (replace this, with that) in the organisation example.
ORGANISATION_MISTAKES = {
    "telefoon-als-getal": ("telefoon: 030 123 45 67", "telefoon: 12345"),
    "telefoon-zes-cijfers": ("telefoon: 030 123 45 67", 'telefoon: "123456"'),
    "whatsapp-kort": ("whatsapp: 06 12 34 56 78", "whatsapp: 06 1234"),
    "datum-bestaat-niet": ("gecontroleerd: 2026-11-20", "gecontroleerd: 2026-02-30"),
    "datum-vorm": ("tot: 2027-01-04", "tot: 4-1-2027"),
    "taalcode": ("talen: [nl, en, tr, pap]", "talen: [nl, xx]"),
    "fase-typfout": ("fases: [voor-aanmelding, tijdens-traject, nazorg]", "fases: [voor-aanmelding, nazorgg]"),
    "fases-leeg": ("fases: [voor-aanmelding, tijdens-traject, nazorg]", "fases: []"),
    "soort-onbekend": ("soort: vrijwilligersorganisatie", "soort: stichting"),
    "onbekend-veld": ("trefwoorden: [maatje", "trefwoord: [maatje"),
    "contactpersoon": ("  terugkoppeling: true", "  terugkoppeling: true\n  contactpersoon: Anna de Vries"),
    "rolstoel-ja": ("rolstoeltoegankelijk: true", "rolstoeltoegankelijk: ja"),
    "tijd-met-punt": ("van: 09:30", "van: 9.30"),
    "tijd-te-laat": ("tot: 16:00", "tot: 24:00"),
    "dag-typfout": ("dag: dinsdag", "dag: dinsdga"),
    "vorm": ("vorm: op-afspraak", "vorm: afspraak"),
    "postcode": ("postcode: 1234 AB", "postcode: 1234 ABC"),
    "email": ("email: info@geldmaatjes.example.nl", "email: info@geldmaatjes"),
    "website-zonder-https": ("website: https://www.geldmaatjes.example.nl", "website: www.geldmaatjes.example.nl"),
    "samenvatting-te-lang": ("  Een getraind maatje", "  " + "Heel lang. " * 20 + "Een getraind maatje"),
    "vrijwilligers-negatief": ("vrijwilligers: 40", "vrijwilligers: -4"),
    "vrijwilligers-tekst": ("vrijwilligers: 40", "vrijwilligers: veertig"),
    "landelijk-en-gemeenten": ("  gemeenten: [Dijkhaven]", "  landelijk: true\n  gemeenten: [Dijkhaven]"),
    "geen-contact": (
        "  telefoon: 030 123 45 67\n  email: info@geldmaatjes.example.nl\n"
        "  website: https://www.geldmaatjes.example.nl\n",
        "",
    ),
    "wijken-twee-gemeenten": ("  gemeenten: [Dijkhaven]", "  gemeenten: [Dijkhaven, Wierdam]"),
    "soort-ontbreekt": ("soort: vrijwilligersorganisatie\n", ""),
    "aanmelden-ontbreekt": ("aanmelden:\n  manieren:", "aanmelding:\n  manieren:"),
    "lijst-als-tekst": ("doelgroepen: [iedereen]", "doelgroepen: iedereen"),
}
# Mistakes a JSON Schema cannot see: `check` flags them, the editor does not (docs/organisatie.md).
SCHEMA_CANNOT = {
    "datum-in-de-toekomst": ("gecontroleerd: 2026-11-20", "gecontroleerd: 2027-03-01"),
    "tot-voor-van": ("tot: 16:00", "tot: 13:00"),
    "nummer-bestaat-niet": ("telefoon: 030 123 45 67", "telefoon: +99 123 45 67"),
    "dubbele-fase": ("fases: [voor-aanmelding, tijdens-traject, nazorg]", "fases: [nazorg, nazorg]"),
}
PARTNER_MISTAKES = {
    "partner-telefoon": ("telefoon: 06 98 76 54 32", "telefoon: 12345"),
    "partner-onbekend-veld": ("notitie:", "opmerking:"),
    "partner-geen-contact": ("  telefoon: 06 98 76 54 32\n  email: coordinator@geldmaatjes.example.nl\n", ""),
    "partner-email": ("email: coordinator@geldmaatjes.example.nl", "email: coordinator"),
}
CHECK_LINE = re.compile(r"^(?P<path>[^:]+\.yaml):(?P<line>\d+):(?P<column>\d+): (?P<rest>.*)$")


def with_mistake(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} is not once in the example"
    return text.replace(old, new)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder as a municipality has it: the schema files beside organisations/ and partners/,
    the example with one mistake per file (each file named after its case)."""
    root = tmp_path_factory.mktemp("editor")
    for name, content in schema_files(read_vocabulary(str(REPO / "content"))).items():
        (root / name).write_bytes(content)
    organisations, partners = root / "organisations", root / "partners"
    organisations.mkdir()
    partners.mkdir()
    # Files one folder deeper than in docs/voorbeelden/ point one level less up.
    organisatie = ORGANISATIE.replace("$schema=../../", "$schema=../")
    partner = PARTNER.replace("$schema=../../", "$schema=../")
    (organisations / "goed.yaml").write_text(organisatie, encoding="utf-8")
    for name, (old, new) in {**ORGANISATION_MISTAKES, **SCHEMA_CANNOT}.items():
        (organisations / f"{name}.yaml").write_text(with_mistake(organisatie, old, new), encoding="utf-8")
    (partners / "goed.yaml").write_text(partner, encoding="utf-8")
    for name, (old, new) in PARTNER_MISTAKES.items():
        (partners / f"{name}.yaml").write_text(with_mistake(partner, old, new), encoding="utf-8")
        (organisations / f"{name}.yaml").write_text(organisatie, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def check_lines(workspace) -> dict[str, set[int]]:
    """The lines `check` flags with an error, per file name (without .yaml)."""
    result = run_build_py(
        "check", "--today", TODAY, "--organisations", workspace / "organisations", "--partners", workspace / "partners"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines: dict[str, set[int]] = {}
    for line in result.stdout.splitlines():
        match = CHECK_LINE.match(line)
        if match and not match["rest"].startswith("waarschuwing"):
            folder = Path(match["path"]).parent.name
            lines.setdefault(f"{folder}/{Path(match['path']).stem}", set()).add(int(match["line"]))
    return lines


@pytest.fixture(scope="module")
def server(workspace):
    """The real YAML language server, over the workspace."""
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    require("npm package yaml-language-server", server_script().is_file(), NPM_CI_HINT)
    running = YamlLanguageServer(node, workspace)
    yield running
    running.close()


@pytest.fixture(scope="module")
def editor(workspace, server):
    """The diagnostics of the language server, per file: {name: [(line, message), ...]}."""
    paths = [path for folder in ("organisations", "partners") for path in sorted((workspace / folder).glob("*.yaml"))]
    return {
        f"{path.parent.name}/{path.stem}": [(d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics]
        for path, diagnostics in server.diagnostics_of(paths).items()
    }


def dutch_messages(workspace) -> set[str]:
    """Every message the schema files give the server."""
    messages = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("errorMessage", "patternErrorMessage"):
                    messages.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for name in ("organisatie.schema.json", "partner.schema.json"):
        walk(json.loads((workspace / name).read_text(encoding="utf-8")))
    return messages


@pytest.mark.node
def test_the_examples_are_clean_for_both(editor, check_lines):
    assert editor["organisations/goed"] == []
    assert editor["partners/goed"] == []
    assert "organisations/goed" not in check_lines and "partners/goed" not in check_lines


@pytest.mark.node
@pytest.mark.parametrize("name", [*ORGANISATION_MISTAKES, *PARTNER_MISTAKES])
def test_editor_and_check_flag_the_same_lines(name, editor, check_lines):
    folder = "partners" if name in PARTNER_MISTAKES else "organisations"
    key = f"{folder}/{name}"
    assert check_lines.get(key), f"check finds no mistake in {key}"
    assert {line for line, _ in editor[key]} == check_lines[key], editor[key]


@pytest.mark.node
@pytest.mark.parametrize("name", [*ORGANISATION_MISTAKES, *PARTNER_MISTAKES])
def test_every_editor_message_is_one_of_the_schemas_dutch_messages(name, editor, workspace):
    folder = "partners" if name in PARTNER_MISTAKES else "organisations"
    messages = dutch_messages(workspace)
    assert [message for _, message in editor[f"{folder}/{name}"] if message not in messages] == []


@pytest.mark.node
def test_completion_offers_the_vocabulary_and_the_language_codes(workspace, server):
    """The rules added for Dutch messages leave completion as it was: vocabulary keys, values of a
    choice, and the language codes (the two-letter ones first)."""
    path = workspace / "completion.yaml"
    text = ORGANISATIE.replace("$schema=../../", "$schema=./")
    text = with_mistake(text, "soort: vrijwilligersorganisatie", "soort: ")
    text = with_mistake(text, "        vorm: inloop", "        vorm: ")
    text = with_mistake(text, "talen: [nl, en, tr, pap]", "talen: [nl, ]")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def at(start: str) -> list[str]:
        number = next(n for n, line in enumerate(lines) if line.startswith(start))
        return server.completion(path, number, len(start))

    assert at("soort: ") == list(read_vocabulary(str(REPO / "content")).soort)
    assert at("        vorm: ") == ["inloop", "op-afspraak"]
    codes = at("talen: [nl, ")
    assert {"en", "tr", "ar", "pap", "dse", "nld"} <= set(codes) and "xx" not in codes


@pytest.mark.node
@pytest.mark.parametrize("name", SCHEMA_CANNOT)
def test_what_a_schema_cannot_say_only_check_says(name, editor, check_lines):
    assert check_lines.get(f"organisations/{name}"), "check flags it"
    assert editor[f"organisations/{name}"] == [], "the editor cannot (docs/organisatie.md says so)"


# --- the schema's own rules, without the server (jsonschema reads the same file) -------------------


@pytest.fixture(scope="module")
def organisation_schema() -> dict:
    return json.loads(schema_files(read_vocabulary(str(REPO / "content")))["organisatie.schema.json"])


def accepts(organisation_schema: dict, definition: str, field: str, value) -> bool:
    """Does the editor accept `value` for one field of one model of the organisation file?"""
    node = organisation_schema if definition == "" else organisation_schema["definitions"][definition]
    sub = {"definitions": organisation_schema["definitions"], **node["properties"][field]}
    return Draft7Validator(sub).is_valid(value)


PHONES_CHECK_ACCEPTS = [
    "030 123 45 67",
    "0301234567",
    "(030) 123 45 67",
    "030-1234567",
    "030.123.45.67",
    "06 12 34 56 78",
    "06-12345678",
    "+31 30 123 4567",
    "+31 (0)30 123 45 67",
    "0031 30 123 45 67",
    "0800 1234",
    "0800-0123456",
    "0900 1234567",
    "14 030",
    "14030",
    "+1 212 555 0100",
    301234567,
    612345678,
]
PHONES_CHECK_REFUSES = ["123456", "12345", "030 123 45", "06 1234", "112", "bel ons", 12345, 1234567890, True]


@pytest.mark.parametrize("value", PHONES_CHECK_ACCEPTS)
def test_phone_forms_check_accepts_are_accepted_by_the_editor(organisation_schema, value):
    if isinstance(value, str):
        schema._phone(value)  # check accepts it (raises otherwise)
    assert accepts(organisation_schema, "Contact", "telefoon", value)


@pytest.mark.parametrize("value", PHONES_CHECK_REFUSES)
def test_phone_numbers_check_refuses_are_refused_by_the_editor(organisation_schema, value):
    with pytest.raises(PydanticCustomError):
        schema._phone(str(value).lower() if isinstance(value, bool) else str(value))
    assert not accepts(organisation_schema, "Contact", "telefoon", value)


@pytest.mark.parametrize(
    "value, exists",
    [
        ("2026-09-01", True),
        ("2026-02-28", True),
        ("2028-02-29", True),
        ("2000-02-29", True),
        ("2026-12-31", True),
        ("2026-04-30", True),
        ("2026-02-29", False),
        ("1900-02-29", False),
        ("2026-02-30", False),
        ("2026-04-31", False),
        ("2026-13-01", False),
        ("2026-00-10", False),
        ("2026-01-00", False),
        ("2026-1-5", False),
        ("1-5-2026", False),
    ],
)
def test_the_editor_knows_which_dates_exist(organisation_schema, value, exists):
    from datetime import date

    try:
        date.fromisoformat(value)
        real = len(value) == 10
    except ValueError:
        real = False
    assert real == exists, "the case itself is right"
    assert accepts(organisation_schema, "", "gecontroleerd", value) == exists


@pytest.mark.parametrize(
    "codes, valid",
    [
        (["nl", "en", "tr", "ar", "pap", "dse", "nld", "zgh"], True),
        (["xx"], False),
        (["nl", "qqq"], False),
        (["n"], False),
    ],
)
def test_the_editor_knows_the_language_codes(organisation_schema, codes, valid):
    assert accepts(organisation_schema, "", "talen", codes) == valid


@pytest.mark.parametrize("name", ["organisatie.schema.json", "partner.schema.json"])
def test_every_pattern_and_rule_has_a_dutch_message(name):
    """No keyword the server would explain in English is left: a pattern has its
    patternErrorMessage, and lengths, numbers of items and ranges are rules with a message."""
    english = []

    def walk(node, path):
        if isinstance(node, dict):
            if "pattern" in node and "patternErrorMessage" not in node and not path.endswith("/if"):
                english.append(path)
            in_condition = "/if" in path
            for key in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "not", "format"):
                if key in node and not in_condition:
                    english.append(f"{path}/{key}")
            for key, value in node.items():
                if key not in ("examples", "default", "enum", "properties"):
                    walk(value, f"{path}/{key}")
                elif key == "properties":
                    for name, child in value.items():
                        walk(child, f"{path}/properties/{name}")
        elif isinstance(node, list):
            for number, item in enumerate(node):
                walk(item, f"{path}/{number}")

    editor_schema = json.loads(schema_files(read_vocabulary(str(REPO / "content")))[name])
    walk(editor_schema, "")
    assert english == []
    assert SHAPE not in json.dumps(editor_schema, ensure_ascii=False), "a pattern without its own message"


def test_the_schema_no_longer_asks_for_quotes(organisation_schema):
    """README: values are read as the text typed; quotes are not needed around a phone number."""
    text = json.dumps(organisation_schema, ensure_ascii=False)
    assert "aanhalingstekens" not in text


def test_nieuw_does_not_ask_for_quotes(tmp_path):
    """`nieuw` writes its examples as an editor may type them: no quotes around a phone number or
    a time, and no hint that asks for them."""
    (tmp_path / "organisations").mkdir()
    result = run_build_py("nieuw", "Geldhulp Oost", "--organisations", tmp_path / "organisations")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "organisations" / "geldhulp-oost.yaml").read_text(encoding="utf-8")
    assert "aanhalingstekens" not in text
    assert "# whatsapp: 06 12 34 56 78\n" in text
    assert "van: 09:30\n" in text


def test_schema_check_says_in_plain_dutch_that_nothing_changed():
    result = run_build_py("schema", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Het schema is actueel; er is niets veranderd."
