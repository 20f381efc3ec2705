"""What build.py does first when it runs as the program, before it imports the stages.

Two costs of every start that the build does not need:

- the cycle collector finds next to nothing to free in the imports and the reading (a few hundred
  objects, whatever the size of the map) but goes through all they make, more often as it grows:
  it is off until the files are read (reading_done), and then leaves what they made alone;
- pydantic looks for plugins of other packages when it builds its first model, in every installed
  package's metadata, and imports `importlib.metadata` to do so (~0.012 s). The build uses no
  pydantic plugin: the lookup is switched off (PYDANTIC_DISABLE_PLUGINS, unless set already), and
  `importlib.metadata` is loaded only when something asks it for more than its name.

And one thing that can start at once: git's history of the organisations folder (ask_git_early),
so that git runs on the other core while this one imports the build.

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
READING_COMMANDS = ("build", "check", "rapport", "serve")  # build.py's commands that read the map
OTHER_COMMANDS = ("schema", "nieuw", "-h", "--help")
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
    # As an import would: `import importlib.metadata` then `importlib.metadata.version(...)` finds it
    # (and the real module's import puts itself there in its place).
    package, _, child = name.rpartition(".")
    if package:
        setattr(sys.modules[package], child, module)


def start() -> None:
    """The collector off and pydantic's plugin lookup skipped, for this process and its workers."""
    gc.disable()
    _collector_paused[0] = True
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _stand_in(METADATA)


def organisations_named(argv: list[str]) -> str | None:
    """The organisations folder a command line that reads the map names (build, check, rapport,
    serve), by a quick look at it before argparse is imported; None for another command or help.

    Only a guess for git to start with: a form this look does not know (`--organ X`) gives the
    default, and the build then asks git again for the folder argparse found."""
    if not argv or argv[0] not in (*READING_COMMANDS, *OTHER_COMMANDS):
        argv = ["build", *argv]  # as build.main: no command is a build
    if argv[0] not in READING_COMMANDS or "-h" in argv or "--help" in argv:
        return None
    folder = "organisations"
    for number, argument in enumerate(argv):
        if argument == "--organisations" and number + 1 < len(argv):
            folder = argv[number + 1]
        elif argument.startswith("--organisations="):
            folder = argument.partition("=")[2]
    return folder


def ask_git_early(argv: list[str]) -> None:
    """Start git's history of the organisations folder the command line names, if it reads one."""
    folder = organisations_named(argv)
    if folder is not None:
        from kaart.history import start_early

        start_early(folder)


def reading_done() -> None:
    """Switch the cycle collector on again if start() switched it off: what comes after the
    reading (the render, serve) makes cycles to free. What the imports and the reading made is set
    aside first (gc.freeze): its first pass would go through all of it, to free next to nothing,
    while the build waits (the next fork lets it go again, parallel.thaw_shared)."""
    if _collector_paused[0]:
        _collector_paused[0] = False
        gc.freeze()
        gc.enable()
