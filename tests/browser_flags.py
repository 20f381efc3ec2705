"""Debian's Chromium and the flags that keep it from calling out: one list for the browser tests,
Lighthouse and the benchmark's browser probes (bench/ imports it too, so it needs nothing but Python).

No request may leave the machine on a closed network: the flags switch off Chromium's own
background traffic (component updates, sync, first-run pages)."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
