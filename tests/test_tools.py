"""The outside tools the checks rely on are installed and work: the Nu Html
Checker (vnu.jar from npm, run with Java) and Lighthouse (npm, run with Node)."""

import json
import subprocess

import pytest

from site_pages import VNU_JAVA_FLAGS
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
    return [java, *VNU_JAVA_FLAGS, "-jar", str(vnu_jar())]


def npm_version(package: str) -> str:
    manifest = node_modules() / package / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"]


def test_vnu_jar_runs_and_is_the_locked_version():
    vnu = require_vnu()
    result = subprocess.run([*vnu, "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # prints e.g. "26.9.27 (c6ba02c)"
    assert result.stdout.split()[0] == npm_version("vnu-jar"), result.stdout


# That vnu.jar knows current HTML and finds errors: tests/test_html_valid.py (in its one vnu.jar run).


def test_lighthouse_runs_on_this_node():
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    cli = node_modules() / "lighthouse" / "cli" / "index.js"
    require("npm package lighthouse (node_modules/lighthouse)", cli.is_file(), NPM_CI_HINT)
    result = subprocess.run([node, str(cli), "--version"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == npm_version("lighthouse")
