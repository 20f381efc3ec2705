"""Whether the editor's schema files beside the organisations folder are current, known cheaply.

Making the schema files again (kaart/schemafile.py) takes ~0.08 s: pydantic's JSON Schema, the
language list of pycountry, 200 kB of JSON. Their contents follow from a few inputs only: the
code that makes them (schema.py, kaart/schemafile.py), pydantic, pycountry's data, Python and
the vocabulary. So a build remembers, in the cache folder of kaart/template_cache.py, the SHA-256
of each file as made from those inputs, under a fingerprint of the inputs; the next build with
the same inputs compares the files on disk with the digests and makes nothing. Any other input,
no cache folder, or a cache file that cannot be read: the files are made as before. `python
build.py schema --check` never uses this: it makes the files and compares them whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pydantic
import pydantic_core

import schema

FORMAT = "1"  # raise when what a fingerprint covers changes, so old digests are not read as new ones
FOLDER = "schema-files"
# The code the schema files are made by (the models, the editor's additions).
SOURCES = (Path(schema.__file__), Path(__file__).with_name("schemafile.py"))


def _pycountry_stamp() -> list:
    """Size and time of pycountry's code and of the data the language list comes from."""
    try:
        paths = [
            os.path.join(schema.pycountry_folder("databases"), "iso639-3.json"),
            os.path.join(schema.pycountry_folder("locales"), "nl", "LC_MESSAGES", "iso639-3.mo"),
            os.path.join(os.path.dirname(schema.pycountry_folder("databases")), "__init__.py"),
        ]
    except ImportError:
        return []
    stamp = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            stamp.append((path, None))
            continue
        stamp.append((path, info.st_size, info.st_mtime_ns))
    return stamp


def fingerprint(vocab: schema.Taxonomie) -> str:
    """A digest of everything the schema files are made from."""
    digest = hashlib.sha256(FORMAT.encode())
    for path in SOURCES:
        digest.update(path.read_bytes())
    versions = (sys.version, pydantic.VERSION, pydantic_core.__version__, _pycountry_stamp())
    digest.update(repr(versions).encode())
    digest.update(repr(vocab).encode())
    return digest.hexdigest()


def _digests_of(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}


def _cache_file(key: str) -> Path | None:
    """Where the digests for `key` are kept, or None without a cache folder."""
    from kaart.template_cache import cache_root

    root = cache_root()
    return None if root is None else root / FOLDER / f"{key}.json"


def _remembered(path: Path, names) -> dict[str, str] | None:
    """The digests kept in `path`, or None when there are none (or not all, or not readable)."""
    try:
        kept = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or set(kept) != set(names) or not all(isinstance(v, str) for v in kept.values()):
        return None
    return kept


def _remember(path: Path, digests: dict[str, str]) -> None:
    """Keep the digests for a next build; a cache that cannot be written changes nothing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)  # whole or not at all, also with two builds at once
    except OSError:
        pass


def expected_digests(vocab: schema.Taxonomie) -> dict[str, str]:
    """The SHA-256 of each schema file as `python build.py schema` would write it now, by name."""
    from kaart.schemafile import SCHEMA_FILES, schema_files

    path = _cache_file(fingerprint(vocab))
    kept = None if path is None else _remembered(path, SCHEMA_FILES)
    if kept is not None:
        return kept
    digests = _digests_of(schema_files(vocab))
    if path is not None:
        _remember(path, digests)
    return digests


def outdated_names(folder: Path, vocab: schema.Taxonomie) -> list[str]:
    """The schema files in `folder` that differ from what `python build.py schema` would write now."""
    from kaart.schemafile import SCHEMA_FILES

    expected = expected_digests(vocab)
    return [name for name in SCHEMA_FILES if hashlib.sha256((folder / name).read_bytes()).hexdigest() != expected[name]]
