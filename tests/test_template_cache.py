"""The cache of compiled templates (kaart/template_cache.py): where it lives, that a build uses
it, and that it never fails or changes a build, whatever state its files are in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from kaart import template_cache
from kaart.render import make_environment
from support import TODAY

TEMPLATE = "{% for x in items %}[{{ x }}]{% endfor %}"


def build_args(out: Path) -> tuple[str, ...]:
    return ("build", "--out", str(out), "--today", TODAY)


def cache_files(root: Path) -> list[Path]:
    return sorted((root / "templates").glob("*.cache"))


@pytest.fixture
def templates(tmp_path) -> Path:
    folder = tmp_path / "sjablonen"
    folder.mkdir()
    (folder / "lijst.html").write_text(TEMPLATE, encoding="utf-8")
    (folder / "lijst.txt").write_text(TEMPLATE, encoding="utf-8")
    return folder


def test_the_cache_folder_follows_kaart_cache_then_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KAART_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert template_cache.cache_root() == tmp_path / "home" / ".cache" / "sociale-kaart"
    monkeypatch.setenv("XDG_CACHE_HOME", "relatief")  # not absolute: the XDG rule says ignore it
    assert template_cache.cache_root() == tmp_path / "home" / ".cache" / "sociale-kaart"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert template_cache.cache_root() == tmp_path / "xdg" / "sociale-kaart"
    monkeypatch.setenv("KAART_CACHE", str(tmp_path / "eigen"))
    assert template_cache.cache_root() == tmp_path / "eigen"
    for off in ("uit", "UIT", " uit "):
        monkeypatch.setenv("KAART_CACHE", off)
        assert template_cache.cache_root() is None
        assert template_cache.bytecode_cache() is None


def test_a_template_compiled_once_comes_from_the_cache_after(monkeypatch, tmp_path, templates):
    monkeypatch.setenv("KAART_CACHE", str(tmp_path / "cache"))
    first = make_environment(str(templates)).get_template("lijst.html").render(items=["<", ">"])
    assert len(cache_files(tmp_path / "cache")) == 1
    later = make_environment(str(templates))
    monkeypatch.setattr(later, "compile", lambda *a, **k: pytest.fail("compiled although it was in the cache"))
    assert first == "[&lt;][&gt;]"
    assert later.get_template("lijst.html").render(items=["<", ">"]) == first


def test_a_changed_template_or_setting_is_compiled_again(monkeypatch, tmp_path, templates):
    monkeypatch.setenv("KAART_CACHE", str(tmp_path / "cache"))
    env = make_environment(str(templates))
    assert env.get_template("lijst.html").render(items=["<"]) == "[&lt;]"
    (templates / "lijst.html").write_text("[" + TEMPLATE, encoding="utf-8")
    assert make_environment(str(templates)).get_template("lijst.html").render(items=["<"]) == "[[&lt;]"
    # The report's text form switches autoescaping off after the environment is made.
    plain = make_environment(str(templates))
    plain.autoescape = False
    assert plain.get_template("lijst.txt").render(items=["<"]) == "[<]"
    assert make_environment(str(templates)).get_template("lijst.txt").render(items=["<"]) == "[&lt;]"
    plain = make_environment(str(templates))
    plain.autoescape = False
    assert plain.get_template("lijst.txt").render(items=["<"]) == "[<]"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"rommel",
        b"j2" + bytes(range(200, 256)),
        "header",  # Jinja's own header, then no checksum but other bytes
        "half",  # the right header and checksum, then the compiled code cut off halfway
    ],
)
def test_a_damaged_cache_file_is_compiled_again_and_replaced(monkeypatch, tmp_path, templates, damage):
    monkeypatch.setenv("KAART_CACHE", str(tmp_path / "cache"))
    make_environment(str(templates)).get_template("lijst.html")
    [cached] = cache_files(tmp_path / "cache")
    good = cached.read_bytes()
    if damage == "header":
        damage = bc_magic + b"rommel"
    elif damage == "half":
        damage = good[: len(good) // 2]
    cached.write_bytes(damage)
    assert make_environment(str(templates)).get_template("lijst.html").render(items=["<"]) == "[&lt;]"
    assert cached.read_bytes() == good


def test_a_cache_that_cannot_be_written_is_left_alone(monkeypatch, tmp_path, templates):
    monkeypatch.setenv("KAART_CACHE", str(tmp_path / "cache"))

    def refuse(*args, **kwargs):
        raise PermissionError(13, "alleen lezen")

    monkeypatch.setattr(template_cache.FileSystemBytecodeCache, "dump_bytecode", refuse)
    monkeypatch.setattr(template_cache.FileSystemBytecodeCache, "load_bytecode", refuse)
    assert make_environment(str(templates)).get_template("lijst.html").render(items=["<"]) == "[&lt;]"
    assert cache_files(tmp_path / "cache") == []


def test_a_folder_that_others_may_write_in_is_not_used(monkeypatch, tmp_path, templates):
    if not hasattr(os, "getuid"):
        pytest.skip("no owner and mode bits on this system")
    monkeypatch.setenv("KAART_CACHE", str(tmp_path / "cache"))
    (tmp_path / "cache" / "templates").mkdir(parents=True)
    (tmp_path / "cache" / "templates").chmod(0o777)
    assert template_cache.bytecode_cache() is None
    make_environment(str(templates)).get_template("lijst.html")
    assert cache_files(tmp_path / "cache") == []


def test_builds_are_the_same_with_a_cold_warm_damaged_unusable_or_no_cache(
    run_build, run_builds, tmp_path, tree_hashes, example_site
):
    cache = tmp_path / "cache"
    a_file = tmp_path / "een-bestand"
    a_file.write_text("geen map", encoding="utf-8")
    cold = run_build(*build_args(tmp_path / "koud"), env={"KAART_CACHE": str(cache)})
    assert cold.returncode == 0, cold.stderr
    files = cache_files(cache)
    assert len(files) > 10  # the pages' templates, their bases and the macros
    for number, path in enumerate(files):
        path.write_bytes(path.read_bytes()[: number * 7])  # cut off at every length from nothing on
    results = run_builds(
        [
            (build_args(tmp_path / "warm"), {"env": {"KAART_CACHE": str(cache)}}),
            (build_args(tmp_path / "geen"), {"env": {"KAART_CACHE": "uit"}}),
            (build_args(tmp_path / "onder-bestand"), {"env": {"KAART_CACHE": str(a_file / "map")}}),
            (build_args(tmp_path / "bestand"), {"env": {"KAART_CACHE": str(a_file)}}),
        ]
    )
    for result in results:
        assert result.returncode == 0, result.stderr
        assert result.stdout == cold.stdout
    expected = tree_hashes(example_site)
    for name in ("koud", "warm", "geen", "onder-bestand", "bestand"):
        assert tree_hashes(tmp_path / name) == expected, name
    assert a_file.read_text(encoding="utf-8") == "geen map"
    assert cache_files(cache) == files and all(len(path.read_bytes()) > 100 for path in files)  # made good again


def test_the_default_cache_is_in_the_users_cache_folder_not_the_site(run_build, tmp_path):
    home = tmp_path / "home"
    env = {"KAART_CACHE": "", "XDG_CACHE_HOME": "", "HOME": str(home)}
    result = run_build(*build_args(tmp_path / "site"), env=env)
    assert result.returncode == 0, result.stderr
    assert len(cache_files(home / ".cache" / "sociale-kaart")) > 10
    assert not list((tmp_path / "site").rglob("*.cache"))
    env = {"KAART_CACHE": "", "XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(home)}
    assert run_build(*build_args(tmp_path / "site"), env=env).returncode == 0
    assert len(cache_files(tmp_path / "xdg" / "sociale-kaart")) > 10
