"""Editing in git made easy (issue 7, part 1-3, 5, 6): the editor's JSON Schema, `nieuw`,
the CI templates, `check --format github`, change dates from git and verhuisd.yaml.

These tests are self-contained: they run build.py in the repository or in a temporary copy of
the parts they need, and never change the repository itself.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pydantic
import pytest
import yaml
from jsonschema import Draft7Validator
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

REPO = Path(__file__).resolve().parent.parent

import build  # noqa: E402
import schema  # noqa: E402
from kaart.read_files import read_yaml_file  # noqa: E402
from kaart.schemafile import read_vocabulary, schema_files  # noqa: E402
from support import run_build_py  # noqa: E402

TODAY = "2026-11-26"
DATA = Path(__file__).resolve().parent / "data"
ORGANISATIONS = sorted((REPO / "organisations").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../organisatie.schema.json"


def run(*args, cwd=REPO, env=None, timeout=120) -> subprocess.CompletedProcess:
    """`python build.py ARGS` of this repository, run in `cwd`."""
    return run_build_py(*args, cwd=cwd, env=env, timeout=timeout)


def load_schema(name: str) -> Draft7Validator:
    return Draft7Validator(json.loads((REPO / name).read_text(encoding="utf-8")))


# --- the two ways a file is seen: as the build reads it, and as a YAML 1.2 editor does ---------

YAML12_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
YAML12_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def _yaml12(node):
    """A composed node with the YAML 1.2 core schema's types (what VS Code's YAML server sees)."""
    if isinstance(node, MappingNode):
        return {key.value: _yaml12(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [_yaml12(item) for item in node.value]
    assert isinstance(node, ScalarNode)
    text = node.value
    if node.style is not None:  # quoted or block scalar: always text
        return text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if YAML12_INT.fullmatch(text):
        return int(text, 0) if text.startswith(("0o", "0x")) else int(text)
    if YAML12_FLOAT.fullmatch(text):
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return text


def editor_view(path: Path):
    return _yaml12(yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader))


def text_view(path: Path):
    doc, problems = read_yaml_file(str(path))
    assert doc is not None, problems
    return doc.data


def schema_errors(validator: Draft7Validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


# --- 1. the JSON Schema -------------------------------------------------------------------------


def test_committed_schema_files_are_up_to_date():
    """`python build.py schema` would write exactly the committed files (else: run it and commit)."""
    expected = schema_files(read_vocabulary(str(REPO / "content")))
    for name, content in expected.items():
        assert (REPO / name).read_bytes() == content, f"{name} is out of date: run python build.py schema"
    result = run("schema", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_fails_and_schema_writes_beside_the_organisations_folder(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "organisations").mkdir()
    taxonomy = tmp_path / "content" / "taxonomie.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    text = taxonomy.read_text(encoding="utf-8").replace(
        "doelgroep:\n",
        "doelgroep:\n  mantelzorgers:\n    label: Mantelzorgers\n"
        "    uitleg: Mensen die zorgen voor iemand in hun omgeving.\n",
        1,
    )
    taxonomy.write_text(text, encoding="utf-8")
    args = ("--organisations", tmp_path / "organisations", "--content", tmp_path / "content")
    result = run("schema", "--check", *args, cwd=tmp_path)
    assert result.returncode == 1
    assert "organisatie.schema.json:1:1: " in result.stdout and "python build.py schema" in result.stdout
    assert not (tmp_path / "organisatie.schema.json").exists(), "--check must not write"
    result = run("schema", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / "organisatie.schema.json").read_text(encoding="utf-8"))
    assert "mantelzorgers" in written["properties"]["doelgroepen"]["items"]["enum"]
    assert (tmp_path / "partner.schema.json").exists()
    assert run("schema", "--check", *args, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("name", ["organisatie.schema.json", "partner.schema.json"])
def test_schema_is_valid_json_schema_draft_7(name):
    """Draft 7: what the YAML language server of VS Code implements. No keyword beside a $ref
    (draft 7 ignores them), so the field descriptions really count."""
    data = json.loads((REPO / name).read_text(encoding="utf-8"))
    assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(data)
    text = json.dumps(data)
    assert "$defs" not in text and '"definitions"' in text

    def walk(node):
        if isinstance(node, dict):
            assert "$ref" not in node or len(node) == 1, node
            for key, value in node.items():
                if key not in ("examples", "default", "enum"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)


def _properties(node, path=""):
    """Every (path, property schema) of a JSON Schema, nested models included."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{path}{name}", prop
        for key, value in node.items():
            if key == "definitions":
                for def_name, definition in value.items():
                    yield from _properties(definition, f"{def_name}.")


@pytest.mark.parametrize("name", ["organisatie.schema.json", "partner.schema.json"])
def test_every_field_has_a_dutch_description_and_an_example(name):
    data = json.loads((REPO / name).read_text(encoding="utf-8"))
    found = list(_properties(data))
    assert len(found) > 10 if name.startswith("organisatie") else len(found) >= 6
    english = re.compile(r"\b(the|which|where|should|must|organisation)\b", re.I)
    for path, prop in found:
        assert prop.get("description"), f"{path} has no description"
        assert not english.search(prop["description"]), f"{path}: {prop['description']}"
        assert prop.get("examples"), f"{path} has no examples"
    # The models' English docstrings (notes for programmers) stay out of the editor's hover text.
    for definition in data.get("definitions", {}).values():
        assert "description" not in definition
    assert data["description"] and data["title"]


def test_vocabulary_fields_list_their_keys_and_labels():
    data = json.loads((REPO / "organisatie.schema.json").read_text(encoding="utf-8"))
    vocab = read_vocabulary(str(REPO / "content"))
    cases = {
        ("properties", "soort"): "soort",
        ("properties", "fases", "items"): "fase",
        ("properties", "rollen", "items"): "rol",
        ("properties", "activiteiten", "items"): "activiteit",
        ("properties", "doelgroepen", "items"): "doelgroep",
        ("definitions", "Aanmelden", "properties", "manieren", "items"): "aanmeldwijze",
    }
    for where, facet in cases.items():
        node = data
        for key in where:
            node = node[key]
        terms = getattr(vocab, facet)
        assert node["enum"] == list(terms), facet
        assert node["enumDescriptions"] == [f"{t.label}: {t.uitleg}" for t in terms.values()]
        assert len(node["markdownEnumDescriptions"]) == len(terms)


def test_every_organisation_file_points_at_the_schema():
    assert ORGANISATIONS
    for path in ORGANISATIONS:
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE, path.name


VALID_FILES = ORGANISATIONS + [DATA / "organisatie.voorbeeld.yaml"]


@pytest.mark.parametrize("path", VALID_FILES, ids=lambda p: p.name)
def test_schema_accepts_every_example_file_as_the_build_and_an_editor_read_it(path):
    validator = load_schema("organisatie.schema.json")
    assert schema_errors(validator, text_view(path)) == []
    assert schema_errors(validator, editor_view(path)) == []


def test_schema_accepts_a_region_that_is_not_in_this_repository(tmp_path):
    """bench/generate.py writes a synthetic region (other gemeenten, names, hours, landelijk ones)."""
    import generate  # bench/generate.py, through pytest's pythonpath

    out = tmp_path / "organisations"
    generate.generate(150, out, seed=7)
    validator = load_schema("organisatie.schema.json")
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 150
    for path in files:
        assert schema_errors(validator, text_view(path)) == [], path.name
        assert schema_errors(validator, editor_view(path)) == [], path.name


def test_contract_example_file_passes_the_build_too():
    """tests/data/organisatie.voorbeeld.yaml is the contract's own example (docs/organisatie.md)."""
    vocab = read_vocabulary(str(REPO / "content"))
    schema.Organisatie.model_validate(
        text_view(DATA / "organisatie.voorbeeld.yaml"), context={"vocab": vocab, "today": date(2026, 11, 26)}
    )


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "voorbeeld-partners").glob("*.yaml")) + [DATA / "partner.voorbeeld.yaml"],
    ids=lambda p: p.name,
)
def test_partner_schema_accepts_the_partner_files(path):
    validator = load_schema("partner.schema.json")
    assert schema_errors(validator, text_view(path)) == []
    assert schema_errors(validator, editor_view(path)) == []


def _valid() -> dict:
    return text_view(REPO / "organisations" / "geldpunt-bibliotheek-dijkhaven.yaml")


def _set(data: dict, dotted: str, value):
    *parents, last = dotted.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is DELETE:
        del node[last]
    else:
        node[last] = value
    return data


class _Delete:
    """The value that removes a field; its repr is fixed so every xdist worker names the test alike."""

    def __repr__(self) -> str:
        return "DELETE"


DELETE = _Delete()
BROKEN = [
    ("naam", DELETE),
    ("soort", "vrijwilligers-organisatie"),
    ("fases", []),
    ("fases", ["na-zorg"]),
    ("gecontroleerd", "1 september 2026"),
    ("gecontroleerd", None),
    ("telefonn", "030 123 45 67"),
    ("contactpersoon", {"naam": "Anna"}),
    ("contact", {"bereikbaarheid": "altijd"}),
    ("werkgebied", {"landelijk": "true", "gemeenten": ["Dijkhaven"]}),
    ("werkgebied", {}),
    ("werkgebied", {"gemeenten": ["Dijkhaven", "Wierdam"], "wijken": ["Noord"]}),
    ("locaties.0.postcode", "Kadeweg"),
    ("locaties.0.spreekuren.0.van", "half tien"),
    ("locaties.0.spreekuren.0.dag", "Maandag"),
    ("locaties.0.spreekuren.0.vorm", "vrije inloop"),
    ("locaties.0.rolstoeltoegankelijk", "misschien"),
    ("samenwerking.vrijwilligers", "veertig"),
    ("samenwerking.vrijwilligers", -3),
    ("contact.website", "javascript:alert(1)"),
    ("contact.email", "geen adres"),
    ("talen", ["nederlands"]),
    ("samenvatting", "x" * 201),
    ("aanmelden.manieren", ["bellen"]),
    ("melding", {"tekst": "Gesloten"}),
    ("trefwoorden", "maatje"),
]


@pytest.mark.parametrize(("field", "value"), BROKEN, ids=[f"{f}={v!r}"[:40] for f, v in BROKEN])
def test_schema_rejects_what_the_build_rejects(field, value):
    data = _set(copy.deepcopy(_valid()), field, value)
    assert schema_errors(load_schema("organisatie.schema.json"), data), f"the schema accepts {field}={value!r}"
    vocab = read_vocabulary(str(REPO / "content"))
    with pytest.raises(pydantic.ValidationError):
        schema.Organisatie.model_validate(data, context={"vocab": vocab, "today": date(2026, 11, 26)})


YAML_TRAPS = """\
# yaml-language-server: $schema=../organisatie.schema.json
naam: Telefoon zonder aanhalingstekens
soort: overig
samenvatting: Wij helpen u.
werkgebied:
  gemeenten: [Dijkhaven]
fases: [nazorg]
rollen: [morele-steun]
doelgroepen: [iedereen]
trefwoorden: [no, yes, 2026]
aanmelden:
  manieren: [zelf-bellen]
  kosten: 0
talen: [no, nl]
contact:
  telefoon: 0301234567
locaties:
  - naam: Buurthuis
    adres: Kerkstraat 1
    postcode: 1234AB
    plaats: Dijkhaven
    rolstoeltoegankelijk: "true"
    spreekuren:
      - dag: dinsdag
        van: 9:30
        tot: "12:00"
        vorm: inloop
samenwerking:
  vrijwilligers: 40
gecontroleerd: 2026-09-01
"""


def test_schema_accepts_the_yaml_traps_the_build_accepts(tmp_path):
    """0301234567, 9:30, no, 0 and 40 are what they look like to the build; the editor agrees."""
    path = tmp_path / "valkuilen.yaml"
    path.write_text(YAML_TRAPS, encoding="utf-8")
    validator = load_schema("organisatie.schema.json")
    assert editor_view(path)["contact"]["telefoon"] == 301234567  # what a YAML 1.2 editor sees
    assert schema_errors(validator, editor_view(path)) == []
    assert schema_errors(validator, text_view(path)) == []
    vocab = read_vocabulary(str(REPO / "content"))
    schema.Organisatie.model_validate(text_view(path), context={"vocab": vocab, "today": date(2026, 11, 26)})


# --- 2. nieuw -----------------------------------------------------------------------------------

FILL = {
    "soort": "soort: vrijwilligersorganisatie",
    "samenvatting": "samenvatting: Wij helpen u met uw post en uw geld.",
    "fases": "fases: [voor-aanmelding]",
    "rollen": "rollen: [praktische-steun]",
    "doelgroepen": "doelgroepen: [iedereen]",
    "  manieren": "  manieren: [zelf-bellen]",
    "  telefoon": '  telefoon: "030 123 45 67"',
    "gecontroleerd": "gecontroleerd: 2026-11-20",
}


def fill_in(text: str) -> str:
    """Fill every blank of a new file the way an editor would."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        for field, filled in FILL.items():
            if re.fullmatch(re.escape(field) + r":( \[\])?", line):
                lines[number] = filled
    return "\n".join(lines) + "\n"


@pytest.fixture
def empty_region(tmp_path) -> Path:
    (tmp_path / "organisaties").mkdir()
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "content" / "verhuisd.yaml").unlink(missing_ok=True)  # it names the example's organisations
    shutil.copy(REPO / "organisations" / "schuldhulp-dijkhaven.yaml", tmp_path / "organisaties")
    return tmp_path


def region_args(region: Path) -> tuple:
    return ("--organisations", region / "organisaties", "--content", region / "content", "--today", TODAY)


def test_nieuw_writes_a_file_that_check_rejects_until_it_is_filled_in(empty_region):
    result = run("nieuw", "Stichting Geld & Zo: samen!", *region_args(empty_region), cwd=empty_region)
    assert result.returncode == 0, result.stdout + result.stderr
    path = empty_region / "organisaties" / "stichting-geld-zo-samen.yaml"
    assert str(path.name) in result.stdout and "python build.py check" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert 'naam: "Stichting Geld & Zo: samen!"' in text
    for field in (
        "soort",
        "samenvatting",
        "fases",
        "rollen",
        "doelgroepen",
        "aanmelden",
        "contact",
        "gecontroleerd",
        "werkgebied",
    ):
        assert re.search(rf"^{field}:", text, re.M), f"required {field} missing"
    for field in (
        "beschrijving",
        "activiteiten",
        "trefwoorden",
        "talen",
        "locaties",
        "doorverwijzen",
        "samenwerking",
        "melding",
    ):
        assert re.search(rf"^# {field}:", text, re.M), f"optional {field} should be commented out"
    hints = " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))
    assert "Kies uit: voor-aanmelding, tijdens-traject, begeleiding, nazorg." in hints
    assert "gemeenten: [Dijkhaven]" in text  # the municipality of content/instellingen.yaml
    for line in text.splitlines():
        assert len(line) <= 100, line

    checked = run("check", *region_args(empty_region), cwd=empty_region)
    assert checked.returncode == 1
    blanks = {m.group(1) for m in re.finditer(r"stichting-geld-zo-samen\.yaml:\d+:\d+: ([a-z.]+):", checked.stdout)}
    assert blanks == {
        "soort",
        "samenvatting",
        "fases",
        "rollen",
        "doelgroepen",
        "aanmelden.manieren",
        "contact",
        "gecontroleerd",
    }, checked.stdout

    path.write_text(fill_in(text), encoding="utf-8")
    checked = run("check", *region_args(empty_region), cwd=empty_region)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Geen fouten in 2 organisaties" in checked.stdout


def test_nieuw_file_validates_against_the_schema_once_filled_in(empty_region):
    run("nieuw", "Buurtgeldhulp", *region_args(empty_region), cwd=empty_region)
    path = empty_region / "organisaties" / "buurtgeldhulp.yaml"
    validator = load_schema("organisatie.schema.json")
    assert schema_errors(validator, editor_view(path)), "the blanks must show in the editor too"
    path.write_text(fill_in(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert schema_errors(validator, editor_view(path)) == []
    assert schema_errors(validator, text_view(path)) == []


def test_nieuw_commented_examples_are_valid_when_uncommented(empty_region):
    """Removing '# ' before an optional field gives a valid file: the examples are real examples."""
    run("nieuw", "Alles Ingevuld", *region_args(empty_region), cwd=empty_region)
    path = empty_region / "organisaties" / "alles-ingevuld.yaml"
    lines = fill_in(path.read_text(encoding="utf-8")).splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith("naam:"))
    uncommented = lines[:start]
    for line in lines[start:]:
        match = re.fullmatch(r"(\s*)# (\s*(- )?[a-z]+:.*)", line)
        if match and "landelijk:" not in line:
            uncommented.append(match.group(1) + match.group(2))
        else:
            uncommented.append(line)
    path.write_text("\n".join(uncommented) + "\n", encoding="utf-8")
    checked = run("check", *region_args(empty_region), cwd=empty_region)
    assert checked.returncode == 0, checked.stdout + path.read_text(encoding="utf-8")
    doc = text_view(path)
    assert doc["locaties"][0]["spreekuren"][0]["van"] == "09:30" and doc["melding"]["tot"] == "2027-01-04"


def test_nieuw_refuses_to_overwrite(empty_region):
    path = empty_region / "organisaties" / "schuldhulp-dijkhaven.yaml"
    before = path.read_bytes()
    result = run("nieuw", "Schuldhulp Dijkhaven", *region_args(empty_region), cwd=empty_region)
    assert result.returncode == 1
    assert "schuldhulp-dijkhaven.yaml:1:1: dit bestand bestaat al" in result.stdout
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(("naam", "message"), [("X", "te kort"), ("!!!", "geen bestandsnaam"), ("a" * 121, "te lang")])
def test_nieuw_refuses_a_name_it_cannot_use(empty_region, naam, message):
    result = run("nieuw", naam, *region_args(empty_region), cwd=empty_region)
    assert result.returncode == 1 and message in result.stdout, result.stdout + result.stderr
    assert len(list((empty_region / "organisaties").iterdir())) == 1


def test_nieuw_refuses_an_old_name_from_verhuisd(empty_region):
    (empty_region / "content" / "verhuisd.yaml").write_text("oude-geldhulp: gestopt\n", encoding="utf-8")
    result = run("nieuw", "Oude Geldhulp", *region_args(empty_region), cwd=empty_region)
    assert result.returncode == 1 and "verhuisd.yaml" in result.stdout


def test_nieuw_uses_the_default_folders_from_the_repository_root(tmp_path):
    for part in ("build.py", "schema.py", "kaart", "templates", "content"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    (tmp_path / "organisations").mkdir()
    result = subprocess.run(
        [sys.executable, "build.py", "nieuw", "Nieuwe Hulp"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "organisations" / "nieuwe-hulp.yaml").exists()
    assert "python build.py schema" in result.stdout  # no schema beside the folder yet: a tip


# --- 3. CI templates and --format github -------------------------------------------------------

CI = REPO / "voorbeelden" / "ci"
TEMPLATES = sorted(p for p in CI.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml")) + [
    REPO / ".pre-commit-hooks.yaml"
]


def build_commands(node) -> list[str]:
    """Every `python build.py ...` command line in the strings of a parsed YAML file."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("name", "description"):  # prose, not commands
                found += build_commands(value)
    elif isinstance(node, list):
        for value in node:
            found += build_commands(value)
    elif isinstance(node, str):
        text = node.replace("\\\n", " ")
        for line in text.splitlines():
            match = re.search(r"\bpython3? build\.py\b(.*)", line)
            if match:
                found.append(match.group(1).split("#")[0].strip())
    return found


def parse_command(command: str) -> "argparse.Namespace":  # noqa: F821
    """Parse a command line the way build.main does; fail on an unknown command or flag."""
    argv = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "VALUE", command))
    if not argv or argv[0] not in build.COMMANDS:
        argv.insert(0, "build")
    try:
        return build.parser().parse_args(argv)
    except SystemExit:
        pytest.fail(f"'python build.py {command}' is not a valid command of build.py")


def test_ci_templates_exist():
    names = {p.relative_to(REPO).as_posix() for p in TEMPLATES}
    assert "voorbeelden/ci/github/.github/workflows/controleer.yml" in names
    assert "voorbeelden/ci/github/.github/workflows/publiceer.yml" in names
    assert "voorbeelden/ci/gitlab/.gitlab-ci.yml" in names
    assert ".pre-commit-hooks.yaml" in names
    assert not (REPO / ".github").exists(), "the templates must not run in this repository"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_template_calls_only_commands_and_flags_that_exist(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    commands = build_commands(data)
    assert commands, f"{path.name} calls no python build.py command"
    for command in commands:
        parse_command(command)


def test_github_check_annotates_pull_requests_and_publish_deploys_pages():
    check = yaml.safe_load((CI / "github/.github/workflows/controleer.yml").read_text(encoding="utf-8"))
    assert "pull_request" in check[True]  # PyYAML reads the key `on` as true
    parsed = [parse_command(c) for c in build_commands(check)]
    assert any(a.command == "check" and a.format == "github" for a in parsed)
    publish_text = (CI / "github/.github/workflows/publiceer.yml").read_text(encoding="utf-8")
    publish = yaml.safe_load(publish_text)
    assert publish[True]["push"]["branches"] == ["main"]
    assert publish["permissions"]["pages"] == "write" and publish["permissions"]["id-token"] == "write"
    uses = re.findall(r"uses: (\S+)", publish_text)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    builds = [a for a in map(parse_command, build_commands(publish)) if a.command == "build"]
    assert builds and all(a.out for a in builds)
    assert "fetch-depth: 0" in publish_text  # "Laatst gewijzigd" needs the history


def test_gitlab_checks_merge_requests_and_publishes_public():
    data = yaml.safe_load((CI / "gitlab/.gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = {name: job for name, job in data.items() if isinstance(job, dict) and "script" in job}
    check_jobs = [
        job for job in jobs.values() if any(parse_command(c).command == "check" for c in build_commands(job["script"]))
    ]
    assert check_jobs and any("merge_request_event" in json.dumps(job.get("rules", [])) for job in check_jobs)
    pages = jobs["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    builds = [parse_command(c) for c in build_commands(pages["script"])]
    assert any(a.command == "build" and a.out == "public" for a in builds)


def test_pre_commit_hook_runs_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and hooks
    hook = hooks[0]
    assert {"id", "name", "entry", "language"} <= hook.keys()
    assert hook["language"] in ("python", "system")
    assert hook["pass_filenames"] is False
    assert parse_command(build_commands(hook["entry"])[0]).command == "check"


def test_public_output_folder_is_allowed_for_the_templates(tmp_path):
    """The templates build into public/ inside the checkout (GitLab Pages wants that name)."""
    for part in ("build.py", "schema.py", "kaart", "templates", "content", "organisations"):
        source = REPO / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    result = subprocess.run(
        [sys.executable, "build.py", "build", "--out", "public", "--today", TODAY],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "public" / "index.html").exists()


def test_check_format_github_annotates_file_and_line(empty_region):
    broken = empty_region / "organisaties" / "kapot.yaml"
    broken.write_text(SCHEMA_LINE + "\nnaam: Kapot\nsoort: vrijwilligers-organisatie\n", encoding="utf-8")
    result = run("check", "--format", "github", *region_args(empty_region), cwd=empty_region)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ")) for line in lines), result.stdout
    soort = [line for line in lines if "soort:" in line]
    assert soort == [
        f"::error file={broken},line=3,col=8::soort: 'vrijwilligers-organisatie' "
        "is geen soort organisatie; bedoelt u 'vrijwilligersorganisatie'?"
    ]
    missing = [line for line in lines if "samenvatting:" in line]
    assert missing and missing[0].startswith(f"::error file={broken},line=")


def test_check_format_github_escapes_line_breaks_and_percent():
    from kaart.problems import Problem

    line = Problem("a.yaml", 2, 3, "naam", "100% fout\nnog een regel", warning=True).format_github()
    assert line == "::warning file=a.yaml,line=2,col=3::naam: 100%25 fout%0Anog een regel"


# --- 5. change history from git -----------------------------------------------------------------


def git(folder: Path, *args, when: str | None = None):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Redactie",
        "GIT_AUTHOR_EMAIL": "redactie@example.nl",
        "GIT_COMMITTER_NAME": "Redactie",
        "GIT_COMMITTER_EMAIL": "redactie@example.nl",
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args], cwd=folder, env=env, check=True, capture_output=True, text=True
    )


@pytest.fixture
def git_region(tmp_path) -> Path:
    """A small region in its own git repository, with known commit dates."""
    region = tmp_path / "regio"
    (region / "organisaties").mkdir(parents=True)
    shutil.copytree(REPO / "content", region / "content")
    (region / "content" / "verhuisd.yaml").unlink(missing_ok=True)
    for slug in ("schuldhulp-dijkhaven", "huurteam-dijkhaven", "taalhuis-dijkhaven"):
        shutil.copy(REPO / "organisations" / f"{slug}.yaml", region / "organisaties")
    git(region, "init", "-q", "-b", "main")
    git(region, "add", ".")
    git(region, "commit", "-q", "-m", "begin", when="2026-03-03T10:00:00+01:00")
    huurteam = region / "organisaties" / "huurteam-dijkhaven.yaml"
    huurteam.write_text(huurteam.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(region, "commit", "-q", "-am", "huurteam", when="2026-10-31T23:30:00+00:00")  # 1 Nov in NL
    return region


def page(site: Path, slug: str) -> str:
    return (site / "organisaties" / slug / "index.html").read_text(encoding="utf-8")


def test_pages_show_the_date_of_the_last_commit_of_their_file(git_region):
    out = git_region / "site"
    result = run("build", "--out", out, *region_args(git_region), cwd=git_region)
    assert result.returncode == 0, result.stderr
    assert '<p>Laatst gewijzigd: <time datetime="2026-03-03">3 maart 2026</time></p>' in page(
        out, "schuldhulp-dijkhaven"
    )
    assert '<p>Laatst gewijzigd: <time datetime="2026-11-01">1 november 2026</time></p>' in page(
        out, "huurteam-dijkhaven"
    )
    assert "Laatst gecontroleerd:" in page(out, "huurteam-dijkhaven")
    index = json.loads((out / "data" / "index.json").read_text(encoding="utf-8"))
    assert (index["datum"], index["datum_bron"]) == ("2026-11-01", "git")
    again = git_region / "site2"
    run("build", "--out", again, *region_args(git_region), cwd=git_region)
    for path in out.rglob("*"):
        if path.is_file() and path.name != ".sociale-kaart":
            assert path.read_bytes() == (again / path.relative_to(out)).read_bytes(), path


def test_untracked_file_and_no_git_give_no_line(git_region, tmp_path):
    shutil.copy(REPO / "organisations" / "voedselbank-dijkhaven.yaml", git_region / "organisaties")
    out = git_region / "site"
    assert run("build", "--out", out, *region_args(git_region), cwd=git_region).returncode == 0
    assert "Laatst gewijzigd" not in page(out, "voedselbank-dijkhaven")
    assert "Laatst gewijzigd" in page(out, "taalhuis-dijkhaven")

    plain = tmp_path / "zonder-git"
    shutil.copytree(git_region, plain, ignore=shutil.ignore_patterns(".git", "site"))
    out = plain / "site"
    result = run("build", "--out", out, *region_args(plain), cwd=plain, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "Laatst gewijzigd" not in page(out, "taalhuis-dijkhaven")
    result = run("build", "--out", plain / "site3", *region_args(plain), cwd=plain, env={"PATH": "/nonexistent"})
    assert result.returncode == 0, result.stderr  # no git program at all


def test_history_is_one_git_call_for_all_files(git_region, monkeypatch):
    import kaart.history as history

    calls = []
    real = subprocess.Popen

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(history.subprocess, "Popen", counting)
    found = history.read_history(str(git_region / "organisaties"))
    assert [call[:2] for call in calls] == [["git", "rev-parse"], ["git", "log"]]  # not one per file
    assert found.changed == {
        "schuldhulp-dijkhaven": date(2026, 3, 3),
        "huurteam-dijkhaven": date(2026, 11, 1),
        "taalhuis-dijkhaven": date(2026, 3, 3),
    }
    assert found.latest == date(2026, 11, 1)


def test_the_script_asks_git_before_its_imports_for_the_folder_it_reads(git_region):
    """build.py, run as a program, starts git's history before it imports the build (startup.ask_git_early)
    for the folder its command line names, in either way of writing it; the pages get the same dates."""
    for form in (
        ["--organisations", str(git_region / "organisaties")],
        [f"--organisations={git_region / 'organisaties'}"],
    ):
        out = git_region / "site"
        shutil.rmtree(out, ignore_errors=True)
        args = [*form, "--content", str(git_region / "content"), "--today", TODAY, "--out", str(out)]
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "build", *args],
            cwd=git_region,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert '<time datetime="2026-11-01">1 november 2026</time>' in page(out, "huurteam-dijkhaven")


def test_the_early_history_is_handed_out_once_for_its_own_folder_in_its_own_process(git_region, tmp_path):
    """pending_history gives what start_early asked, only for the same folder and in the same process;
    otherwise git is asked again (and the early git, if it was this process's, is stopped)."""
    from kaart import history, startup

    folder = str(git_region / "organisaties")
    assert startup.organisations_named(["check", "--organisations", folder]) == folder
    assert startup.organisations_named(["--today", TODAY]) == "organisations"  # no command: a build
    assert startup.organisations_named(["schema"]) is None
    assert startup.organisations_named(["build", "--help"]) is None
    history.start_early(folder)
    early = history._early[0][2]
    with history.pending_history(folder) as pending:
        assert pending is early
        assert pending.result().latest == date(2026, 11, 1)
    assert history.pending_history(folder) is not early  # handed out once
    history.start_early(str(tmp_path))
    early = history._early[0][2]
    with history.pending_history(folder) as pending:
        assert pending is not early and early.log.process is None, "the guess for another folder is stopped"
        assert pending.result().latest == date(2026, 11, 1)
    history.start_early(folder)
    early = history._early[0][2]
    pid = os.fork()
    if pid == 0:  # a forked process asks git itself and leaves the parent's git alone
        os._exit(0 if history.pending_history(folder) is not early and early.log.process is not None else 1)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    with history.pending_history(folder) as pending:
        assert pending is early and pending.result().latest == date(2026, 11, 1)


def test_a_shallow_clone_gives_no_dates_rather_than_wrong_ones(git_region, tmp_path):
    from kaart.history import read_history

    clone = tmp_path / "ondiep"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{git_region}", str(clone)], check=True, capture_output=True
    )
    assert read_history(str(clone / "organisaties")).changed == {}
    assert read_history(str(git_region / "organisaties")).changed


def test_history_stays_fast_for_many_files(tmp_path):
    import time

    from kaart.history import read_history

    folder = tmp_path / "organisaties"
    folder.mkdir()
    for number in range(3000):
        (folder / f"organisatie-{number}.yaml").write_text(f"naam: {number}\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "alles", when="2026-05-05T12:00:00+02:00")
    started = time.monotonic()
    found = read_history(str(folder))
    assert len(found.changed) == 3000 and time.monotonic() - started < 5


# --- 6. verhuisd.yaml ---------------------------------------------------------------------------


def test_verhuisd_keeps_old_addresses_working(git_region):
    (git_region / "content" / "verhuisd.yaml").write_text(
        "# oud: nieuw\nhuurhulp-dijkhaven: huurteam-dijkhaven\ngeldcafe-zuid: gestopt\n", encoding="utf-8"
    )
    out = git_region / "site"
    result = run(
        "build", "--out", out, "--base-url", "https://kaart.example.nl/", *region_args(git_region), cwd=git_region
    )
    assert result.returncode == 0, result.stderr
    moved = page(out, "huurhulp-dijkhaven")
    assert '<meta http-equiv="refresh" content="0; url=../huurteam-dijkhaven/">' in moved
    assert '<a href="../huurteam-dijkhaven/">Huurteam Dijkhaven</a>' in moved
    assert '<meta name="robots" content="noindex">' in moved
    stopped = page(out, "geldcafe-zuid")
    assert "Deze organisatie is gestopt" in stopped and 'http-equiv="refresh"' not in stopped
    assert 'href="../../zoeken/"' in stopped
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "huurhulp-dijkhaven" not in sitemap and "geldcafe-zuid" not in sitemap
    assert "huurteam-dijkhaven" in sitemap
    data = json.loads((out / "data" / "organisaties.json").read_text(encoding="utf-8"))
    assert "geldcafe-zuid" not in {o["slug"] for o in data["organisaties"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "huurteam-dijkhaven: taalhuis-dijkhaven\n",
            "verhuisd.yaml:1:1: huurteam-dijkhaven: 'huurteam-dijkhaven' staat nog",
        ),
        (
            "huurhulp: huurteam-dijkhavn\n",
            "verhuisd.yaml:1:11: huurhulp: er is geen organisatie 'huurteam-dijkhavn'; bedoelt u 'huurteam-dijkhaven'?",
        ),
        ("huurhulp: weg\n", "verhuisd.yaml:1:11: huurhulp: er is geen organisatie 'weg'"),
        ("Huur Hulp: gestopt\n", "verhuisd.yaml:1:1: Huur Hulp: 'Huur Hulp' mag alleen kleine letters"),
        ("- huurhulp\n", "verhuisd.yaml:1:1: het bestand bevat een lijst"),
    ],
)
def test_verhuisd_errors_are_located(git_region, text, expected):
    (git_region / "content" / "verhuisd.yaml").write_text(text, encoding="utf-8")
    result = run("check", *region_args(git_region), cwd=git_region)
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout


def test_verhuisd_with_only_comments_is_empty(git_region):
    (git_region / "content" / "verhuisd.yaml").write_text("# nog niets\n", encoding="utf-8")
    assert run("check", *region_args(git_region), cwd=git_region).returncode == 0


def test_check_warns_when_a_file_disappears_without_verhuisd(git_region):
    (git_region / "organisaties" / "taalhuis-dijkhaven.yaml").unlink()
    result = run("check", *region_args(git_region), cwd=git_region)
    assert result.returncode == 0, result.stdout
    warning = [line for line in result.stdout.splitlines() if "taalhuis-dijkhaven" in line]
    assert len(warning) == 1 and "waarschuwing" in warning[0] and "verhuisd.yaml:1:1:" in warning[0]
    assert "taalhuis-dijkhaven: gestopt" in warning[0]
    assert run("check", "--strict", *region_args(git_region), cwd=git_region).returncode == 1

    (git_region / "content" / "verhuisd.yaml").write_text("taalhuis-dijkhaven: gestopt\n", encoding="utf-8")
    result = run("check", "--strict", *region_args(git_region), cwd=git_region)
    assert result.returncode == 0, result.stdout


def test_git_lists_the_folder_while_the_warnings_are_made(git_region, monkeypatch):
    """find_warnings asks git for the folder's files first and reads the answer last: git runs meanwhile."""
    from kaart import warnings as warnings_module
    from kaart.gather import gather
    from kaart.history import PendingSlugs

    folder = str(git_region / "organisaties")
    assert PendingSlugs(folder).result() == {"schuldhulp-dijkhaven", "huurteam-dijkhaven", "taalhuis-dijkhaven"}
    assert PendingSlugs(folder, "bestaat-niet").result() is None
    assert PendingSlugs(str(git_region.parent)).result() is None  # no checkout
    order = []
    started = warnings_module.PendingSlugs.__init__
    answered = warnings_module.PendingSlugs.result
    monkeypatch.setattr(warnings_module.PendingSlugs, "__init__", lambda *a: order.append("git") or started(*a))
    monkeypatch.setattr(warnings_module.PendingSlugs, "result", lambda self: order.append("answer") or answered(self))
    monkeypatch.setattr(warnings_module, "duplicate_warnings", lambda project: order.append("duplicates") or [])
    (git_region / "organisaties" / "taalhuis-dijkhaven.yaml").unlink()
    project = gather(folder, str(git_region / "content"), date(2026, 11, 26))
    found = warnings_module.find_warnings(project)
    assert order == ["git", "duplicates", "answer"]
    assert [p for p in found if "'taalhuis-dijkhaven' staat niet meer in de map" in p.message]


def test_check_compare_looks_at_another_git_version(git_region):
    (git_region / "organisaties" / "taalhuis-dijkhaven.yaml").unlink()
    git(git_region, "commit", "-q", "-am", "taalhuis weg", when="2026-11-02T10:00:00+01:00")
    assert "taalhuis-dijkhaven" not in run("check", *region_args(git_region), cwd=git_region).stdout
    result = run("check", "--compare", "HEAD~1", *region_args(git_region), cwd=git_region)
    assert "'taalhuis-dijkhaven' staat niet meer in de map" in result.stdout
    result = run("check", "--compare", "bestaat-niet", *region_args(git_region), cwd=git_region)
    assert result.returncode == 0 and "taalhuis" not in result.stdout
