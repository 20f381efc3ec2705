"""The compiled templates kept between builds, in the user's cache folder (as Hugo keeps its own).

Compiling the templates a site uses is a fixed cost of every build, the largest after Python's
start on a map of one gemeente (bench/README.md); Jinja loads the compiled code back far
faster. The cache lives outside the repository and the output folder:

    KAART_CACHE=<folder>        that folder
    KAART_CACHE=uit             no cache: every build compiles its templates
    (not set)                   $XDG_CACHE_HOME/sociale-kaart, else ~/.cache/sociale-kaart

A compiled template is used only for the same template file with the same text, compiled by
the same Jinja with the same settings and filters; anything else compiles again. The cache
never fails or changes a build: a folder that cannot be made or written, a file that cannot be
read or is damaged, and the template is compiled as without a cache.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.utils import _PassArg

OFF = "uit"
FOLDER = "sociale-kaart"
FORMAT = "1"  # raise when what a key covers changes, so old files are not read as new ones


def cache_root() -> Path | None:
    """The cache folder KAART_CACHE or the system asks for, or None when it is switched off or unknown."""
    given = os.environ.get("KAART_CACHE", "")
    if given.strip().lower() == OFF:
        return None
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG rule: a relative path is to be ignored
        return Path(xdg) / FOLDER
    try:
        return Path.home() / ".cache" / FOLDER
    except RuntimeError:  # no home folder known
        return None


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """The cache of compiled templates for a Jinja environment, or None when there is none to use."""
    root = cache_root()
    if root is None:
        return None
    folder = root / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(folder):
            return None
    except OSError:
        return None
    return QuietBytecodeCache(str(folder), "%s.cache")


def _private(folder: Path) -> bool:
    """Whether only this user can write in the folder: compiled code from it is run as ours."""
    if not hasattr(os, "getuid"):
        return True
    info = folder.stat()
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def environment_signature(environment: jinja2.Environment, name: str) -> str:
    """What the compiled code of a template depends on besides its text: Jinja, Python and the settings."""
    autoescape = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    settings = (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        bool(autoescape),
        environment.finalize is not None and _PassArg.from_obj(environment.finalize),
        sorted(environment.extensions),
    )
    # A filter or test call is compiled with the arguments its kind takes (context, environment).
    callables = [
        (kind, key, str(_PassArg.from_obj(function)))
        for kind, functions in (("filter", environment.filters), ("test", environment.tests))
        for key, function in sorted(functions.items())
    ]
    return repr((FORMAT, jinja2.__version__, sys.version_info[:2], settings, callables))


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, keyed on the settings too, and silent when a file cannot be read or written."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = hashlib.sha256(f"{environment_signature(environment, name)}|{name}|{filename}".encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged or unreadable file: compile as without a cache
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a full or read-only disk: the next build compiles again
            pass
