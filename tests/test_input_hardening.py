"""Input that passed validation or was reported badly (issue 16, item 7 and the smaller faults).

Each case was seen to go wrong first: a mailto: link with a hidden BCC, English in messages,
`20261101` reported as a date "zonder tijd", a missing instellingen.yaml called "geen gewoon
bestand", x.MD pages and an empty organisations folder silently accepted, invisible bidi and
zero-width characters in names, gemeente names that became the page /gemeente/gemeente/.
The golden files (tests/golden/broken/) hold one organisation file per fault as well.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import schema  # noqa: E402
from kaart.characters import invisible_character  # noqa: E402
from kaart.read_yaml import YAML_UNKNOWN, parse_yaml  # noqa: E402
from kaart.validate import UNKNOWN, dutch_message  # noqa: E402
from support import organisation_yaml  # noqa: E402

ENGLISH = re.compile(
    r"\b(found|expected|while|but|could not|cannot|scanning|parsing|stream|not allowed|node|"
    r"token|directive|tag|anchor|sequence|mapping|indicator|occurrence|[Ii]nput should|"
    r"[Ff]ield required|[Vv]alue error|[Dd]atetimes?|unable to parse)\b"
)
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<text>.+)$")


def org(gemeenten: str = "Dijkhaven", **replace: str) -> str:
    """An organisation file; replace={'naam': 'naam: "x"'} swaps the block of that field."""
    return organisation_yaml(
        "naam: Voorbeeld Hulp",
        "samenvatting: Wij helpen u met uw post en uw geld.",
        f"werkgebied:\n  gemeenten: [{gemeenten}]",
        "gecontroleerd: 2026-09-01",
        *replace.values(),
    )


@pytest.fixture
def check(region, run_build, today):
    """check(*extra) -> (exit code, [stdout lines], stderr) of build.py check on the region."""

    def run(*extra):
        result = run_build("check", *region.args(), "--today", today, *extra)
        assert "Traceback" not in result.stderr, result.stderr
        return result.returncode, result.stdout.splitlines(), result.stderr

    return run


def dutch(line: str) -> str:
    """The message of one PATH:LINE:COL line, checked for English."""
    match = LINE.match(line)
    assert match, line
    assert not ENGLISH.search(match["text"]), f"English in: {line}"
    return match["text"]


# --- item 7: mailto injection ---------------------------------------------------------------

UNSAFE_EMAILS = ["info?bcc=spy%40evil.example%2C&x=@org.example.nl", "a#b@x.nl", "a&b@x.nl", "a%41b@x.nl", "a?b@x.nl"]
SAFE_EMAILS = ["info@voorbeeld.nl", "a.devries+kaart@voorbeeld.nl", "o'brien@voorbeeld.nl", "ünï@voorbeeld.nl"]


@pytest.mark.parametrize("value", UNSAFE_EMAILS)
def test_mailto_unsafe_characters_before_the_at_are_refused(value):
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(schema.Email).validate_python(value)
    error = caught.value.errors()[0]
    assert error["type"] == "email_teken"
    assert "kan niet als e-mailadres op de site" in error["msg"]
    assert re.search(r"het teken '[?#&%]' voor de @", error["msg"]), error["msg"]


@pytest.mark.parametrize("value", SAFE_EMAILS)
def test_ordinary_addresses_stay_valid(value):
    assert TypeAdapter(schema.Email).validate_python(value)


@pytest.mark.parametrize("value", UNSAFE_EMAILS + SAFE_EMAILS)
def test_the_editors_json_schema_agrees(value):
    """organisatie.schema.json (what an editor checks while typing) refuses the same addresses."""
    whole = json.loads((REPO / "organisatie.schema.json").read_text(encoding="utf-8"))
    email = whole["definitions"]["Contact"]["properties"]["email"]
    valid = jsonschema.Draft7Validator({**email, "definitions": whole["definitions"]}).is_valid(value)
    assert valid == (value in SAFE_EMAILS), value


def test_every_email_field_refuses_a_mailto_injection(region, check):
    """Organisation, partner file and content/instellingen.yaml: each with the file, line and field."""
    bad = "info?bcc=spy%40evil.example%2C&x=@org.example.nl"
    region.write("hulp", org(contact=f'contact:\n  telefoon: "030 123 45 67"\n  email: "{bad}"'))
    settings = region.content / "instellingen.yaml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(  email: )socialekaart@.*$", rf'\1"{bad}"', text)
    settings.write_text(text, encoding="utf-8")
    (region.path / "partners").mkdir()
    region.write("partners/hulp.yaml", 'contactpersoon:\n  naam: Anna de Vries\n  email: "a#b@x.nl"\n')
    code, lines, _ = check("--partners", region.path / "partners")
    assert code == 1
    fields = {(Path(LINE.match(line)["path"]).name, line.split(": ")[1]) for line in lines}
    assert fields == {
        ("hulp.yaml", "contact.email"),
        ("instellingen.yaml", "redactie.email"),
        ("hulp.yaml", "contactpersoon.email"),
    }, lines
    for line in lines:
        assert "kan niet als e-mailadres op de site" in dutch(line)


# --- English fragments ---------------------------------------------------------------------

# One YAML text for each problem PyYAML can report (the first line of what it says, for reading).
YAML_CASES = {
    "expected the node content (flow)": "naam: { a: ] }\n",
    "expected the node content (block)": "- ]\n",
    "sequence entries are not allowed here": "fases: - voor-aanmelding\n",
    "expected '<document start>'": "%YAML 1.1\nnaam: x\n",
    "found duplicate YAML directive": "%YAML 1.1\n%YAML 1.1\n---\nnaam: x\n",
    "found incompatible YAML document": "%YAML 2.0\n---\nnaam: x\n",
    "expected a digit (directive)": "%YAML x\n---\nnaam: x\n",
    "expected a comment or a line break (directive)": "%TAG ! !x y\n---\nnaam: x\n",
    "found undefined tag handle": "naam: !x!y z\n",
    "expected URI": "naam: !<> x\n",
    "expected '>'": "naam: !<x\n",
    "expected ' ' (tag)": "naam: !x\"y\n",
    "expected URI escape sequence": "naam: !x%zz y\n",
    "expected chomping or indentation indicators": "naam: |x\n  y\n",
    "expected indentation indicator in the range 1-9": "naam: |0\n  y\n",
    "expected a comment or a line break (block scalar)": "naam: | x\n  y\n",
    "expected escape sequence of 2 hexadecimal numbers": 'naam: "\\xzz"\n',
    "found unknown escape character": 'naam: "a\\qb"\n',
    "found duplicate anchor": "a: &x 1\nb: &x 2\n",
    "expected alphabetic or numeric character": "naam: & x\n",
    "found undefined alias": "naam: *x\n",
    "found unexpected end of stream": "naam: 'abc\n",
    "expected ',' or ']'": "naam: [a\n",
    "expected <block end>": "naam: x\n- y\n",
    "mapping values are not allowed here": "naam: a: b\n",
    "found character that cannot start any token": "naam: @x\n",
    "could not find expected ':'": "naam: x\nb\nc: d\n",
    "expected a single document": "naam: x\n---\nnaam: y\n",
}


@pytest.mark.parametrize("case", list(YAML_CASES))
def test_every_yaml_problem_is_said_in_dutch(case):
    doc, problems = parse_yaml("x.yaml", YAML_CASES[case])
    assert doc is None and len(problems) == 1, (case, problems)
    message = problems[0].message
    assert not ENGLISH.search(message), f"{case}: {message}"
    assert message != YAML_UNKNOWN, f"{case} has no Dutch text of its own"


def test_an_unknown_yaml_problem_gets_a_dutch_line_not_pyyaml_text(monkeypatch):
    from kaart import read_yaml as read

    class Odd(yaml.YAMLError):
        problem = "something new in a future PyYAML"
        problem_mark = None

    def broken(_):
        raise Odd()

    monkeypatch.setattr(read, "parse_fast", lambda path, text, plain=False: None)
    monkeypatch.setattr(read._TextLoader, "get_single_node", broken)
    _, problems = parse_yaml("x.yaml", "naam: x\n")
    assert [p.message for p in problems] == [YAML_UNKNOWN]


def test_an_escape_problem_points_at_the_escape_not_the_opening_quote():
    _, problems = parse_yaml("x.yaml", 'naam: Hulp\nsamenvatting: "Tekst met \\q erin"\n')
    assert (problems[0].line, problems[0].column) == (2, 27), problems
    assert "onbekende code na een \\" in problems[0].message


def test_a_lone_surrogate_is_named_not_input_should_be_a_valid_string(region, check):
    region.write("hulp", org(naam='naam: "Hulp \\ud800 x"'))
    code, lines, _ = check()
    assert code == 1
    assert len(lines) == 1 and lines[0].endswith(
        ": naam: er staat een ongeldig teken in deze tekst (U+D800, een losse helft van een tekenpaar); haal het weg"
    ), lines
    dutch(lines[0])


def test_pydantic_types_without_a_dutch_text_get_a_dutch_one():
    error = {"type": "uuid_parsing", "loc": ("naam",), "msg": "Input should be a valid UUID", "input": "x"}
    assert dutch_message(error) == UNKNOWN
    assert (
        dutch_message({**error, "type": "string_unicode"}) == "er staat een ongeldig teken in deze tekst; haal het weg"
    )
    # Our own validators' types keep their (Dutch) text.
    assert dutch_message({**error, "type": "telefoon", "msg": "'x' is geen geldig Nederlands telefoonnummer"}) == (
        "'x' is geen geldig Nederlands telefoonnummer"
    )


def test_a_huge_number_is_said_in_dutch(region, check):
    region.write("hulp", org() + "samenwerking:\n  vrijwilligers: " + "9" * 30 + "\n")
    code, lines, _ = check()
    assert code == 1 and len(lines) == 1, lines
    assert "samenwerking.vrijwilligers:" in lines[0]
    dutch(lines[0])


# --- dates written as a number ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, hint",
    [
        ("20261101", "bedoelt u 2026-11-01?"),
        ("0", "bijvoorbeeld 2026-09-01"),
        ("86400", "bijvoorbeeld 2026-09-01"),
        ("20261340", "bijvoorbeeld 2026-09-01"),
        ("20261101.0", "bijvoorbeeld 2026-09-01"),
        ("1.5e9", "bijvoorbeeld 2026-09-01"),
    ],
)
def test_a_date_without_dashes_is_no_date(region, check, value, hint):
    """20261101 was read as seconds since 1970 ("zonder tijd"), and 0 passed as 1970-01-01."""
    region.write("hulp", org(gecontroleerd=f"gecontroleerd: {value}"))
    region.write("melding", org() + f"melding:\n  tekst: Gesloten in de vakantie.\n  tot: {value}\n")
    code, lines, _ = check()
    assert code == 1
    expected = f"'{value}' is geen datum; schrijf JJJJ-MM-DD, met streepjes: {hint}"
    assert [line.split(": ", 1)[1] for line in lines] == [f"gecontroleerd: {expected}", f"melding.tot: {expected}"]


# --- missing files, page names, an empty folder -----------------------------------------------


def test_a_missing_instellingen_yaml_is_called_missing(region, check):
    region.write("hulp", org())
    (region.content / "instellingen.yaml").unlink()
    code, lines, _ = check()
    assert code == 1
    assert lines == [f"{region.content}/instellingen.yaml:1:1: dit bestand ontbreekt; het is nodig voor de kaart"]


def test_a_symlink_to_nothing_says_so(region, check):
    region.write("hulp", org())
    (region.organisations / "weg.yaml").symlink_to("bestaat-niet.yaml")
    code, lines, _ = check()
    assert code == 1
    assert lines == [
        (f"{region.organisations}/weg.yaml:1:1: dit is een snelkoppeling naar een bestand dat niet bestaat")
    ]


@pytest.mark.parametrize("name", ["extra.MD", "extra.Md", "extra.markdown"])
def test_a_page_with_another_extension_is_an_error_not_left_out(region, check, name):
    region.write("hulp", org())
    region.write(f"content/{name}", "---\ntitle: Extra\ndescription: Een extra pagina.\n---\nTekst.\n")
    code, lines, _ = check()
    ext = name.rpartition(".")[2]
    assert code == 1
    assert lines == [
        (
            f"{region.content}/{name}:1:1: gebruik de extensie .md, in kleine letters (niet .{ext}); "
            "anders komt de pagina niet op de site"
        )
    ]


@pytest.mark.parametrize("name", ["wegwijzer.yml", "Wegwijzer.yaml", "SYNONIEMEN.YAML", "verhuisd.yml"])
def test_a_content_file_with_a_near_name_is_an_error_not_left_out(region, check, name):
    region.write("hulp", org())
    meant = name.rpartition(".")[0].lower() + ".yaml"
    (region.content / meant).unlink(missing_ok=True)
    region.write(f"content/{name}", "groepen: []\n")
    code, lines, _ = check()
    assert code == 1
    assert lines == [
        (f"{region.content}/{name}:1:1: noem dit bestand {meant}, in kleine letters; anders wordt het niet gelezen")
    ]


def test_an_empty_organisations_folder_is_an_error_and_writes_nothing(region, run_build, today):
    out = region.path / "site"
    (region.organisations / "README.md").write_text("Hier komen de organisaties.\n", encoding="utf-8")
    result = run_build(
        "build", "--organisations", region.organisations, "--content", region.content, "--out", out, "--today", today
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        (
            f"{region.organisations}:1:1: deze map bevat geen organisaties; zet er minstens één bestand <naam>.yaml "
            "in (python build.py nieuw \"Naam\" maakt er een), of geef met --organisations de goede map"
        )
    ]
    assert not out.exists()


# --- invisible characters -----------------------------------------------------------------------

INVISIBLE = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u180e",
    "\u2061",
    "\u034f",
    "\u200c",
    "\u200d",
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_refused_with_their_code(char):
    message = invisible_character(f"Schuld{char}hulp")
    assert message is not None and f"U+{ord(char):04X}" in message and "na 'Schuld'" in message, message


@pytest.mark.parametrize(
    "text", ["👨\u200d👩\u200d👧", "می\u200cخواهم", "क्\u200dष", "Geldzorgen? 💶 Bel ons.", "Schuld\u00adhulp"]
)
def test_joiners_inside_emoji_and_other_scripts_are_fine(text):
    assert invisible_character(text) is None


def test_invisible_characters_in_every_text_field_and_written_as_escapes(region, check):
    region.write("a", org(naam='naam: "Hulp\\u202eknab"'))
    region.write("b", org(samenvatting="samenvatting: Wij\u200bhelpen u met uw post."))
    region.write("c", org() + "trefwoorden: [\"post\u2066\"]\n")
    code, lines, _ = check()
    assert code == 1
    assert [(Path(LINE.match(line)["path"]).name, line.split(": ")[1]) for line in lines] == [
        ("a.yaml", "naam"),
        ("b.yaml", "samenvatting"),
        ("c.yaml", "trefwoorden[0]"),
    ], lines
    assert "U+202E (het verandert de leesrichting) na 'Hulp'" in lines[0]


def test_invisible_characters_in_a_content_page(region, check):
    region.write("hulp", org())
    region.write(
        "content/extra.md",
        "---\ntitle: Extra\ndescription: Een pagina.\n---\nEerste regel.\n\nTekst \u202eomgekeerd.\n",
    )
    code, lines, _ = check()
    assert code == 1
    assert lines == [
        (
            f"{region.content}/extra.md:7:1: er staat een onzichtbaar teken in deze tekst: U+202E (het "
            "verandert de leesrichting) na 'Tekst'; haal het weg"
        )
    ]


# --- gemeente names and their pages ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["日本", "!!!", "Ελλάδα", "---"])
def test_a_gemeente_name_without_latin_letters_is_refused(region, check, name):
    region.write("hulp", org(gemeenten=f'"{name}"'))
    code, lines, _ = check()
    assert code == 1
    assert len(lines) == 1 and f"werkgebied.gemeenten[0]: '{name}' kan geen gemeente op de kaart zijn" in lines[0]


def test_two_names_for_one_page_across_files_are_an_error(region, check):
    region.write("a", org(gemeenten="Den Haag"))
    region.write("b", org(gemeenten="Dijkhaven, \"Den-Haag\""))
    code, lines, _ = check()
    assert code == 1
    assert lines == [
        (
            f"{region.organisations}/b.yaml:5:26: werkgebied.gemeenten[1]: 'Den-Haag' en 'Den Haag' (in "
            "a.yaml) krijgen hetzelfde webadres, gemeente/den-haag/; schrijf de naam overal hetzelfde"
        )
    ]


def test_names_that_differ_only_in_case_or_accents_stay_one_gemeente(region, check):
    """The same name written differently is one gemeente; a warning asks about the odd spelling."""
    region.write("a", org(gemeenten="Den Haag"))
    region.write("b", org(gemeenten="Den Haag"))
    region.write("c", org(gemeenten="den haag"))
    code, lines, _ = check()
    assert code == 0, lines
    assert any("'den haag' staat maar in één bestand en lijkt op 'Den Haag'" in line for line in lines), lines
