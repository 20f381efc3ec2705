"""Validated organisations kept light: the model's values in small read-only records.

A validated pydantic model carries a dict and a set of field names for every object in it,
about 8 kB per organisation; at 20,000 organisations that is what keeps the render from a
second process within the memory budget (kaart/parallel.py). Once validated, each organisation
becomes a Record with the same field names (templates and code read it the same way) and
about half the memory: a tuple of the values instead of dicts, and short strings that repeat
across files (keys, gemeenten, places, times) stored once. A record is made and unpickled in C
(tuple.__new__): the reading worker's 10,000 records reach the parent in a fraction of the time
a Python constructor per record would take. The fields stay defined in schema.py only.
"""

from __future__ import annotations

import sys
from datetime import date
from operator import itemgetter

from pydantic import BaseModel

# Strings up to this length are shared between records: keys, names of places, times, "gratis".
SHARED_UP_TO = 40

_classes: dict[str, type[Record]] = {}


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
            value = _json_value(value, exclude_none)
            if value is not None or not exclude_none:
                dumped[name] = value
        return dumped


def record_of(model: BaseModel) -> Record:
    """The light record of a validated model, nested models and lists included."""
    cls = _class_of(type(model))
    return tuple.__new__(cls, (_light(getattr(model, name)) for name in cls._fields))


def _light(value):
    """A field's value as kept in a record: models as records, short strings shared."""
    if isinstance(value, BaseModel):
        return record_of(value)
    if type(value) is str:
        return sys.intern(value) if len(value) <= SHARED_UP_TO else value
    if isinstance(value, list):
        return [_light(item) for item in value]
    return value


def _class_of(model: type[BaseModel]) -> type[Record]:
    """The record class for a model class: its name and fields, made once per process."""
    cls = _classes.get(model.__name__)
    if cls is None:
        fields = tuple(model.model_fields)
        attributes = {name: property(itemgetter(number), doc=f"the field {name}")
                      for number, name in enumerate(fields)}
        cls = type(model.__name__, (Record,), {"__slots__": (), "_fields": fields, "__module__": __name__,
                                               "__qualname__": model.__name__, "__doc__": model.__doc__,
                                               **attributes})
        _classes[model.__name__] = cls
    return cls


def __getattr__(name: str) -> type[Record]:
    """A record class by its model's name (kaart.records.Organisatie): pickle looks it up here, also
    in a process that has made none yet."""
    import schema

    model = getattr(schema, name, None)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return _class_of(model)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _json_value(value, exclude_none: bool):
    """One value as JSON-ready data."""
    if isinstance(value, Record):
        return value.model_dump(mode="json", exclude_none=exclude_none)
    if isinstance(value, list):
        return [_json_value(item, exclude_none) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
