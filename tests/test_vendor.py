"""The browser libraries in templates/assets/vendor are the locked npm packages, byte for byte.

The build copies them into the site without needing Node; this test ties each copy to
the version pinned in package-lock.json.
"""

import json

import pytest

from support import REPO, node_modules, require

VENDORED = {
    "lunr.min.js": ("lunr", "lunr.min.js"),
    "lunr.stemmer.support.min.js": ("lunr-languages", "min/lunr.stemmer.support.min.js"),
    "lunr.nl.min.js": ("lunr-languages", "min/lunr.nl.min.js"),
    "qrcode.js": ("qrcode-generator", "dist/qrcode.js"),
}


@pytest.mark.parametrize("name", sorted(VENDORED))
def test_vendored_file_is_the_locked_package(name):
    package, inside = VENDORED[name]
    modules = node_modules()
    require("npm packages from package-lock.json", (modules / package).is_dir(), "npm ci --ignore-scripts")
    locked = json.loads((REPO / "package-lock.json").read_text())["packages"][f"node_modules/{package}"]["version"]
    installed = json.loads((modules / package / "package.json").read_text())["version"]
    assert installed == locked, f"node_modules/{package} is {installed}, the lock says {locked}: run npm ci"
    assert (REPO / "templates/assets/vendor" / name).read_bytes() == (modules / package / inside).read_bytes(), (
        f"templates/assets/vendor/{name} differs from {package}@{locked}/{inside}; copy it again"
    )


def test_every_vendored_script_is_accounted_for():
    scripts = {p.name for p in (REPO / "templates/assets/vendor").glob("*.js")}
    assert scripts == set(VENDORED)
