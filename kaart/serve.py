"""Serve mode: build, serve the output on 127.0.0.1, and rebuild when a source file changes.

Changes are reported by the operating system (watchfiles), so `serve` costs nothing while
nothing changes, whatever the size of the map (one walk over the sources before and after the
first build catches a file saved during it). When only existing organisation files
changed, those files alone are read and validated again and their own pages are written at
once (a few tens of milliseconds); then the whole site is rebuilt from the sources as in a
full build, and only files whose bytes changed are written, in place. Any other change (a
new or removed file, content, templates, partners) takes that full rebuild directly. A
broken file prints its errors and keeps the last good site on screen.

The server answers only requests for 127.0.0.1, localhost or [::1]: a web page that points
another host name at this machine (DNS rebinding) gets no page, so it cannot read a partner
build's contact persons. A missing page gets the site's own 404.html.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from kaart.gather import read_organisation
from kaart.parallel import Worker, WorkerError, fork_no_more, start_fork_server
from kaart.problems import Problem, UserError
from kaart.write import PARTNER, PUBLIC, staged, whole

WAIT_MS = 100  # how often the loop looks whether a rebuild is done while no file changes
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
HOST_RE = re.compile(r"(\[[^\]]*\]|[^:\[\]]*)(?::[0-9]{1,5})?")


def local_host(header: str | None) -> bool:
    """Whether a Host header names this machine by a local name (with or without a port)."""
    match = HOST_RE.fullmatch(header or "")
    return bool(match) and match.group(1).lower() in LOCAL_HOSTS


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files of the output folder, for local host names only, with the site's own 404 page."""

    def log_message(self, *args):  # keep the terminal for build messages
        pass

    def do_GET(self):
        if self.from_local_host():
            super().do_GET()

    def do_HEAD(self):
        if self.from_local_host():
            super().do_HEAD()

    def from_local_host(self) -> bool:
        """True for a local Host header; else answers 421 and returns False."""
        if local_host(self.headers.get("Host")):
            return True
        self.send_error(421, "Alleen voor 127.0.0.1, localhost of [::1]")
        return False

    def list_directory(self, path):
        """No listing of a folder without index.html: a static host shows none either."""
        self.send_error(404)

    def send_error(self, code, message=None, explain=None):
        """The site's own 404.html for a missing page; Python's page for any other error."""
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def start_server(out: Path, port: int) -> http.server.ThreadingHTTPServer:
    """A static file server for `out` on 127.0.0.1, in a background thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def print_problems(problems: list[Problem]) -> None:
    """Show a failed rebuild's problems; the last good site stays."""
    for problem in sorted(problems):
        print(problem.format(), file=sys.stderr)
    print(f"{len(problems)} fout(en); de site blijft zoals hij was.", file=sys.stderr, flush=True)


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


class Output:
    """The served folder and a digest of every file in it, to write only what changed."""

    def __init__(self, out: Path, paths: list[str]):
        self.out = Path(out)
        self.digests = {path: _digest((self.out / path).read_bytes()) for path in paths}

    def write(self, files: dict[str, bytes]) -> list[str]:
        """Write the files whose bytes changed; returns their paths."""
        written = []
        for relative, content in sorted(files.items()):
            digest = _digest(content)
            if self.digests.get(relative) == digest:
                continue
            target = self.out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.nieuw")
            temporary.write_bytes(content)
            os.replace(temporary, target)  # a reader never sees half a page
            self.digests[relative] = digest
            written.append(relative)
        return written

    def remove_all_but(self, kept) -> list[str]:
        """Delete the files written before that are not in `kept`; returns their paths."""
        gone = sorted(set(self.digests) - set(kept))
        for relative in gone:
            try:
                (self.out / relative).unlink()
            except FileNotFoundError:
                pass
            del self.digests[relative]
        return gone


class ChangedFiles(dict):
    """A writer that keeps only the files whose bytes differ from the served ones, by path."""

    def __init__(self, digests: dict[str, bytes]):
        super().__init__()
        self.digests = digests

    def __call__(self, path: str, content: bytes | Iterable[bytes]) -> None:
        content = whole(content)
        if self.digests.get(path) != _digest(content):
            self[path] = content


def quick_pages(project, changed: list[str], renderer) -> dict[str, bytes] | None:
    """The pages of changed organisation files, read and validated alone; None when not possible.

    Only for files that were part of the last good build; raises UserError when one is broken.
    """
    from kaart.render import organisation_page

    by_path = {os.path.abspath(path): slug for slug, path in project.org_paths.items()}
    slugs = [by_path.get(os.path.abspath(path)) for path in changed]
    if not changed or None in slugs:
        return None
    context = {"vocab": project.vocab, "today": project.today}
    problems: list[Problem] = []
    records = {}
    for slug in slugs:
        record, doc = read_organisation(project.org_paths[slug], context, problems)
        if record is not None:
            records[slug] = (record, doc)
    if problems:
        raise UserError(problems)
    pages = {}
    for slug, (record, doc) in records.items():
        project.organisations[slug], project.org_docs[slug] = record, doc
        path, template, values = organisation_page(project, slug)
        pages[path] = whole(renderer(path, template, values))
    return pages


def rebuild(load, build_files, args, options, digests: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The whole site built from the sources: (files whose bytes differ from `digests`, every path)."""
    changed = ChangedFiles(digests)
    paths = build_files(load(args), options, changed)
    return dict(changed), paths


class FullRebuild:
    """The whole site rebuilt from the sources by a worker of lower priority.

    The serving process meanwhile writes a changed organisation page at once. The worker is
    forked from a fork server, not from this process: this one runs the HTTP server's threads
    and the file watcher's, and a fork copies only the forking thread, so a lock one of those
    held (stdout's, the allocator's, the watcher's) would stay locked in the copy for good. The
    fork server is a clean process without threads that has imported the build already, so a
    rebuild starts at once; the worker may fork its own render worker from there safely.
    """

    def __init__(self, load, build_files, args, options, output: Output, generation: int):
        self.generation = generation  # the state of the sources this rebuild reads
        self.started = time.perf_counter()
        self.worker = Worker(
            rebuild, load, build_files, args, options, dict(output.digests), method="forkserver", nice=10
        )


def snapshot(folders: list[str]) -> dict[str, int]:
    """Modification time of every file below the folders: taken twice, around the first build."""
    times = {}
    for folder in folders:
        for dirpath, _dirnames, filenames in os.walk(folder):
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    times[path] = os.stat(path).st_mtime_ns
                except FileNotFoundError:
                    continue
    return times


def changed_paths(changes) -> list[str]:
    """The paths of a watchfiles change set that matter: those that exist, and those that went away."""
    return sorted({path for _change, path in changes})


def only_known_organisations(paths: list[str], project, organisations: str) -> bool:
    """Whether these changes are edits of organisation files the served site was built from."""
    known = {os.path.abspath(path) for path in project.org_paths.values()} if project is not None else set()
    kept = [path for path in paths if os.path.exists(path) or os.path.abspath(path) in known]  # editors' temp files go
    return bool(kept) and all(
        os.path.abspath(path) in known
        and os.path.exists(path)
        and os.path.dirname(os.path.abspath(path)) == organisations
        for path in kept
    )


def serve(args, out: Path, load, build_files, options) -> int:
    """Build once, serve, and rebuild on every change until interrupted."""
    from watchfiles import watch

    from kaart.derive import derive
    from kaart.render import page_renderer

    templates = str(Path(__file__).resolve().parent.parent / "templates")
    folders = [os.path.abspath(folder) for folder in (args.organisations, args.content, templates)]
    if getattr(args, "partners", None):
        folders.append(os.path.abspath(args.partners))

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # stopped by a tool: end a rebuild in progress too
    start_fork_server()  # a fresh program, but started now its start-up does not delay the first rebuild
    seen = snapshot(folders)  # before reading: a file saved during the first build is a change
    project = load(args)  # read and built on two cores while this process has no threads yet
    with staged(out, PARTNER if options.partner else PUBLIC) as write:
        paths = build_files(project, options, write)
    output = Output(out, paths)
    fork_no_more()  # the file watcher's and the HTTP server's threads start now
    changes = watch(*folders, yield_on_timeout=True, rust_timeout=WAIT_MS, step=50, debounce=400)
    next(changes)  # watching from here on
    server = start_server(out, args.port)
    print(
        f"De site staat op http://127.0.0.1:{server.server_address[1]}/ (stoppen: Ctrl+C)", file=sys.stderr, flush=True
    )
    # Ready for a quick page: the shared values of the pages, made once per full build.
    renderer, _, _ = page_renderer(project, derive(project), templates, options)
    organisations = os.path.abspath(args.organisations)
    built = 0  # the state of the sources the served site was last fully built from (a count of changes)
    generation = 0 if snapshot(folders) == seen else 1  # changes seen
    running: FullRebuild | None = None
    try:
        for change_set in changes:
            paths_changed = changed_paths(change_set)
            if paths_changed:
                generation += 1
                started = time.perf_counter()
                if only_known_organisations(paths_changed, project, organisations):
                    kept = [path for path in paths_changed if os.path.exists(path)]
                    try:
                        pages = quick_pages(project, kept, renderer)
                    except UserError as error:
                        print_problems(error.problems)
                        project = None  # read in full again once the sources are good
                        pages = None
                    if pages:
                        written = output.write(pages)
                        took = (time.perf_counter() - started) * 1000
                        print(
                            f"Pagina bijgewerkt in {took:.0f} ms: {', '.join(written) or 'niets veranderd'}; "
                            "nu de rest van de site.",
                            file=sys.stderr,
                            flush=True,
                        )
                else:
                    project = None
                if running is not None:  # it reads sources that are out of date now
                    running.worker.stop()
                    running = None
            if running is None and generation != built:
                running = FullRebuild(load, build_files, args, options, output, generation)
                continue
            if running is None or not running.worker.done():
                continue
            took = (time.perf_counter() - running.started) * 1000
            built, worker = running.generation, running.worker
            running = None
            try:
                files, paths = worker.result()
            except UserError as error:
                print_problems(error.problems)
                continue
            except WorkerError as error:
                print(error, file=sys.stderr)
                print(
                    "build.py: interne fout bij het opnieuw bouwen; de site blijft zoals hij was.",
                    file=sys.stderr,
                    flush=True,
                )
                continue
            written = output.write(files) + output.remove_all_but(paths)
            print(
                f"Opnieuw gebouwd in {took:.0f} ms: {len(written)} bestand(en) veranderd.", file=sys.stderr, flush=True
            )
            if project is None:  # after a change beyond organisation files: the quick path reads anew
                try:
                    project = load(args)
                    renderer, _, _ = page_renderer(project, derive(project), templates, options)
                except UserError:
                    project = None
    except KeyboardInterrupt:
        return 0
    finally:
        if running is not None:
            running.worker.stop()
        changes.close()
        server.shutdown()
    return 0
