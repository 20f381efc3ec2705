"""The fast path of the read stage: libyaml's C parser for an ordinary, valid YAML file.

libyaml gives the events (with the same marks as PyYAML's Python reader), and they are turned into
plain values and positions here, as kaart/read_yaml.py's Python reader would make them, several
times faster. It only answers for an ordinary, valid file; anything the Python reader would report
(a syntax error, an alias or anchor, deep nesting, a duplicate key, more than one document, a tab,
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
    StreamStartEvent,
)

from kaart.positions import YamlDoc

MAX_DEPTH = 12
NULL_PLAIN = {"", "~", "null", "Null", "NULL"}  # plain scalars that mean "no value"
_CLoader = getattr(yaml, "CSafeLoader", None)
# What PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A special character after [ or { on its line, or a block scalar's header with more than - + and
# digits: left to the Python reader. (Two patterns, each starting with its one character set: the
# regular expression engine skips to such a character at C speed, an alternation it tries everywhere.)
_FLOW_SPECIAL = re.compile(r"[\[{][^\n:?#&*!|>%@`]*[:?#&*!|>%@`]")
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[^-+0-9\s]")


class _Fallback(Exception):
    """The fast path met something only the Python reader reports exactly."""


def parse_fast(path: str, text: str, plain: bool = False) -> YamlDoc | None:
    """A YamlDoc from libyaml's events, or None when the Python reader must decide. `plain`: the
    caller found none of the characters of kaart/read_yaml.py's ODD_RE (no tab, no byte-order mark,
    nothing _NON_PRINTABLE), so they are not searched for again."""
    if (
        _CLoader is None
        or (not plain and ("\t" in text or "\ufeff" in text or _NON_PRINTABLE.search(text)))
        or text.count("[") + text.count("{") > 400
        or _FLOW_SPECIAL.search(text)
        or _BLOCK_HEADER.search(text)
    ):
        return None
    loader = _CLoader(text)
    doc = YamlDoc(path, None)
    try:
        doc.data = _values(loader.get_event, doc.positions, doc.key_positions)
    except Exception:  # noqa: BLE001 - any complaint at all (libyaml's or _Fallback): the Python reader words it
        return None
    finally:
        loader.dispose()
    return doc


def _values(get_event, positions: dict, key_positions: dict):
    """The one document's value, read event by event as they come, with the positions that
    kaart/read_yaml.py's _to_value records (in the same order); _Fallback for anything else."""
    if type(get_event()) is not StreamStartEvent or type(get_event()) is not DocumentStartEvent:
        raise _Fallback
    stack = []  # the (container, loc, key) of each enclosing collection
    container = None  # the dict or list being filled; None while the root value is read
    loc = ()  # where that container stands
    key = None  # in a mapping: the key whose value comes next; None when a key comes next
    here = ()  # where the next value stands (in a mapping: set with its key)
    while True:
        event = get_event()
        kind = type(event)
        if key is None and type(container) is dict:
            if kind is ScalarEvent and event.anchor is None:
                key = event.value
                if key in container:
                    raise _Fallback
                here = loc + (key,)
                mark = event.start_mark
                key_positions[here] = (mark.line + 1, mark.column + 1)
                continue
            if kind is not MappingEndEvent:
                raise _Fallback
            value = container
            container, loc, key, here = stack.pop()
        elif kind is ScalarEvent:
            if event.anchor is not None:
                raise _Fallback
            if type(container) is list:
                here = loc + (len(container),)
            mark = event.start_mark
            positions[here] = (mark.line + 1, mark.column + 1)
            value = event.value
            if not event.style and value in NULL_PLAIN:
                value = None
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or len(stack) >= MAX_DEPTH - 2:  # deep nesting: the Python reader's
                raise _Fallback
            if type(container) is list:
                here = loc + (len(container),)
            mark = event.start_mark
            positions[here] = (mark.line + 1, mark.column + 1)
            stack.append((container, loc, key, here))
            container, loc, key = ({} if kind is MappingStartEvent else []), here, None
            continue
        elif kind is SequenceEndEvent and type(container) is list:
            value = container
            container, loc, key, here = stack.pop()
        else:
            raise _Fallback  # an alias, or a document without a value
        if container is None:
            break
        if key is None:
            container.append(value)
        else:
            container[key] = value
            key = None
    if type(get_event()) is not DocumentEndEvent or type(get_event()) is not StreamEndEvent or get_event() is not None:
        raise _Fallback
    return value
