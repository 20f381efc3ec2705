"""Serve mode: build, serve the output on 127.0.0.1, and rebuild when a source file changes.

Changes are found by polling modification times (no extra dependency, works on every
file system). A rebuild writes only the files whose bytes changed, in place; a broken
file prints its errors and keeps the last good site on screen.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import time
from pathlib import Path

from kaart.problems import Problem, UserError
from kaart.write import write_atomically, write_in_place

POLL_SECONDS = 0.2


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
    print(f"{len(problems)} fout(en); de site blijft zoals hij was.", file=sys.stderr)


def serve(args, out: Path, load, build_files, options) -> int:
    """Build once, serve, and rebuild on every change until interrupted."""
    write_atomically(build_files(load(args), options), out)
    server = start_server(out, args.port)
    print(f"De site staat op http://127.0.0.1:{server.server_address[1]}/ (stoppen: Ctrl+C)", file=sys.stderr)
    folders = [args.organisations, args.content, str(Path(__file__).resolve().parent.parent / "templates")]
    if getattr(args, "partners", None):
        folders.append(args.partners)
    seen = snapshot(folders)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(folders)
            if now == seen:
                continue
            seen = now
            started = time.perf_counter()
            try:
                written = write_in_place(build_files(load(args), options), out)
            except UserError as error:
                print_problems(error.problems)
                continue
            took = (time.perf_counter() - started) * 1000
            print(f"Opnieuw gebouwd in {took:.0f} ms: {len(written)} bestand(en) veranderd.", file=sys.stderr)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
