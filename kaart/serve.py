"""Serve mode: build, serve the output on 127.0.0.1, and rebuild when a source file changes.

Changes are found by polling modification times (no extra dependency, works on every
file system). When only existing organisation files changed, those files alone are read
and validated again and their own pages are written at once (a few tens of milliseconds,
whatever the size of the map); then the whole site is rebuilt from the sources as in a
full build, and only files whose bytes changed are written, in place. Any other change
(a new or removed file, content, templates, partners) takes that full rebuild directly.
A broken file prints its errors and keeps the last good site on screen.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from kaart.gather import read_organisation
from kaart.problems import Problem, UserError
from kaart.write import PARTNER, PUBLIC, staged, whole

POLL_SECONDS = 0.1


def snapshot(folders: list[str]) -> dict[str, float]:
    """Modification time of every file below the source folders."""
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


def start_server(out: Path, port: int) -> http.server.ThreadingHTTPServer:
    """A static file server for `out` on 127.0.0.1, in a background thread."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the terminal for build messages
            pass

    handler = functools.partial(Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
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

    def write(self, files: dict[str, bytes], complete: bool) -> list[str]:
        """Write the files whose bytes changed; with `complete`, remove the ones no longer made."""
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
        if complete:
            written += self.remove_all_but(files)
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
    for slug, path in zip(slugs, changed):
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


class FullRebuild:
    """The whole site rebuilt from the sources in a forked, lower-priority process.

    The serving process keeps polling meanwhile, so a changed organisation page is written
    at once even while the rest of the site is being rebuilt. The child sends back only the
    files whose bytes differ from what is served, and the list of every file it made.
    """

    def __init__(self, load, build_files, args, options, output: Output, sources: dict):
        import multiprocessing

        self.sources = sources  # the state of the sources this rebuild reads
        self.started = time.perf_counter()
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        digests = dict(output.digests)

        def child() -> None:
            # Stopped with SIGTERM when the sources change again: end as SystemExit, so the
            # render process this one may have started is ended too.
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
            try:
                os.nice(10)
            except OSError:
                pass
            try:
                changed = ChangedFiles(digests)
                paths = build_files(load(args), options, changed)
                send.send(("ok", dict(changed), paths))
            except UserError as error:
                send.send(("fout", error.problems, None))
            except BaseException:  # noqa: BLE001 - shown as the build's own error, serving goes on
                import traceback

                send.send(("intern", traceback.format_exc(), None))
            finally:
                send.close()

        self.process = context.Process(target=child)
        self.process.start()
        send.close()

    def result(self):
        """(status, payload, all paths) when done, else None."""
        if not self.receive.poll():
            return None
        try:
            answer = self.receive.recv()
        except EOFError:
            answer = ("intern", "het bouwproces stopte zonder antwoord", None)
        self.stop()
        return answer

    def stop(self) -> None:
        self.receive.close()
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
            if self.process.is_alive():
                self.process.kill()
        self.process.join()


def serve(args, out: Path, load, build_files, options) -> int:
    """Build once, serve, and rebuild on every change until interrupted."""
    from kaart.derive import derive
    from kaart.render import page_renderer

    templates = str(Path(__file__).resolve().parent.parent / "templates")
    folders = [args.organisations, args.content, templates]
    if getattr(args, "partners", None):
        folders.append(args.partners)
    seen = snapshot(folders)  # before reading: a file saved during the first build is a change

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # stopped by a tool: end a rebuild in progress too
    project = load(args)
    with staged(out, PARTNER if options.partner else PUBLIC) as write:
        paths = build_files(project, options, write)
    output = Output(out, paths)
    server = start_server(out, args.port)
    print(f"De site staat op http://127.0.0.1:{server.server_address[1]}/ (stoppen: Ctrl+C)", file=sys.stderr,
          flush=True)
    # Ready for a quick page: the shared values of the pages, made once per full build.
    renderer, _, _ = page_renderer(project, derive(project), templates, options)
    organisations = os.path.abspath(args.organisations)
    built = seen  # the sources the served site was last fully built from
    rebuild: FullRebuild | None = None
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(folders)
            if now != seen:
                changed = sorted(path for path in now if seen.get(path) != now[path])
                only_organisations = set(now) == set(seen) and all(
                    os.path.dirname(os.path.abspath(path)) == organisations for path in changed)
                seen = now
                started = time.perf_counter()
                if only_organisations and project is not None:
                    try:
                        pages = quick_pages(project, changed, renderer)
                    except UserError as error:
                        print_problems(error.problems)
                        project = None  # read in full again once the sources are good
                        pages = None
                    if pages:
                        written = output.write(pages, complete=False)
                        took = (time.perf_counter() - started) * 1000
                        print(f"Pagina bijgewerkt in {took:.0f} ms: {', '.join(written) or 'niets veranderd'}; "
                              "nu de rest van de site.", file=sys.stderr, flush=True)
                else:
                    project = None
                if rebuild is not None:  # it reads sources that are out of date now
                    rebuild.stop()
                    rebuild = None
            if rebuild is None and seen != built:
                rebuild = FullRebuild(load, build_files, args, options, output, seen)
                continue
            answer = rebuild.result() if rebuild is not None else None
            if answer is None:
                continue
            status, payload, paths = answer
            took = (time.perf_counter() - rebuild.started) * 1000
            built = rebuild.sources
            rebuild = None
            if status == "fout":
                print_problems(payload)
                continue
            if status != "ok":
                print(payload, file=sys.stderr)
                print("build.py: interne fout bij het opnieuw bouwen; de site blijft zoals hij was.", file=sys.stderr,
                      flush=True)
                continue
            written = output.write(payload, complete=False) + output.remove_all_but(paths)
            print(f"Opnieuw gebouwd in {took:.0f} ms: {len(written)} bestand(en) veranderd.", file=sys.stderr,
                  flush=True)
            if project is None:  # after a change beyond organisation files: the quick path reads anew
                try:
                    project = load(args)
                    renderer, _, _ = page_renderer(project, derive(project), templates, options)
                except UserError:
                    project = None
    except KeyboardInterrupt:
        return 0
    finally:
        if rebuild is not None:
            rebuild.stop()
        server.shutdown()
