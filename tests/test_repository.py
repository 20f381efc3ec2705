"""The repository stands on its own: its documentation's example files pass `check`, its links
lead to files it has, and no tracked file names a path outside it.

A municipality clones this repository and nothing else, so a path of the machine it was made on
(a home folder, a design folder beside the checkout) would send its editors nowhere.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from support import run_build_py

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import schema  # noqa: E402
from kaart.read_files import read_yaml_file  # noqa: E402

TODAY = "2026-12-01"
EXAMPLES = REPO / "docs" / "voorbeelden"
EXAMPLE_SLUG = "geldmaatjes-dijkhaven"

# Paths of a machine: a user's or root's home, the work folder these files were written in, a
# folder beside the checkout. Built from parts, so this file does not match itself. A bare prefix
# in quotes (a test that checks output for "/root/") names no file and is not matched; neither
# are paths inside the repository such as bench/work/.
OUTSIDE = re.compile(
    r"(?<![\w.~-])/(?:work|root|home|Users)/[\w.-]+"
    + "|"
    + re.escape("..")
    + r"/shared\b"
    + "|"
    + r"\b[A-Z]:\\\\?Users\\\\?"
)
# Notes of the design that the repository does not have (an upper-case note such as NOTES.md is
# fine only when a file of that name is tracked).
NOTE = re.compile(r"\b([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(\.md)?\b")
NOTE_NAMES = ("DES" + "IGN", "SEARCH" + "-NOTES", "BROWSER" + "-TESTING")  # in parts: not a citation here


def tracked_files() -> list[str]:
    """Every file git tracks in this checkout (the files a clone gets)."""
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        pytest.fail("this test needs git and a git checkout of the repository", pytrace=False)
    result = subprocess.run([git, "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return [name for name in result.stdout.decode("utf-8").split("\0") if name]


def text_of(name: str) -> str | None:
    """A tracked file's text, or None for a binary or a file missing from the work tree."""
    path = REPO / name
    if not path.is_file():
        return None
    data = path.read_bytes()
    if b"\0" in data[:8000]:
        return None
    return data.decode("utf-8", errors="replace")


def test_no_tracked_file_names_a_path_outside_the_repository():
    found = []
    for name in tracked_files():
        if name == "package-lock.json":  # npm's own record: registry addresses only
            continue
        text = text_of(name)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = OUTSIDE.search(line)
            if match:
                found.append(f"{name}:{number}: {match.group(0)}")
    assert not found, "paths outside the repository:\n" + "\n".join(found)


def test_the_pattern_finds_machine_paths_and_leaves_others():
    """The pattern above is what the test relies on: it must find these and nothing else."""
    outside = [
        "see " + "/wo" + "rk/shared/design",
        "open(" + "'/ro" + "ot/notes.txt')",
        "cp " + ".." + "/shared/hsds-3.0/x .",
        "/ho" + "me/anna/kaart",
    ]
    inside = [
        "/usr/bin/chromium",
        "bench/work/n3000",
        "/zoeken/?q=huur",
        '"/root/", "/home/"',
        "../organisatie.schema.json",
        "https://example.nl/work/x",
    ]
    assert all(OUTSIDE.search(line) for line in outside)
    assert not [line for line in inside if OUTSIDE.search(line)]


def test_no_tracked_file_cites_a_design_note_the_repository_lacks():
    files = tracked_files()
    have = {Path(name).stem for name in files}
    found = []
    for name in files:
        text = text_of(name)
        if text is None or name == "package-lock.json":
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for match in NOTE.finditer(line):
                note = match.group(1)
                if note in NOTE_NAMES and note not in have:
                    found.append(f"{name}:{number}: {match.group(0)}")
    assert not found, "notes that are not in the repository:\n" + "\n".join(found)


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_links_in_the_documentation_lead_to_files_in_the_repository():
    """README.md and docs/*.md link to files by relative path; each must exist."""
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    missing = []
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue
            if not (page.parent / target).exists():
                missing.append(f"{page.relative_to(REPO)}: {target}")
    assert not missing, missing


def test_readme_links_every_documentation_page():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pages = sorted(path.relative_to(REPO).as_posix() for path in (REPO / "docs").glob("*.md"))
    assert pages
    assert not [page for page in pages if f"]({page})" not in readme], "README's Documentation section"


def run_check(*args: str) -> subprocess.CompletedProcess:
    """`build.py check` as an editor runs it."""
    return run_build_py("check", "--today", TODAY, *args, timeout=120)


def test_the_example_files_in_docs_pass_check_strictly(tmp_path):
    organisations = tmp_path / "organisations"
    partners = tmp_path / "partners"
    organisations.mkdir()
    partners.mkdir()
    shutil.copy(EXAMPLES / "organisatie.yaml", organisations / f"{EXAMPLE_SLUG}.yaml")
    shutil.copy(EXAMPLES / "partner.yaml", partners / f"{EXAMPLE_SLUG}.yaml")
    result = run_check("--organisations", str(organisations), "--partners", str(partners), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Geen fouten in 1 organisaties" in result.stdout


def test_the_example_files_show_every_field():
    """docs/voorbeelden/ is the field-by-field example: no field of the models is left out."""

    def unused(model: BaseModel, prefix: str) -> list[str]:
        names = []
        for name in type(model).model_fields:
            value = getattr(model, name)
            if name not in model.model_fields_set:
                names.append(prefix + name)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, BaseModel):
                    names += unused(item, f"{prefix}{name}.")
        return names

    missing = []
    for file, model in (("organisatie.yaml", schema.Organisatie), ("partner.yaml", schema.Partner)):
        doc, problems = read_yaml_file(str(EXAMPLES / file))
        assert doc is not None, problems
        parsed = model.model_validate(doc.data)
        # landelijk excludes gemeenten; the documentation shows it on its own.
        missing += [f"{file}: {name}" for name in unused(parsed, "") if name != "werkgebied.landelijk"]
    assert not missing, missing


def test_the_example_files_point_to_the_editor_schema():
    for file, schema_file in (("organisatie.yaml", "organisatie.schema.json"), ("partner.yaml", "partner.schema.json")):
        first = (EXAMPLES / file).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../{schema_file}"
        assert (EXAMPLES / "../.." / schema_file).resolve().is_file()


# --- the example does not age -------------------------------------------------------------------


def run_in_repository(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """build.py in the repository as a fresh clone runs it: no --today."""
    return run_build_py(*args, env=env, timeout=120)


# Runs a script with datetime.now() (the clock build.py reads for "today") in 2029.
CLOCK_2029 = """\
import datetime as _dt, runpy, sys
class _In2029(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        moment = _dt.datetime(2029, 1, 1, 12, tzinfo=_dt.timezone.utc)
        return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)
_dt.datetime = _In2029
sys.argv = sys.argv[1:]
sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_a_fresh_clone_passes_check_strict_also_years_later(tmp_path):
    """The example region is a snapshot: content/instellingen.yaml gives it a fixed peildatum, so
    `check --strict` passes on a fresh clone whenever it is run (here: with the clock in 2029)."""
    import os

    clock = tmp_path / "klok_2029.py"
    clock.write_text(CLOCK_2029, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, str(clock), str(REPO / "build.py"), "check", "--strict"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "waarschuwing" not in result.stdout


def test_today_and_source_date_epoch_still_win_over_the_examples_peildatum():
    """The command line's reference date (--today, else SOURCE_DATE_EPOCH) is kept exactly; the
    example's peildatum only replaces the clock."""
    result = run_in_repository("rapport", "--format", "json", "--today", "2028-01-01")
    assert result.returncode == 0, result.stderr
    assert '"peildatum": "2028-01-01"' in result.stdout
    result = run_in_repository("rapport", "--format", "json", env={"SOURCE_DATE_EPOCH": "1861920000"})
    assert '"peildatum": "2029-01-01"' in result.stdout
    result = run_in_repository("rapport", "--format", "json")
    assert '"peildatum": "2026-11-26"' in result.stdout


def test_a_peildatum_only_in_an_example_map(tmp_path):
    """A real map must age: a fixed date there would hide out-of-date entries for ever."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    settings = content / "instellingen.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "voorbeeld: true\n" in text
    settings.write_text(text.replace("voorbeeld: true\n", "voorbeeld: false\n"), encoding="utf-8")
    result = run_in_repository("check", "--content", str(content))
    assert result.returncode == 1
    assert "peildatum: 'peildatum' mag alleen in een voorbeeldkaart" in result.stdout


# --- the documentation names every field --------------------------------------------------------


def field_names_of(model) -> set[str]:
    """Every field name of a model and of the models inside it."""
    from typing import get_args

    names, todo, seen = set(), [model], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            names.add(name)
            stack = [info.annotation]
            while stack:
                kind = stack.pop()
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    todo.append(kind)
                stack.extend(get_args(kind))
    return names


def documented(text: str, name: str) -> bool:
    """The name in code style, alone or as a part of a dotted path (`aanmelden.manieren`)."""
    return re.search(r"`(?:[\w\[\]]+\.)*" + re.escape(name) + r"(?:\[\])?(?:\.[\w\[\]]+)*`", text) is not None


@pytest.mark.parametrize(
    "page, models",
    [
        ("organisatie.md", [schema.Organisatie]),
        ("partner.md", [schema.Partner]),
        ("content.md", [schema.Instellingen, schema.Taxonomie, schema.Synoniemen, schema.Pagina]),
    ],
)
def test_every_field_is_documented(page, models):
    text = (REPO / "docs" / page).read_text(encoding="utf-8")
    names = set().union(*(field_names_of(model) for model in models))
    assert sorted(name for name in names if not documented(text, name)) == []


def test_every_key_of_the_report_json_is_documented():
    import json

    result = run_in_repository("rapport", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    keys = set(data) | set(data["instellingen"])
    for name in ("verouderd", "gaten", "overlap", "dubbel", "gaten_doelgroep"):
        for item in data[name]:
            keys |= set(item)
    text = (REPO / "docs" / "rapport.md").read_text(encoding="utf-8")
    assert sorted(key for key in keys if not documented(text, key)) == []
