"""serve: builds, serves on 127.0.0.1, and rebuilds a page when its file changes."""

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from support import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, seconds=60.0):  # generous: the machine may be busy; success returns early
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def read_along(process) -> tuple[list[str], threading.Thread]:
    """(the lines of the process's stdout so far, the thread that reads them as they come)."""
    lines: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, reader


def test_serve_rebuilds_a_changed_organisation(tmp_path):
    organisations = tmp_path / "organisations"
    shutil.copytree(REPO / "organisations", organisations)
    out = tmp_path / "out"
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "build.py",
            "serve",
            "--organisations",
            str(organisations),
            "--out",
            str(out),
            "--port",
            str(port),
            "--today",
            "2026-11-26",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output, reader = read_along(process)
    try:

        def home_served():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    return response.status == 200
            except OSError:
                return False

        assert wait_for(home_served, 60), "serve did not answer on 127.0.0.1"  # a loaded machine builds slowly
        page = out / "organisaties/huurteam-dijkhaven/index.html"
        source = organisations / "huurteam-dijkhaven.yaml"
        source.write_text(source.read_text().replace("naam: Huurteam Dijkhaven", "naam: Huurteam Nieuwe Naam"))
        assert wait_for(lambda: "Huurteam Nieuwe Naam" in page.read_text()), "the page was not rebuilt"
        listing = out / "organisaties/index.html"
        assert wait_for(lambda: "Huurteam Nieuwe Naam" in listing.read_text()), "the rest of the site was not rebuilt"

        source.write_text(source.read_text().replace("fases: [", "fases: [nazorgg, "))
        assert wait_for(lambda: any("'nazorgg' is geen fase" in line for line in output)), "the error was not shown"
        assert "Huurteam Nieuwe Naam" in page.read_text(), "a broken file must keep the last good page"
    finally:
        process.terminate()
        process.wait(timeout=10)
        reader.join(timeout=10)
    output = "".join(output)
    assert "'nazorgg' is geen fase" in output
    assert "Traceback" not in output


def _get(port: int, path: str, host: str | None):
    """(status, body) of a GET with this Host header (None: the one urllib sends)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        if host is None:
            connection.request("GET", path)
        else:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host)
            connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_serve_answers_only_local_host_names_and_shows_its_own_404(tmp_path):
    """A page that points another host name at 127.0.0.1 (DNS rebinding) gets no page; a missing
    page is the site's own 404.html."""
    out = tmp_path / "out"
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "build.py",
            "serve",
            "--partners",
            "voorbeeld-partners",
            "--out",
            str(out),
            "--port",
            str(port),
            "--today",
            "2026-11-26",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:

        def served():
            try:
                return _get(port, "/", None)[0] == 200
            except OSError:
                return False

        assert wait_for(served, 60), "serve did not answer on 127.0.0.1"
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}", f"LOCALHOST:{port}"):
            assert _get(port, "/", host)[0] == 200, host
        for host in (
            f"evil.example:{port}",
            "evil.example",
            "127.0.0.1.evil.example",
            f"localhost.evil:{port}",
            "",
            f"127.0.0.1:{port}@evil.example",
            "[::2]",
            "localhost:poort",
        ):
            status, body = _get(port, "/organisaties/", host)
            assert status in (400, 421), (host, status)
            assert "Huurteam" not in body
        status, body = _get(port, "/bestaat-niet/", None)
        assert status == 404
        assert "Deze pagina bestaat niet (meer)" in body
        assert body == (out / "404.html").read_text(encoding="utf-8")
        assert _get(port, "/assets/", None) == (404, body), "a folder without index.html is not listed"
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Traceback" not in output


def _descendants(pid: int) -> set[int]:
    """Every process below `pid` that runs now."""
    import os

    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as listing:
                    children = {int(child) for child in listing.read().split()}
            except OSError:
                continue
            todo += children - found
            found |= children
    return found


def _runs(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def test_serve_sees_a_saved_file_by_its_event_and_dies_with_all_its_processes(tmp_path):
    """A change is seen by the system's file events (watchfiles), not by modification times: a
    file saved with its old time still rebuilds. A killed serve takes every process it started along."""
    import os

    organisations = tmp_path / "organisations"
    shutil.copytree(REPO / "organisations", organisations)
    out = tmp_path / "out"
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "build.py",
            "serve",
            "--organisations",
            str(organisations),
            "--out",
            str(out),
            "--port",
            str(port),
            "--today",
            "2026-11-26",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:

        def served():  # the file watcher runs before the server answers
            try:
                return _get(port, "/", None)[0] == 200
            except OSError:
                return False

        assert wait_for(served), "serve did not answer"
        source = organisations / "huurteam-dijkhaven.yaml"
        before = source.stat()
        source.write_text(source.read_text().replace("naam: Huurteam Dijkhaven", "naam: Huurteam Zelfde Tijd"))
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
        listing = out / "organisaties/index.html"
        assert wait_for(lambda: "Huurteam Zelfde Tijd" in listing.read_text(), 60), "the change was not seen"
        source.write_text(source.read_text().replace("Zelfde Tijd", "Nog Eens"))  # a rebuild runs now
        wait_for(lambda: len(_descendants(process.pid)) >= 3, 10)  # fork server, its tracker, the rebuild
        started = _descendants(process.pid)
        assert len(started) >= 2, "no fork server seen"
        process.kill()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("a process serve started still holds its output open")
        assert wait_for(lambda: not any(_runs(pid) for pid in started), 1.0), "a process outlived serve"
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_a_process_with_threads_forks_no_worker_of_its_own(monkeypatch):
    """serve runs threads (file watcher, HTTP server) after its first build: from then on it does not
    fork (a lock another thread held would stay locked in the copy); its rebuilds use the fork server."""
    from kaart import parallel

    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")
    monkeypatch.setattr(parallel, "_may_fork", [True])
    assert parallel.can_fork(10_000)
    parallel.fork_no_more()
    assert not parallel.can_fork(10_000)
    assert parallel.map_in_two(list(range(300)), lambda part: [n + 1 for n in part]) == list(range(1, 301))
