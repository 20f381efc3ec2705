"""JSON text exactly as json.dumps writes it, for the data files' many small values, with less work per call.

json.dumps builds a JSONEncoder and a C encoder for every call, which is most of its time for a
record of a few fields (a build makes tens of thousands of them), and with `indent` it runs the
pure-Python encoder. Here each C encoder is made once; indented_json walks dicts and lists itself and
hands strings and numbers to the C code.
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring

_default = json.JSONEncoder().default  # the TypeError json.dumps raises for a value it cannot write


def _encoder(sort_keys: bool, separators: tuple[str, str] = (",", ":")):
    """One value -> json.dumps(value, ensure_ascii=False, separators=separators, sort_keys=sort_keys)."""
    if c_make_encoder is None:  # a Python without the _json accelerator
        return json.JSONEncoder(ensure_ascii=False, separators=separators, sort_keys=sort_keys).encode
    # Without markers: no check for a value that contains itself (the data files' values are trees).
    item, key = separators
    chunks = c_make_encoder(None, _default, encode_basestring, None, key, item, sort_keys, False, True)
    return lambda value: "".join(chunks(value, 0))


compact_json = _encoder(sort_keys=False)
compact_json.__doc__ = 'json.dumps(value, ensure_ascii=False, separators=(",", ":"))'
sorted_json = _encoder(sort_keys=True)
sorted_json.__doc__ = 'json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)'
spaced_json = _encoder(sort_keys=False, separators=(", ", ": "))
spaced_json.__doc__ = "json.dumps(value, ensure_ascii=False): json's own separators, for values pages carry"


def indented_json(value, newline: str = "\n") -> str:
    """What json.dumps(value, ensure_ascii=False, indent=1) writes, with `newline` (a line break and
    the indent the value starts at) before each of its lines after the first."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is dict and value and all(map(str.__instancecheck__, value)):  # other keys: json's rules, below
        inner = newline + " "
        items = [
            encode_basestring(key)
            + ": "
            + (encode_basestring(item) if type(item) is str else indented_json(item, inner))
            for key, item in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if kind is list and value:
        inner = newline + " "
        items = [encode_basestring(item) if type(item) is str else indented_json(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    if value is None or kind is bool or kind is int or kind is float or (kind is list or kind is dict) and not value:
        return compact_json(value)
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", newline)  # any other type, as json does
