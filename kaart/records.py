"""Validated organisations kept light: the model's values in small read-only records.

A validated pydantic model carries a dict and a set of field names for every object in it,
about 8 kB per organisation; at 20,000 organisations that is what keeps the render from a
second process within the memory budget (kaart/parallel.py). Once validated, each organisation
becomes a Record with the same field names (templates and code read it the same way) and
about half the memory: a tuple of the values instead of dicts, and short strings that repeat
across files (keys, gemeenten, places, times) stored once. A record is made and unpickled in C
(tuple.__new__): the reading worker's 10,000 records reach the parent in a fraction of the time
a Python constructor per record would take. The fields stay defined in schema.py only.

Not collections.namedtuple, which a Record resembles: a named tuple is unpickled through a Python
__new__ per record, equals any tuple of the same values (so records of two models would), and
knows neither nested models nor model_dump.

What a record is, for an editor and a type checker: kaart/record_types.py, a Protocol per model
with each field as a read-only property of its type, generated from schema.py by
`python -m kaart.records` (tests/test_records.py fails when it is out of date). Code that takes an
organisation says `record_types.Organisatie`, not `schema.Organisatie`: a record has the
model's fields, not its methods (but model_dump in json mode).
"""

from __future__ import annotations

import sys
import types
import typing
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pydantic import BaseModel

if TYPE_CHECKING:
    import schema
    from kaart import record_types

# Strings up to this length are shared between records: keys, names of places, times, "gratis".
SHARED_UP_TO = 40

_classes: dict[str, type[Record]] = {}
_class_by_model: dict[type[BaseModel], type[Record]] = {}  # the same, found without asking for the name


class Record(tuple):
    """Read-only values of one validated model, attribute for attribute (a tuple underneath).

    Being a tuple, a record also has tuple's `count` and `index` (no field is named so), compares
    equal to a plain tuple of its values, and would go into json.dumps as a list: open data goes
    through model_dump."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __eq__(self, other):
        # Records of different models are never equal, whatever their values.
        if type(self) is not type(other):
            return NotImplemented
        return tuple.__eq__(self, other)

    def __ne__(self, other):
        if type(self) is not type(other):
            return NotImplemented
        return tuple.__ne__(self, other)

    __hash__ = tuple.__hash__  # as the frozen model's: a record that holds a list is not hashable

    def __reduce__(self):
        """Pickled as class name and values, made again by tuple.__new__ without Python code per record."""
        return tuple.__new__, (type(self), tuple(self))

    def __repr__(self):
        values = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"{type(self).__name__}({values})"

    def model_dump(self, *, mode: str, exclude_none: bool = False) -> dict:
        """The values as JSON-ready data, as the pydantic model's model_dump(mode='json') gives them
        (only that mode: dates become text, so it is asked for by name)."""
        if mode != "json":
            raise ValueError("a Record dumps only in json mode")
        dumped = {}
        for name, value in zip(self._fields, self):
            if type(value) not in _JSON_AS_THEY_ARE:  # most values are: no call for them
                value = _json_value(value, exclude_none)
            if value is not None or not exclude_none:
                dumped[name] = value
        return dumped


def record_of(model: BaseModel) -> Record:
    """The light record of a validated model, nested models and lists included."""
    cls = _class_of(type(model))
    values = model.__dict__  # where a pydantic model keeps its fields: no attribute lookup per field
    return tuple.__new__(cls, [_light(values[name]) for name in cls._fields])


def organisation_record(model: schema.Organisatie) -> record_types.Organisatie:
    """The light record of a validated organisation, typed as what it is (kaart/record_types.py)."""
    return cast("record_types.Organisatie", record_of(model))


# Values a record keeps as they are (the common ones, told apart by their exact type at once).
_AS_THEY_ARE = frozenset({type(None), bool, int, float, date})


def _light(value):
    """A field's value as kept in a record: models as records, short strings shared."""
    kind = type(value)
    if kind is str:
        return sys.intern(value) if len(value) <= SHARED_UP_TO else value
    if kind in _AS_THEY_ARE:
        return value
    if isinstance(value, BaseModel):
        return record_of(value)
    if isinstance(value, list):
        return [_light(item) for item in value]
    return value


def _class_of(model: type[BaseModel]) -> type[Record]:
    """The record class for a model class: its name and fields, made once per process."""
    cls = _class_by_model.get(model)
    if cls is not None:
        return cls
    cls = _classes.get(model.__name__)
    if cls is None:
        fields = tuple(model.model_fields)
        attributes = {name: property(itemgetter(number), doc=f"the field {name}") for number, name in enumerate(fields)}
        cls = type(
            model.__name__,
            (Record,),
            {
                "__slots__": (),
                "_fields": fields,
                "__module__": __name__,
                "__qualname__": model.__name__,
                "__doc__": model.__doc__,
                **attributes,
            },
        )
        _classes[model.__name__] = cls
    _class_by_model[model] = cls
    return cls


def __getattr__(name: str) -> type[Record]:
    """A record class by its model's name (kaart.records.Organisatie): pickle looks it up here, also
    in a process that has made none yet."""
    import schema

    model = getattr(schema, name, None)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return _class_of(model)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Values that are JSON-ready as they are (told apart by their exact type at once).
_JSON_AS_THEY_ARE = frozenset({str, type(None), bool, int, float})


def _json_value(value, exclude_none: bool):
    """One value as JSON-ready data."""
    if isinstance(value, Record):
        return value.model_dump(mode="json", exclude_none=exclude_none)
    if isinstance(value, list):
        return [item if type(item) in _JSON_AS_THEY_ARE else _json_value(item, exclude_none) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- the record types, for editors and type checkers ------------------------------------------

PROTOCOLS_FILE = Path(__file__).with_name("record_types.py")
PROTOCOLS_HEADER = '''"""What a record of each model of schema.py holds: its fields, read-only (kaart/records.py).

Generated from schema.py by `python -m kaart.records`; do not edit. tests/test_records.py fails
when it is out of date. A record has these properties and model_dump in json mode, nothing else
of the pydantic model.
"""

from __future__ import annotations

{imports}


@runtime_checkable
class Record(Protocol):
    """What every record has besides its fields."""

    def model_dump(self, *, mode: str, exclude_none: bool = False) -> dict[str, Any]: ...
'''


def protocols_source(root: type[BaseModel]) -> str:
    """The source of kaart/record_types.py: a Protocol for `root` and every model inside it, in the
    order they are first met."""
    models: list[type[BaseModel]] = [root]
    names: set[str] = {"Any", "Protocol", "runtime_checkable"}
    classes = []
    for model in models:  # grows while it is walked: each nested model once
        lines = [
            "",
            "",
            "@runtime_checkable",
            f"class {model.__name__}(Record, Protocol):",
            f'    """A light record of schema.{model.__name__}."""',
        ]
        for name, info in model.model_fields.items():
            lines += ["", "    @property", f"    def {name}(self) -> {_type_text(info.annotation, models, names)}: ..."]
        classes.append("\n".join(lines))
    imports = []
    if "date" in names:
        imports.append("from datetime import date")
    imports.append(f"from typing import {', '.join(sorted(names - {'date'}))}")
    return PROTOCOLS_HEADER.format(imports="\n".join(imports)) + "\n".join(classes) + "\n"


def _type_text(annotation, models: list[type[BaseModel]], names: set[str]) -> str:
    """A field's type as a record holds it, as source text; a nested model is its record's Protocol."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_text(args[0], models, names)
    if annotation is type(None):
        return "None"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in models:
            models.append(annotation)
        return annotation.__name__
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_text(arg, models, names) for arg in args)
    if origin is typing.Literal:
        names.add("Literal")
        return f"Literal[{', '.join(repr(arg) for arg in args)}]"
    if origin in (list, dict, tuple):
        return f"{origin.__name__}[{', '.join(_type_text(arg, models, names) for arg in args)}]"
    if annotation is date:
        names.add("date")
    if annotation in (str, int, float, bool, date):
        return annotation.__name__
    raise TypeError(f"no record type for {annotation!r}: teach _type_text it")


if __name__ == "__main__":
    import schema as _schema

    PROTOCOLS_FILE.write_text(protocols_source(_schema.Organisatie), encoding="utf-8")
    print(f"Geschreven: {PROTOCOLS_FILE.name}")
