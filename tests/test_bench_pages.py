"""bench/pages.py: the page weight bench/run.py reports (no timing)."""

from __future__ import annotations

import gzip
import os

import pages  # bench/pages.py, through pytest's pythonpath


def test_largest_html_is_the_largest_gzipped_not_the_largest_file(tmp_path):
    (tmp_path / "lijst").mkdir()
    (tmp_path / "lijst" / "index.html").write_bytes(b"<li>zelfde</li>" * 20_000)  # 300 KB, packs to ~1 KB
    noise = os.urandom(6_000)  # does not pack: 6 KB gzipped
    (tmp_path / "ruis.html").write_bytes(noise)
    (tmp_path / "klein.html").write_bytes(b"<p>x</p>")
    (tmp_path / "groot.json").write_bytes(os.urandom(50_000))  # not a page
    found = pages.largest_html(tmp_path)
    assert found["path"] == "ruis.html"
    assert found["kb_gzip"] == len(gzip.compress(noise, 6)) / 1024


def test_the_table_rows_and_the_lines_under_it():
    output = {
        "ours": {"files": 3, "mb": 1.0, "largest_html": {"path": "fase/nazorg/wierdam/index.html", "kb_gzip": 12.34}},
        "peer": {"files": 5, "mb": 2.0, "largest_html": {"path": "index.html", "kb_gzip": 3.0}},
    }
    rows = []
    pages.largest_page_rows(lambda label, get, digits=2: rows.append((label, get({"builds": {"output": output}}))))
    assert rows == [("ours: largest HTML page KB gzip", 12.34), ("peer: largest HTML page KB gzip", 3.0)]
    lines = pages.largest_page_lines({"sizes": {"300": {"builds": {"output": output}}}})
    assert lines == [
        "largest HTML page gzip, N=300: ours fase/nazorg/wierdam/index.html (12.3 KB); peer index.html (3.0 KB)"
    ]
