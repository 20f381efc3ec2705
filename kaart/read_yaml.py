"""Read stage, YAML: a file's text in, plain values with the line and column of each out.

Every YAML scalar is read as the text the editor typed (as a YAML 1.2 editor shows it),
never through YAML 1.1's implicit types: `0301234567`, `9:30` and `no` stay text, and the
schema decides what each field is. Positions of every value and key are kept so that a
validation error can point at the line. An ordinary file takes libyaml's fast path
(kaart/read_fast.py); anything else PyYAML's Python reader, whose problems are said again
here in plain Dutch. (The files themselves are found and read in kaart/read_files.py.)
"""

from __future__ import annotations

import re

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from kaart.characters import INVISIBLE_RE, invisible_character
from kaart.positions import YamlDoc, dotted
from kaart.problems import Problem
from kaart.read_fast import MAX_DEPTH, NULL_PLAIN, parse_fast

EMPTY_FILE = "empty-file"  # Problem.code of a file with nothing in it (content/verhuisd.yaml may be so)
# Control characters (C0 but tab and line breaks, DEL, C1 but NEL): invisible, and never wanted on a page.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
SUSPECT_RE = re.compile(CONTROL_RE.pattern[:-1] + INVISIBLE_RE.pattern[1:])  # either kind (kaart/characters.py)
# Every character any check of a text looks for: SUSPECT_RE's, a tab, and what the YAML reader refuses
# (read_fast's _NON_PRINTABLE; tests/test_read_fast.py holds it to that). A text without any, nearly
# every file, is searched once instead of once per check.
ODD_RE = re.compile(SUSPECT_RE.pattern[:-1] + "\t\ufffe\uffff]")

# PyYAML's English problem texts, as plain Dutch an editor can act on: (English in the problem or
# its context, Dutch). The first that matches wins; what none matches gets YAML_UNKNOWN, never English.
TAG = "een ! aan het begin van een waarde mag niet (een YAML-label); zet de tekst tussen aanhalingstekens"
DIRECTIVE = "een regel die met % begint (een YAML-instructie) mag niet; haal hem weg"
YAML_PROBLEMS = [
    ("found character '\\t'", "er staat een tab; spring in met spaties"),
    ("found unknown escape character", "onbekende code na een \\ in tekst tussen dubbele aanhalingstekens"),
    (
        "expected escape sequence",
        (
            "na \\x, \\u of \\U horen 2, 4 of 8 cijfers of letters a-f; bedoelt u een \\? "
            "Schrijf dan \\\\, of zet de tekst tussen enkele aanhalingstekens"
        ),
    ),
    ("while scanning a directive", DIRECTIVE),
    ("YAML directive", DIRECTIVE),
    ("incompatible YAML document", DIRECTIVE),
    ("expected '<document start>'", "een regel met % of ... hierboven hoort niet in het bestand; haal hem weg"),
    ("tag handle", TAG),
    ("while parsing a tag", TAG),
    ("while scanning a tag", TAG),
    ("non-specific tag", TAG),
    ("duplicate anchor", "een & met een naam (een anker) mag niet; zet de tekst tussen aanhalingstekens"),
    (
        "while scanning a block scalar",
        (
            "na | of > mag op dezelfde regel alleen - of + of een cijfer van 1 tot 9 "
            "staan; begin de tekst op de volgende regel"
        ),
    ),
    ("cannot start any token", "dit teken mag hier niet staan; zet de tekst tussen aanhalingstekens"),
    ("could not find expected ':'", "er ontbreekt een dubbele punt (:) na de veldnaam"),
    ("mapping values are not allowed here", "hier mag geen dubbele punt staan; zet de tekst tussen aanhalingstekens"),
    ("mapping keys are not allowed here", "hier mag geen ? staan; zet de tekst tussen aanhalingstekens"),
    (
        "sequence entries are not allowed here",
        (
            "hier mag geen lijstregel (- ...) beginnen; zet een lijst op nieuwe "
            "regels onder de veldnaam, of de tekst tussen aanhalingstekens"
        ),
    ),
    (
        "expected the node content",
        (
            "hier ontbreekt een waarde, of er staat een teken dat geen waarde kan "
            "beginnen; zet de tekst tussen aanhalingstekens"
        ),
    ),
    ("expected <block end>", "de inspringing klopt niet; zet velden van hetzelfde niveau recht onder elkaar"),
    ("found unexpected end of stream", "het bestand houdt onverwacht op; ontbreekt er een aanhalingsteken?"),
    ("found unexpected ':'", "hier mag geen dubbele punt staan; zet de tekst tussen aanhalingstekens"),
    ("expected ',' or ']'", "een lijst tussen [ ] is niet goed gesloten"),
    ("expected ',' or '}'", "een blok tussen { } is niet goed gesloten"),
    ("found undefined alias", "er staat een verwijzing (*) naar iets dat niet bestaat"),
    ("expected a single document", "het bestand bevat meer dan één document (---); gebruik er één"),
    ("special characters are not allowed", "er staat een onzichtbaar of ongeldig teken"),
    ("expected alphabetic or numeric character", "een & of * moet gevolgd worden door een naam"),
    (
        "expected a comment or a line break",
        (
            "na deze waarde mag op dezelfde regel niets meer staan (alleen "
            "commentaar na #); zet de tekst tussen aanhalingstekens"
        ),
    ),
]
YAML_UNKNOWN = "de YAML klopt hier niet; kijk naar de inspringing, de dubbele punten en de aanhalingstekens"


class _TextLoader(yaml.SafeLoader):
    """A composer that refuses aliases and deep nesting, with a located error for each."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem="verwijzingen met * (aliassen) zijn niet toegestaan; schrijf de waarde voluit",
                problem_mark=mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.MarkedYAMLError(
                    problem=f"het bestand is te diep genest (meer dan {MAX_DEPTH} niveaus)",
                    problem_mark=self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _yaml_problem(path: str, text: str, error: yaml.YAMLError) -> Problem:
    """Turn a PyYAML error into one Dutch problem line."""
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if "quoted scalar" in context and getattr(error, "context_mark", None):
        # The end of the file is where PyYAML notices; the opening quote is what to fix.
        mark = error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if isinstance(error, yaml.reader.ReaderError):
        line, column = line_col_of_offset(text, error.position)
        return Problem(path, line, column, "", "er staat een ongeldig teken in het bestand; haal het weg")
    problem = str(getattr(error, "problem", "") or error)
    if "quoted scalar" in context and "escape" not in problem:
        return Problem(
            path, line, column, "", "dit aanhalingsteken wordt niet gesloten; zet er een aan het eind van de tekst"
        )
    if "escape" in problem and getattr(error, "problem_mark", None):
        line, column = error.problem_mark.line + 1, error.problem_mark.column + 1  # at the code, not the quote
    for english, dutch in YAML_PROBLEMS:
        if english in problem or english in context:
            return Problem(path, line, column, "", dutch)
    if not problem.isascii() or problem.startswith(("verwijzingen", "het bestand")):
        return Problem(path, line, column, "", problem)  # our own, from _TextLoader
    return Problem(path, line, column, "", YAML_UNKNOWN)


def line_col_of_offset(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in text."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def parse_yaml(path: str, text: str) -> tuple[YamlDoc | None, list[Problem]]:
    """YAML text to plain values (every scalar as its text), or located problems."""
    plain = not ODD_RE.search(text)
    doc = parse_fast(path, text, plain)
    if doc is not None:
        return (doc, []) if plain and "\\" not in text else _without_control_characters(doc, text)
    loader = None
    try:
        loader = _TextLoader(text)
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        return None, [_yaml_problem(path, text, error)]
    except RecursionError:
        return None, [Problem(path, 1, 1, "", "het bestand is te diep genest")]
    finally:
        if loader is not None:
            loader.dispose()
    doc = YamlDoc(path, None)
    problems: list[Problem] = []
    if node is None:
        return None, [Problem(path, 1, 1, "", "het bestand is leeg", code=EMPTY_FILE)]
    doc.data = _to_value(node, (), doc, problems)
    if problems:
        return None, problems
    return _without_control_characters(doc, text)


def _without_control_characters(doc: YamlDoc, text: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Refuse control characters written as escapes ("\\x07"): the raw-text check cannot see them.
    Invisible characters that change how a text reads (U+202E) are refused here too, with their code."""
    if "\\" not in text and not SUSPECT_RE.search(text):
        # A value holds only characters of its text, line breaks and spaces, but for an escape: so
        # a text without a backslash and without either kind of character has no value to look at.
        return doc, []
    problems = []

    def walk(value, loc: tuple) -> None:
        if isinstance(value, str):
            if not SUSPECT_RE.search(value):
                return  # nearly every value: one search for both kinds of character
            if CONTROL_RE.search(value):
                problems.append(
                    Problem(
                        doc.path,
                        *doc.where(loc),
                        dotted(loc),
                        "er staat een onzichtbaar stuurteken in deze tekst; haal het weg",
                    )
                )
            elif (message := invisible_character(value)) is not None:
                problems.append(Problem(doc.path, *doc.where(loc), dotted(loc), message))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, loc + (key,))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                walk(item, loc + (number,))

    walk(doc.data, ())
    return (None, problems) if problems else (doc, [])


def _to_value(node, loc: tuple, doc: YamlDoc, problems: list[Problem]):
    """A composed YAML node to str/list/dict, recording positions; duplicates are problems."""
    doc.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in NULL_PLAIN:
            return None
        return node.value
    if isinstance(node, SequenceNode):
        return [_to_value(item, loc + (i,), doc, problems) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, ScalarNode):
                problems.append(Problem(doc.path, *key_pos, dotted(loc), "een veldnaam moet gewone tekst zijn"))
                continue
            key = key_node.value
            if key in result:
                first = doc.key_positions[loc + (key,)]
                problems.append(
                    Problem(
                        doc.path,
                        *key_pos,
                        dotted(loc + (key,)),
                        f"'{key}' staat hier twee keer (eerst op regel {first[0]}); haal er één weg",
                    )
                )
                continue
            doc.key_positions[loc + (key,)] = key_pos
            result[key] = _to_value(value_node, loc + (key,), doc, problems)
        return result
    raise TypeError(f"unexpected YAML node {node!r}")
