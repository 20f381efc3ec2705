"""`check --format github` cannot be made to print a workflow command of its own.

GitHub reads every line of a job's output that starts with `::` as a command. A file name may
hold a line break, a comma or a colon; the example workflow runs `check --format github` on pull
requests from forks. The golden output (tests/golden/github/expected.txt, the folder written as
{MAP}) shows each hostile name refused, on one line, with its properties and message escaped as
GitHub's workflow-command format asks. To accept a deliberate change, regenerate and review:

    UPDATE_GOLDEN=1 python3 -m pytest tests/test_github_format.py
"""

from __future__ import annotations

import os
from pathlib import Path

from kaart.problems import Problem

EXPECTED = Path(__file__).resolve().parent / "golden" / "github" / "expected.txt"
HOSTILE_NAMES = [
    "evil\n::error file=README.md,line=1::INJECTED\nx.yaml",  # a second, fake annotation
    "a,line=5.yaml",  # a comma that would set line=5
    "b:c.yaml",
    "d\r::warning::x.yaml",
    "100%0A.yaml",
]  # a name that looks escaped already


def test_hostile_file_names_are_refused_and_escaped(tmp_path, run_build, today, plain_content):
    folder = tmp_path / "org"
    folder.mkdir()
    for name in HOSTILE_NAMES:
        (folder / name).write_text("naam: x\n", encoding="utf-8")
    result = run_build(
        "check", "--format", "github", "--organisations", str(folder), "--content", str(plain_content), "--today", today
    )
    assert result.returncode == 1, result.stderr
    output = result.stdout.replace(str(folder), "{MAP}")
    if os.environ.get("UPDATE_GOLDEN"):
        EXPECTED.write_text(output, encoding="utf-8")
    assert output == EXPECTED.read_text(encoding="utf-8")
    lines = result.stdout.splitlines()
    assert len(lines) == len(HOSTILE_NAMES), "one line per file: no name may start a line of its own"
    for line in lines:  # GitHub's reading: the command and its properties end at the second "::"
        command, properties = line.split("::")[1].split(" ", 1)
        assert command == "error" and [p.split("=")[0] for p in properties.split(",")] == ["file", "line", "col"]


def test_text_format_keeps_a_hostile_name_on_one_line(tmp_path, run_build, today, plain_content):
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / HOSTILE_NAMES[0]).write_text("naam: x\n", encoding="utf-8")
    result = run_build("check", "--organisations", str(folder), "--content", str(plain_content), "--today", today)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{folder}/evil\\n::error file=README.md,line=1::INJECTED\\nx.yaml:1:1: de bestandsnaam "
        "'evil\\n::error file=README.md,line=1::INJECTED\\nx' mag alleen kleine letters, cijfers en "
        "streepjes bevatten, zoals 'voedselbank-noord.yaml'"
    ]


def test_properties_escape_percent_line_breaks_colons_and_commas():
    line = Problem("m,a:p\r\n%.yaml", 2, 3, "naam", "a:b, 100%\r\nc").format_github()
    assert line == "::error file=m%2Ca%3Ap%0D%0A%25.yaml,line=2,col=3::naam: a:b, 100%25%0D%0Ac"
