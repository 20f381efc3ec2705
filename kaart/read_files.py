"""Read stage, files: the input folders listed, each file checked and read as UTF-8 text.

A file must be a regular file inside its folder, at most MAX_FILE_BYTES, UTF-8 without control
characters; file names must be slugs. A YAML file's text goes to kaart/read_yaml.py, a content
page's front matter too (its Markdown body stays text).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from kaart.characters import INVISIBLE_RE, invisible_character
from kaart.positions import YamlDoc
from kaart.problems import Problem
from kaart.read_yaml import CONTROL_RE, EMPTY_FILE, line_col_of_offset, parse_yaml

O_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends

MAX_FILE_BYTES = 1_000_000
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 (a byte-order mark is allowed), else a located problem."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(
                path,
                line,
                column,
                "",
                f"het bestand is geen UTF-8 (byte 0x{raw[error.start]:02x}); sla het op als UTF-8",
            )
        ]
    bad = CONTROL_RE.search(text)
    if bad:
        line, column = line_col_of_offset(text, bad.start())
        return None, [
            Problem(
                path,
                line,
                column,
                "",
                f"er staat een onzichtbaar stuurteken in het bestand (code {ord(bad.group()):#04x}); haal het weg",
            )
        ]
    return text, []


def read_text_file(path: str) -> tuple[str | None, list[Problem]]:
    """A regular file inside its folder, at most MAX_FILE_BYTES, as UTF-8 text; else a problem."""
    problem = check_file(path)
    if problem:
        return None, [problem]
    # os.open/os.read: fewer system calls per file than open() (thousands of files per build).
    descriptor = os.open(path, os.O_RDONLY | O_BINARY)
    try:
        raw = b""
        while len(raw) <= MAX_FILE_BYTES and (piece := os.read(descriptor, MAX_FILE_BYTES + 1 - len(raw))):
            raw += piece
    finally:
        os.close(descriptor)
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, 1, "", f"het bestand is te groot (meer dan {MAX_FILE_BYTES // 1000} kB)")]
    return decode(path, raw)


def read_yaml_file(path: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read one YAML file from disk with every check a hostile file needs."""
    text, problems = read_text_file(path)
    if text is None:
        return None, problems
    first = text.lstrip()[:1]  # every line break is white space: the first character of the first line with any
    if not first or (
        first == "#" and all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
    ):
        return None, [Problem(path, 1, 1, "", "het bestand is leeg", code=EMPTY_FILE)]
    return parse_yaml(path, text)


def check_file(path: str) -> Problem | None:
    """A problem when `path` is not a regular file inside its folder (missing, symlinks out, folders)."""
    try:
        status = os.lstat(path)  # one system call for what is_symlink, is_dir and is_file would ask
    except FileNotFoundError:
        return Problem(path, 1, 1, "", "dit bestand ontbreekt; het is nodig voor de kaart")
    except OSError:
        return Problem(path, 1, 1, "", "dit is geen gewoon bestand")
    try:
        if stat.S_ISLNK(status.st_mode):
            p = Path(path)
            if not p.resolve().is_relative_to(p.parent.resolve()):
                return Problem(
                    path,
                    1,
                    1,
                    "",
                    "dit is een snelkoppeling naar een bestand buiten de map; zet het bestand zelf in de map",
                )
            status = os.stat(path)
    except FileNotFoundError:
        return Problem(path, 1, 1, "", "dit is een snelkoppeling naar een bestand dat niet bestaat")
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, as Python 3.11's resolve() reports it
        return Problem(path, 1, 1, "", "dit is geen gewoon bestand")
    if stat.S_ISDIR(status.st_mode):
        return Problem(path, 1, 1, "", "dit is een map, geen bestand; zet de gegevens in één .yaml-bestand")
    if not stat.S_ISREG(status.st_mode):
        return Problem(path, 1, 1, "", "dit is geen gewoon bestand")
    return None


NO_ORGANISATIONS = (
    "deze map bevat geen organisaties; zet er minstens één bestand <naam>.yaml in (python build.py "
    "nieuw \"Naam\" maakt er een), of geef met --organisations de goede map"
)


def list_yaml_folder(folder: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The (slug, path) of each .yaml file in a folder, sorted, with problems for bad names."""
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []
    if not os.path.isdir(folder):
        return [], [Problem(folder, 1, 1, "", "deze map bestaat niet")]
    seen: dict[str, str] = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or name.lower() in ("readme.md", "readme.txt", "readme"):
            continue
        stem, dot, ext = name.rpartition(".")
        if not dot or ext.lower() not in ("yaml", "yml"):
            if os.path.isdir(path):
                problems.append(
                    Problem(path, 1, 1, "", "hier hoort geen map; zet elke organisatie in één bestand <naam>.yaml")
                )
            else:
                problems.append(
                    Problem(
                        path, 1, 1, "", "dit is geen .yaml-bestand; geef het de extensie .yaml of haal het uit de map"
                    )
                )
            continue
        if ext != "yaml":
            problems.append(Problem(path, 1, 1, "", f"gebruik de extensie .yaml (niet .{ext})"))
            continue
        if not SLUG_RE.match(stem):
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"de bestandsnaam '{stem}' mag alleen kleine letters, "
                    "cijfers en streepjes bevatten, zoals 'voedselbank-noord.yaml'",
                )
            )
            continue
        if stem.lower() in seen:
            problems.append(Problem(path, 1, 1, "", f"deze naam lijkt te veel op '{seen[stem.lower()]}'"))
            continue
        seen[stem.lower()] = name
        found.append((stem, path))
    return found, problems


CONTENT_FILES = ("instellingen.yaml", "taxonomie.yaml", "synoniemen.yaml", "wegwijzer.yaml", "verhuisd.yaml")


def list_markdown_pages(folder: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The (slug, path) of each content page (<slug>.md) in a folder, sorted; problems for bad names.

    Files are found by their exact name, in lower case as slugs are: x.MD, x.markdown or
    Wegwijzer.yml would be left out without a word, so they are an error that says how to name them."""
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []
    names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    yaml_stems = {name.rpartition(".")[0]: name for name in CONTENT_FILES}
    for name in names:
        stem, dot, ext = name.rpartition(".")
        path = os.path.join(folder, name)
        meant = yaml_stems.get(stem.lower()) if ext.lower() in ("yaml", "yml") else None
        if meant and name != meant:
            problems.append(
                Problem(path, 1, 1, "", f"noem dit bestand {meant}, in kleine letters; anders wordt het niet gelezen")
            )
            continue
        if name.startswith(".") or not dot or ext.lower() not in ("md", "markdown"):
            continue
        if ext != "md":
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"gebruik de extensie .md, in kleine letters (niet .{ext}); anders komt de pagina niet op de site",
                )
            )
        elif not SLUG_RE.match(stem):
            problems.append(
                Problem(
                    path, 1, 1, "", f"de bestandsnaam '{stem}' mag alleen kleine letters, cijfers en streepjes bevatten"
                )
            )
        else:
            found.append((stem, path))
    return found, problems


FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n?", re.S)


def read_markdown_file(path: str) -> tuple[tuple[YamlDoc, str] | None, list[Problem]]:
    """A content page: front matter as YamlDoc (line numbers of the file) and its Markdown body."""
    text, problems = read_text_file(path)
    if text is None:
        return None, problems
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None, [
            Problem(path, 1, 1, "", "de pagina begint niet met gegevens tussen twee regels '---' (title, description)")
        ]
    # Pad with newlines so YAML line numbers are those of the file.
    doc, problems = parse_yaml(path, "\n" + match.group(1))
    if doc is None:
        return None, problems
    body = text[match.end() :]
    for line_number, line in enumerate(body.splitlines(), start=text.count("\n", 0, match.end()) + 1):
        if INVISIBLE_RE.search(line) and (message := invisible_character(line)) is not None:
            return None, [Problem(path, line_number, 1, "", message)]
    too_long = _long_paragraph(path, body, text.count("\n", 0, match.end()) + 1)
    return (None, [too_long]) if too_long else ((doc, body), [])


# A paragraph (or list item, heading, quote) no page really has: Python-Markdown's inline patterns
# take time in the square of a paragraph's length (bench/README.md), so a bound on it keeps a
# page's rendering linear in its size.
MAX_PARAGRAPH_CHARS = 40_000
_NEW_UNIT = re.compile(r"\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s)")  # a heading or list item (a quote's lines join)


def _long_paragraph(path: str, body: str, first_line: int) -> Problem | None:
    """A problem at the first paragraph of more than MAX_PARAGRAPH_CHARS characters, if there is one."""
    start, length = 0, 0
    for number, line in enumerate(body.split("\n"), first_line):
        if not line.strip():
            start = 0
            continue
        if not start or _NEW_UNIT.match(line):
            start, length = number, 0
        length += len(line) + 1
        if length - 1 > MAX_PARAGRAPH_CHARS:  # its last line break not counted
            limit = f"{MAX_PARAGRAPH_CHARS:,}".replace(",", ".")
            return Problem(
                path,
                start,
                1,
                "",
                f"deze alinea is langer dan {limit} tekens; zet witregels tussen "
                "de alinea's (korte alinea's lezen ook beter)",
            )
    return None
