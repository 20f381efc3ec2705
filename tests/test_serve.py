"""serve: builds, serves on 127.0.0.1, and rebuilds a page when its file changes."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from support import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_serve_rebuilds_a_changed_organisation(tmp_path):
    organisations = tmp_path / "organisations"
    shutil.copytree(REPO / "organisations", organisations)
    out = tmp_path / "out"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--organisations", str(organisations), "--out", str(out),
         "--port", str(port), "--today", "2026-11-26"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        def home_served():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                    return response.status == 200
            except OSError:
                return False

        assert wait_for(home_served), "serve did not answer on 127.0.0.1"
        page = out / "organisaties/huurteam-dijkhaven/index.html"
        source = organisations / "huurteam-dijkhaven.yaml"
        source.write_text(source.read_text().replace("naam: Huurteam Dijkhaven", "naam: Huurteam Nieuwe Naam"))
        assert wait_for(lambda: "Huurteam Nieuwe Naam" in page.read_text()), "the page was not rebuilt"
        listing = out / "organisaties/index.html"
        assert wait_for(lambda: "Huurteam Nieuwe Naam" in listing.read_text()), "the rest of the site was not rebuilt"

        source.write_text(source.read_text().replace("fases: [", "fases: [nazorgg, "))
        time.sleep(1.5)
        assert "Huurteam Nieuwe Naam" in page.read_text(), "a broken file must keep the last good page"
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "'nazorgg' is geen fase" in output
    assert "Traceback" not in output
