"""Where each value of a YAML file stands: the positions an error or warning points at.

YamlDoc is a file as read, values with the (line, column) of every value and key (a location is a
tuple of keys and list indexes, shown to editors as `dotted`);
PackedLocations keeps only the positions, small, for the warnings after validation.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from itertools import chain


@dataclass
class YamlDoc:
    """A YAML file read as plain values, with the (line, column) of each value and key."""

    path: str
    data: object
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        """The line and column of `loc`, or of its nearest parent that exists."""
        return nearest(tuple(loc), key, lambda at, of_key: (self.key_positions if of_key else self.positions).get(at))


# An unsigned type of 32 bits or more, as a line or column of a file of up to 1 MB needs (4 bytes where it can).
_NUMBER = "I" if array("I").itemsize >= 4 else "L"
# One tuple per distinct location across all files (('contact', 'telefoon') is in every file).
_LOCATIONS: dict[tuple, tuple] = {}


class PackedLocations:
    """A validated file's positions, packed small: what warnings need once the values are in a model.

    A YamlDoc's dicts of tuples take ~25 kB per organisation file (0.5 GB at 20,000); this form
    takes ~2 kB: shared location tuples and one array of line and column numbers, two per location.
    """

    __slots__ = ("path", "_locations", "_places", "_values")

    def __init__(self, doc: YamlDoc):
        self.path = doc.path
        locations = [*doc.positions, *doc.key_positions]
        self._locations = tuple(map(_LOCATIONS.setdefault, locations, locations))
        self._values = len(doc.positions)
        self._places = array(_NUMBER, chain.from_iterable((*doc.positions.values(), *doc.key_positions.values())))

    def where(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        """The line and column of `loc`, or of its nearest parent that exists (as YamlDoc.where)."""
        return nearest(tuple(loc), key, self._place)

    def _place(self, loc: tuple, key: bool) -> tuple[int, int] | None:
        """Where the value (or the key) at `loc` stands, None if the file has no such location."""
        start, stop = (self._values, len(self._locations)) if key else (0, self._values)
        try:
            number = self._locations.index(loc, start, stop)
        except ValueError:
            return None
        return self._places[2 * number], self._places[2 * number + 1]

    def __getstate__(self):
        # Sent as packed (from a reading worker): one pickle shares the location tuples of all files.
        return self.path, self._locations, self._values, self._places

    def __setstate__(self, state) -> None:
        # Kept as they come: the files of one pickle share their tuples already, and sharing them with
        # this process's own too would save a few hundred tuples for a lookup per location (~1 ms at
        # 300 organisations, in the parent while it waits to render).
        self.path, self._locations, self._values, self._places = state


def nearest(loc: tuple, key: bool, place) -> tuple[int, int]:
    """place(loc, key), else the place of the nearest parent of loc that has one, else line 1."""
    found = place(loc, key)
    while found is None and loc:
        loc = loc[:-1]
        found = place(loc, False)
    return found or (1, 1)


def dotted(loc: tuple) -> str:
    """('locaties', 0, 'van') -> 'locaties[0].van', the field path editors see."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
