"""Where each value of a YAML file stands: the positions an error or warning points at.

YamlDoc is a file as read, values with the (line, column) of every value and key;
PackedLocations keeps only the positions, small, for the warnings after validation.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


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


# One tuple per distinct location across all files (('contact', 'telefoon') is in every file).
_LOCATIONS: dict[tuple, tuple] = {}


class PackedLocations:
    """A validated file's positions, packed small: what warnings need once the values are in a model.

    A YamlDoc's dicts of tuples take ~25 kB per organisation file (0.5 GB at 20,000); this form
    takes ~2 kB: shared location tuples and one array of line/column numbers.
    """

    __slots__ = ("path", "_locations", "_places", "_values")

    def __init__(self, doc: YamlDoc):
        self.path = doc.path
        locations = list(doc.positions) + list(doc.key_positions)
        self._locations = tuple(_LOCATIONS.setdefault(loc, loc) for loc in locations)
        self._values = len(doc.positions)
        self._places = array(
            "Q", [line << 32 | column for line, column in (*doc.positions.values(), *doc.key_positions.values())]
        )

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
        place = self._places[number]
        return place >> 32, place & 0xFFFFFFFF

    def __getstate__(self):
        # Sent as packed (from a reading worker): one pickle shares the location tuples of all files.
        return self.path, self._locations, self._values, self._places

    def __setstate__(self, state) -> None:
        path, locations, self._values, self._places = state
        self.path = path
        self._locations = tuple(_LOCATIONS.setdefault(loc, loc) for loc in locations)


def nearest(loc: tuple, key: bool, place) -> tuple[int, int]:
    """place(loc, key), else the place of the nearest parent of loc that has one, else line 1."""
    found = place(loc, key)
    while found is None and loc:
        loc = loc[:-1]
        found = place(loc, False)
    return found or (1, 1)
