"""What build.py does first when it runs as the program, before it imports the stages.

Two costs of every start that the build does not need:

- the cycle collector finds next to nothing to free in the imports and the reading (a few hundred
  objects, whatever the size of the map) but goes through all they make, more often as it grows:
  it is off until the files are read (build.reading_done);
- pydantic looks for plugins of other packages when it builds its first model, in every installed
  package's metadata, and imports `importlib.metadata` to do so (~0.012 s). The build uses no
  pydantic plugin: the lookup is switched off (PYDANTIC_DISABLE_PLUGINS, unless set already), and
  `importlib.metadata` is loaded only when something asks it for more than its name.

Figures: bench/README.md. Importing this module changes nothing; start() does.
"""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
import threading
import types

METADATA = "importlib.metadata"
_collector_paused = [False]


class _OnFirstUse(types.ModuleType):
    """A module that stands in for another until one of its names is asked for, then loads it."""

    _lock = threading.Lock()

    def __getattr__(self, name: str):  # only for a name the stand-in does not have itself
        with self._lock:
            real = sys.modules.get(self.__name__)
            if real is self or real is None:
                del sys.modules[self.__name__]
                real = importlib.import_module(self.__name__)
        return getattr(real, name)


def _stand_in(name: str) -> None:
    """Put a stand-in for module `name` in sys.modules, unless it is loaded already."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    module = _OnFirstUse(name)
    module.__spec__ = spec
    sys.modules[name] = module


def start() -> None:
    """The collector off and pydantic's plugin lookup skipped, for this process and its workers."""
    gc.disable()
    _collector_paused[0] = True
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _stand_in(METADATA)


def reading_done() -> None:
    """Switch the cycle collector on again if start() switched it off: what comes after the
    reading (the render, serve) makes cycles to free."""
    if _collector_paused[0]:
        _collector_paused[0] = False
        gc.enable()
