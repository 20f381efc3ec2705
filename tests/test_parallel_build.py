"""A large site is rendered by two processes; its bytes are those of a build in one."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from support import REPO

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_processes_build_the_same_bytes_as_one(tmp_path):
    organisations = tmp_path / "organisations"
    generate.generate(240, organisations, seed=5)  # above PARALLEL_FROM
    outs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"site-{workers}"
        result = subprocess.run(
            [sys.executable, "build.py", "build", "--organisations", str(organisations), "--out", str(out),
             "--today", "2026-11-26"], cwd=REPO, capture_output=True, text=True, timeout=600,
            env={**os.environ, "KAART_WORKERS": workers})
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        outs[workers] = _hashes(out)
    assert len(outs["1"]) > 240
    assert outs["1"] == outs["2"]
