"""Write stage: files into a temporary folder beside the output as they are made, then a swap.

Nothing of the site is held in memory: each file goes to disk when it is rendered, by
whichever process rendered it. A failed build never touches the existing output and leaves
no temporary folder behind. A killed one cannot clean up: its temporary folders carry its
process id in their name (`.site-nieuw-<pid>-…`, `.site-oud-<pid>-…`), so the next build
removes those whose process is gone and leaves those of a build or serve that still runs.

The guard refuses any output folder that could hold something else than a previous build of
the same kind: the repository, a parent of it, a source folder, a non-empty folder without
our marker file, or the other kind of build (the marker says which: public or partner).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kaart.parallel import signals_held, stop_workers
from kaart.problems import UsageError
from kaart.read_files import O_BINARY
from kaart.stopping import stop_if_asked

MARKER = ".sociale-kaart"  # holds the kind of build that made the folder: PUBLIC or PARTNER
PUBLIC, PARTNER = "openbaar", "partners"
WRITE_BUFFER = 1 << 18  # bytes of a file written in pieces that go to disk at a time


def whole(content: bytes | Iterable[bytes]) -> bytes:
    """The bytes of a file handed over whole or in pieces, as one bytes object."""
    return bytes(content) if isinstance(content, (bytes, bytearray, memoryview)) else b"".join(content)


def _write_fully(descriptor: int, data) -> None:
    """os.write until every byte is written (it may write less at a time)."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def check_output_folder(out: Path, repo: Path, sources: list[Path], kind: str = PUBLIC) -> None:
    """Refuse an output folder whose replacement could destroy sources, other files, or the other
    kind of build (a partner build must never take the place of the public site, nor the reverse)."""
    target = out.resolve()
    if target == repo.resolve() or repo.resolve().is_relative_to(target):
        raise UsageError(f"'{out}' is de map van het project zelf of een map erboven; kies een eigen map, zoals site/")
    for source in sources:
        source = source.resolve()
        if target == source or target.is_relative_to(source) or source.is_relative_to(target):
            raise UsageError(f"'{out}' valt samen met de bronmap '{source.name}'; kies een andere map")
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())):
        raise UsageError(f"'{out}' bestaat al en is geen uitvoer van deze bouw; kies een lege of nieuwe map")
    made_by = kind_of_output(target)
    if made_by is not None and made_by != kind:
        what = {PUBLIC: "de openbare site", PARTNER: "de partnerversie (met contactpersonen)"}
        raise UsageError(
            f"'{out}' bevat {what[made_by]}; deze bouw maakt {what[kind]} en vervangt die niet. "
            "Verwijder de map of kies een andere met --out"
        )


def kind_of_output(folder: Path) -> str | None:
    """Which kind of build made this output folder (PUBLIC or PARTNER), or None when none did."""
    try:
        recorded = (folder / MARKER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if recorded in (PUBLIC, PARTNER):
        return recorded
    # A folder from before the kind was recorded: a partner build's robots.txt disallows all.
    try:
        robots = (folder / "robots.txt").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        robots = []
    return PARTNER if "Disallow: /" in robots else PUBLIC


class Staging:
    """A fresh folder beside `out` that files are written into one by one, then swapped into place.

    Call it as write(relative path, bytes or an iterable of bytes). A forked render process may write into it as well
    (`on_disk`): every file goes straight to disk, nothing is kept in memory. commit() puts the
    folder in the place of `out`; abort() removes it and leaves `out` as it was.
    """

    on_disk = True

    def __init__(self, out: Path, kind: str = PUBLIC):
        self.out, self.kind = Path(out), kind
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out)
        self.folder = tempfile.mkdtemp(prefix=temporary_prefix(self.out, "nieuw"), dir=self.out.parent)
        self._made: set[str] = set()  # folders known to exist, to spare a system call per file

    def __call__(self, relative: str, content: bytes | Iterable[bytes]) -> None:
        """Write one file, whole or piece by piece as the pieces are made; a second file at the same
        path is an error, whichever process wrote the first."""
        target = os.path.join(self.folder, relative)
        folder = os.path.dirname(target)
        if folder not in self._made:
            self._make_folder(folder)
        # os.open, not open(): Python's file object costs two more system calls per file (fstat,
        # isatty), and a site is thousands of small files (bench/README.md).
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_BINARY, 0o666)
        try:
            if isinstance(content, (bytes, bytearray, memoryview)):
                _write_fully(descriptor, content)
            else:
                buffer = bytearray()
                for piece in content:
                    buffer += piece
                    if len(buffer) >= WRITE_BUFFER:
                        _write_fully(descriptor, buffer)
                        buffer.clear()
                _write_fully(descriptor, buffer)
        finally:
            os.close(descriptor)

    def _make_folder(self, folder: str) -> None:
        """Make a folder of the site, and its parents first when they are missing.

        One mkdir for a folder whose parent exists: os.makedirs would look at the parent first
        (a stat per folder), and a site is hundreds of folders (bench/README.md)."""
        try:
            os.mkdir(folder)
        except FileExistsError:  # the other render process made it first
            pass
        except FileNotFoundError:
            if folder == self.folder:  # the staging folder itself is gone: removed by abort()
                raise
            self._make_folder(os.path.dirname(folder))
            self._make_folder(folder)
        self._made.add(folder)

    def commit(self) -> None:
        """Mark the folder as our output and swap it into the place of `out`."""
        try:
            Path(self.folder, MARKER).write_bytes(f"{self.kind}\n".encode())
            os.chmod(self.folder, 0o755)
        except BaseException:
            self.abort()
            raise
        try:
            with signals_held():  # Ctrl+C or a stop between the two renames would leave no output
                swap_into_place(Path(self.folder), self.out)
        except BaseException:
            self.abort()  # the swap put the previous output back; only the new folder goes
            raise

    def abort(self) -> None:
        """Remove the folder and everything written into it; `out` stays as it was."""
        stop_workers()  # none may go on writing into the folder while it is removed
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def staged(out: Path, kind: str = PUBLIC) -> Iterator[Staging]:
    """A Staging for `out`: swapped into place when the block ends well, removed on any error."""
    staging = Staging(out, kind)
    try:
        yield staging
        stop_if_asked()  # a stop signal during the build: the previous output stays, even if its interrupt was lost
    except BaseException:
        staging.abort()
        raise
    staging.commit()


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames, so `out` is never half-written."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=temporary_prefix(out, "oud"), dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
        try:
            os.rename(staging, out)
        except BaseException:
            os.rename(old, out)  # the previous output back in its place
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, out)


def temporary_prefix(out: Path, kind: str) -> str:
    """The name start of a temporary folder beside `out` ('nieuw' or 'oud'), with this process's id."""
    return f".{out.name}-{kind}-{os.getpid()}-"


def remove_leftovers(out: Path) -> None:
    """Remove the temporary folders beside `out` of builds whose process is gone (killed ones).

    One killed between the two renames of a swap left no `out`: its previous output goes back.
    """
    start = f".{out.name}-"
    for entry in sorted(os.scandir(out.parent), key=lambda entry: entry.name):
        kind, _, rest = entry.name[len(start) :].partition("-")
        pid, _, _ = rest.partition("-")
        if not entry.name.startswith(start) or kind not in ("nieuw", "oud") or not pid.isdigit():
            continue
        if process_runs(int(pid)):
            continue
        if kind == "oud" and not os.path.lexists(out):
            os.rename(entry.path, out)
        else:
            shutil.rmtree(entry.path, ignore_errors=True)


def process_runs(pid: int) -> bool:
    """Whether a process with this id runs (a zombie does not; another user's does)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True
