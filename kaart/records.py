"""Validated organisations kept light: the model's values in small read-only records.

A validated pydantic model carries a dict and a set of field names for every object in it,
about 8 kB per organisation; at 20,000 organisations that is what keeps the render from a
second process within the memory budget (kaart/parallel.py). Once validated, each organisation
becomes a Record with the same field names (templates and code read it the same way) and
about half the memory: slots instead of dicts, and short strings that repeat across files
(keys, gemeenten, places, times) stored once. The fields stay defined in schema.py only.
"""

from __future__ import annotations

import sys
from datetime import date

from pydantic import BaseModel

# Strings up to this length are shared between records: keys, names of places, times, "gratis".
SHARED_UP_TO = 40

_classes: dict[str, type[Record]] = {}


class Record:
    """Read-only values of one validated model, attribute for attribute."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name):
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __reduce__(self):
        """Pickled as class name and values: small, and the worker's records arrive compact."""
        return _rebuild, (type(self).__name__, tuple(getattr(self, name) for name in self._fields))

    def __eq__(self, other):
        if type(self) is not type(other):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    def __hash__(self):
        # As the frozen model's: a record that holds a list (every Organisatie) is not hashable.
        return hash(tuple(getattr(self, name) for name in self._fields))

    def __repr__(self):
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({values})"

    def model_dump(self, *, mode: str, exclude_none: bool = False) -> dict:
        """The values as JSON-ready data, as the pydantic model's model_dump(mode='json') gives them
        (only that mode: dates become text, so it is asked for by name)."""
        if mode != "json":
            raise ValueError("a Record dumps only in json mode")
        dumped = {}
        for name in self._fields:
            value = _json_value(getattr(self, name), exclude_none)
            if value is not None or not exclude_none:
                dumped[name] = value
        return dumped


def record_of(model: BaseModel) -> Record:
    """The light record of a validated model, nested models and lists included."""
    return _make(_class_of(type(model)), tuple(_light(getattr(model, name)) for name in type(model).model_fields))


def _light(value):
    """A field's value as kept in a record."""
    if isinstance(value, BaseModel):
        return record_of(value)
    if isinstance(value, list):
        return [_light(item) for item in value]
    return value


def _make(cls: type[Record], values: tuple) -> Record:
    """A record of the class with these values, short strings shared."""
    record = object.__new__(cls)
    for name, value in zip(cls._fields, values):
        if type(value) is str and len(value) <= SHARED_UP_TO:
            value = sys.intern(value)
        elif type(value) is list and value and type(value[0]) is str:
            value = [sys.intern(item) if len(item) <= SHARED_UP_TO else item for item in value]
        object.__setattr__(record, name, value)
    return record


def _class_of(model: type[BaseModel]) -> type[Record]:
    """The record class for a model class: its name and fields, made once."""
    cls = _classes.get(model.__name__)
    if cls is None:
        fields = tuple(model.model_fields)
        cls = type(model.__name__, (Record,), {"__slots__": fields, "_fields": fields, "__module__": __name__,
                                               "__doc__": model.__doc__})
        _classes[model.__name__] = cls
    return cls


def _rebuild(name: str, values: tuple) -> Record:
    """Unpickle a record (classes are made on first use, so a fresh process knows them too)."""
    if name not in _classes:
        import schema

        _class_of(getattr(schema, name))
    return _make(_classes[name], values)


def _json_value(value, exclude_none: bool):
    """One value as JSON-ready data."""
    if isinstance(value, Record):
        return value.model_dump(mode="json", exclude_none=exclude_none)
    if isinstance(value, list):
        return [_json_value(item, exclude_none) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
