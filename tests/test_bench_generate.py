"""The benchmark's synthetic regions: valid for the build, deterministic, shaped as asked."""

from __future__ import annotations

import generate  # bench/generate.py, through pytest's pythonpath
from support import run_build_py


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_300_organisations_pass_check(tmp_path):
    out = tmp_path / "organisations"
    names = generate.generate(300, out, seed=7)
    assert len(list(out.glob("*.yaml"))) == 300
    assert len(names) == 5  # N / 60
    result = run_build_py("check", "--organisations", out, "--today", "2026-11-26", timeout=120)
    errors = [line for line in result.stdout.splitlines() if str(out) in line and "waarschuwing" not in line]
    assert errors == [], errors[:5]
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Geen fouten in 300 organisaties" in result.stdout


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    generate.generate(120, tmp_path / "a", seed=3)
    generate.generate(120, tmp_path / "b", seed=3)
    generate.generate(120, tmp_path / "c", seed=4)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_shape_landelijk_gemeenten_and_own_debt_help(tmp_path):
    names = generate.generate(3000, tmp_path / "o", seed=1)
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "o").glob("*.yaml")]
    landelijk = sum("landelijk: true" in t for t in texts)
    assert 0.015 * 3000 < landelijk < 0.05 * 3000
    assert len(names) == 50
    assert sum("soort: gemeente" in t for t in texts) == 50
    assert sum("spreekuren:" in t for t in texts) > 1000
