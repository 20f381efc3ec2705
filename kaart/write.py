"""Write stage: all files into a temporary folder beside the output, then swap it into place.

A failed build never touches the existing output. The guard refuses any output folder
that could hold something else than a previous build: the repository, a parent of it,
a source folder, or a non-empty folder without our marker file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from kaart.problems import UsageError

MARKER = ".sociale-kaart"


def check_output_folder(out: Path, repo: Path, sources: list[Path]) -> None:
    """Refuse an output folder whose replacement could destroy sources or other files."""
    target = out.resolve()
    if target == repo.resolve() or repo.resolve().is_relative_to(target):
        raise UsageError(f"'{out}' is de map van het project zelf of een map erboven; kies een eigen map, "
                         "zoals site/")
    for source in sources:
        source = source.resolve()
        if target == source or target.is_relative_to(source) or source.is_relative_to(target):
            raise UsageError(f"'{out}' valt samen met de bronmap '{source.name}'; kies een andere map")
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        raise UsageError(f"'{out}' bestaat al en is geen uitvoer van deze bouw; kies een lege of nieuwe map")


def write_atomically(files: dict[str, bytes], out: Path) -> None:
    """Write every file into a fresh folder beside `out`, then put it in the place of `out`."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-nieuw-", dir=out.parent))
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        (staging / MARKER).write_bytes(b"")
        os.chmod(staging, 0o755)
        swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames, so `out` is never half-written."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-oud-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, out)


def write_in_place(files: dict[str, bytes], out: Path) -> list[str]:
    """Rewrite only the files whose bytes changed (serve mode); returns what was written."""
    written = []
    for relative, content in sorted(files.items()):
        target = Path(out) / relative
        if target.exists() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written.append(relative)
    return written
