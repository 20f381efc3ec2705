"""The site's own stylesheet is well formed: an unclosed block silently moves every rule after it
into that block (a print-only block once hid a whole page's screen layout)."""

from __future__ import annotations

import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "templates" / "assets"


def test_every_block_of_the_stylesheet_is_closed_where_it_opens():
    for css in ASSETS.glob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'', '""', text)
        depth = 0
        for number, line in enumerate(text.splitlines(), 1):
            for char in line:
                depth += {"{": 1, "}": -1}.get(char, 0)
                assert depth >= 0, f"{css.name}:{number}: a }} closes a block that was not opened"
            if re.match(r"@(media|supports)\b", line) and depth > 1:
                raise AssertionError(
                    f"{css.name}:{number}: {line.strip()} opens inside another block (is a }}}} missing above?)"
                )
        assert depth == 0, f"{css.name}: {depth} block(s) not closed"
