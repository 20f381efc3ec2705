"""The benchmark's page weight: the largest HTML page of a built site, gzipped, for bench/run.py's table."""

from __future__ import annotations

import gzip
from pathlib import Path


def largest_html(folder: Path) -> dict:
    """The HTML page of `folder` that is largest gzipped (level 6): its path and KB gzip.

    Pages are tried from the largest file down; a file no larger than the best gzip size so far
    cannot beat it (gzip adds at most a few dozen bytes), so the rest are skipped."""
    pages = sorted(((p.stat().st_size, p) for p in folder.rglob("*.html")), key=lambda item: (-item[0], item[1]))
    best, where = 0, ""
    for size, path in pages:
        if size + 64 <= best:
            break
        packed = len(gzip.compress(path.read_bytes(), 6))
        if packed > best:
            best, where = packed, path.relative_to(folder).as_posix()
    return {"path": where, "kb_gzip": best / 1024}


def largest_page_rows(row) -> None:
    """The table's rows for the largest HTML page (its path is in the lines under the table)."""
    row("ours: largest HTML page KB gzip", lambda r: r["builds"]["output"]["ours"]["largest_html"]["kb_gzip"], 1)
    row("peer: largest HTML page KB gzip", lambda r: r["builds"]["output"]["peer"]["largest_html"]["kb_gzip"], 1)


def largest_page_lines(results: dict) -> list[str]:
    """Under the table: per N, which page is the largest, ours and the peer's."""
    lines = []
    for n, entry in results["sizes"].items():
        output = entry.get("builds", {}).get("output", {})
        found = [
            f"{side} {output[side]['largest_html']['path']} ({output[side]['largest_html']['kb_gzip']:,.1f} KB)"
            for side in ("ours", "peer")
            if "largest_html" in output.get(side, {})
        ]
        if found:
            lines.append(f"largest HTML page gzip, N={int(n):,}: " + "; ".join(found))
    return lines
