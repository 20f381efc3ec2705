"""The fast path of the read stage: libyaml's C parser for an ordinary, valid YAML file.

libyaml gives the events (with the same marks as PyYAML's Python reader), and they are turned
into plain values and positions here, as kaart/read.py's reader would make them, several times
faster. It only answers for an ordinary, valid file; anything the Python reader would report (a
syntax error, an alias or anchor, deep nesting, a duplicate key, more than one document, a tab,
a character it refuses, a special character inside [ ] or { }) goes to that reader (parse_fast
returns None), so every message and position stays exactly its own. (Where the two parsers were
seen to differ: `?` or `:` in a plain scalar inside [ ], `>-#` after a block scalar, and a
byte-order mark inside the text, which moves libyaml's columns. Thousands of nested brackets make
libyaml slow, so many brackets go to the Python reader too, which stops at MAX_DEPTH.)
"""

from __future__ import annotations

import re

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from kaart.positions import YamlDoc

MAX_DEPTH = 12
NULL_PLAIN = {"", "~", "null", "Null", "NULL"}  # plain scalars that mean "no value"
_CLoader = getattr(yaml, "CSafeLoader", None)
# What PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FLOW_SPECIAL = re.compile(r"[\[{][^\n]*[:?#&*!|>%@`]|[|>][-+0-9]*[^-+0-9\s]")


class _Fallback(Exception):
    """The fast path met something only the Python reader reports exactly."""


def parse_fast(path: str, text: str) -> YamlDoc | None:
    """A YamlDoc from libyaml's events, or None when the Python reader must decide."""
    if (
        _CLoader is None
        or "\t" in text
        or "\ufeff" in text
        or text.count("[") + text.count("{") > 400
        or _NON_PRINTABLE.search(text)
        or _FLOW_SPECIAL.search(text)
    ):
        return None
    loader = _CLoader(text)
    try:
        events = []
        depth = 0
        while True:
            event = loader.get_event()
            if event is None:
                break
            events.append(event)
            kind = type(event)
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth >= MAX_DEPTH - 1:  # stop reading now: deep nesting is the Python reader's to report
                    return None
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
    except Exception:  # noqa: BLE001 - any complaint at all: the Python reader words it
        return None
    finally:
        loader.dispose()
    if len(events) < 5 or type(events[1]) is not DocumentStartEvent:
        return None
    doc = YamlDoc(path, None)
    try:
        end, doc.data = _events_to_value(events, 2, (), doc, 1)
    except (_Fallback, IndexError):
        return None
    if end != len(events) - 2 or type(events[end]) is not DocumentEndEvent or type(events[-1]) is not StreamEndEvent:
        return None
    return doc


def _events_to_value(events: list, at: int, loc: tuple, doc: YamlDoc, depth: int):
    """The value starting at events[at], as (index after it, value); positions as _to_value records them."""
    event = events[at]
    if depth >= MAX_DEPTH or getattr(event, "anchor", None) is not None:
        raise _Fallback
    mark = event.start_mark
    doc.positions[loc] = (mark.line + 1, mark.column + 1)
    kind = type(event)
    if kind is ScalarEvent:
        if not event.style and event.value in NULL_PLAIN:
            return at + 1, None
        return at + 1, event.value
    at += 1
    if kind is SequenceStartEvent:
        items = []
        while type(events[at]) is not SequenceEndEvent:
            at, item = _events_to_value(events, at, loc + (len(items),), doc, depth + 1)
            items.append(item)
        return at + 1, items
    if kind is MappingStartEvent:
        result: dict = {}
        while type(events[at]) is not MappingEndEvent:
            key_event = events[at]
            if type(key_event) is not ScalarEvent or key_event.anchor is not None:
                raise _Fallback
            key = key_event.value
            if key in result:
                raise _Fallback
            doc.key_positions[loc + (key,)] = (key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            at, result[key] = _events_to_value(events, at + 1, loc + (key,), doc, depth + 1)
        return at + 1, result
    raise _Fallback
