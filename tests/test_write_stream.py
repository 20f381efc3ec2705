"""Files go to disk as they are rendered, by both processes; a failure still changes nothing.

A build writes each file into a temporary folder beside the output as soon as it is made
(the forked render process writes its own files there too) and swaps the folder into place
only at the end. Whatever fails during rendering, in which process, the previous output stays
byte for byte as it was and no temporary folder is left behind.
"""

from __future__ import annotations

import os

import pytest

import generate  # bench/generate.py, through pytest's pythonpath
from kaart.parallel import PARALLEL_FROM
from kaart.render import Collected  # noqa: E402
from kaart.write import MARKER, Staging, staged  # noqa: E402
from support import REPO, run_build_py

# Run before build.py's main (support.run_build_py's prelude): one stage made to fail, `kind` (the
# forked render process, in a data job, after it wrote the open data files) or `ouder` (the parent,
# after it rendered 20 pages), with an exception, a UserError or SIGTERM. {where} and {how} are
# filled in.
FAILING_BUILD = """
import os, signal
from kaart import render
from kaart.problems import Problem, UserError

where, how = "{where}", "{how}"
parent = os.getpid()
rendered = 0

def fail():
    if how == "userfout":
        raise UserError([Problem("proef.yaml", 1, 1, "", "proef: de bouw faalt")])
    if how == "sigterm":
        os.kill(os.getpid(), signal.SIGTERM)
    raise RuntimeError("proef: de bouw faalt")

real_url_of, real_cards = render.url_of, render.referral_cards_json

def url_of(path):
    global rendered
    if where == "ouder" and os.getpid() == parent:
        rendered += 1
        if rendered > {pages}:
            fail()
    return real_url_of(path)

def referral_cards_json(project, derived):
    if where == "kind":
        assert os.getpid() != parent, "the data jobs run in the forked process"
        fail()
    return real_cards(project, derived)

render.url_of, render.referral_cards_json = url_of, referral_cards_json
""".replace("{pages}", "20")

ORGANISATIONS = PARALLEL_FROM + 10  # two processes render; each more costs every build here


@pytest.fixture(scope="module")
def organisations(tmp_path_factory):
    """ORGANISATIONS generated organisations: above PARALLEL_FROM, so two processes render."""
    folder = tmp_path_factory.mktemp("stream") / "organisations"
    generate.generate(ORGANISATIONS, folder, seed=3)
    return folder


def _build(organisations, content, out, *, failing=None, workers="2"):
    """Run a build (optionally made to fail as FAILING_BUILD does); the CompletedProcess."""
    args = [
        "build",
        "--organisations",
        str(organisations),
        "--content",
        str(content),
        "--out",
        str(out),
        "--today",
        "2026-11-26",
    ]
    prelude = None if failing is None else FAILING_BUILD.replace("{where}", failing[0]).replace("{how}", failing[1])
    return run_build_py(*args, timeout=600, env={"KAART_WORKERS": workers}, prelude=prelude)


@pytest.fixture(scope="module")
def built(organisations, plain_content, tmp_path_factory):
    """A good build of the generated organisations into uit/site (two processes)."""
    out = tmp_path_factory.mktemp("uit") / "site"
    result = _build(organisations, plain_content, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.mark.parametrize(
    "where, how, exit_code, says",
    [
        ("kind", "fout", 3, "het tweede bouwproces faalde"),
        ("kind", "userfout", 1, "er is niets geschreven"),
        ("ouder", "fout", 3, "proef: de bouw faalt"),
        ("ouder", "userfout", 1, "er is niets geschreven"),
        ("ouder", "sigterm", 130, ""),
    ],
)
def test_a_failed_render_leaves_the_output_as_it_was(
    organisations, plain_content, built, tree_hashes, where, how, exit_code, says
):
    before = tree_hashes(built)
    assert len(before) > ORGANISATIONS
    result = _build(organisations, plain_content, built, failing=(where, how))
    assert result.returncode == exit_code, result.stdout[-2000:] + result.stderr[-3000:]
    assert says in result.stdout + result.stderr
    assert tree_hashes(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["site"], "a temporary folder was left behind"


@pytest.mark.parametrize("where", ["kind", "ouder"])
def test_a_failed_first_render_leaves_nothing(organisations, plain_content, tmp_path, where):
    out = tmp_path / "uit" / "site"
    result = _build(organisations, plain_content, out, failing=(where, "fout"))
    assert result.returncode == 3, result.stderr[-3000:]
    assert list(out.parent.iterdir()) == []


def test_one_process_and_two_write_the_same_files(organisations, plain_content, built, tree_hashes, tmp_path):
    """A build in two processes (above PARALLEL_FROM) writes the bytes of a build in one."""
    assert len(tree_hashes(built)) > ORGANISATIONS
    out = tmp_path / "site"
    result = _build(organisations, plain_content, out, workers="1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert tree_hashes(out) == tree_hashes(built)
    assert f"{len(tree_hashes(built)) - 1} bestanden" in result.stderr  # every file but the marker


def test_staging_is_swapped_in_only_on_commit(tmp_path):
    out = tmp_path / "site"
    with staged(out) as write:
        write("a/index.html", b"een")
        write("b.txt", b"twee")
        assert not out.exists()
    assert (out / "a" / "index.html").read_bytes() == b"een"
    assert (out / MARKER).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    staging = Staging(out)
    staging("c.txt", b"drie")
    staging.abort()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert not (out / "c.txt").exists()


def test_a_path_written_twice_is_an_error(tmp_path):
    with pytest.raises(FileExistsError):
        with staged(tmp_path / "site") as write:
            write("x/index.html", b"een")
            write("x/index.html", b"twee")
    assert list(tmp_path.iterdir()) == []
    files = Collected()
    files("x/index.html", b"een")
    with pytest.raises(ValueError):
        files("x/index.html", b"twee")


def test_an_interrupted_swap_puts_the_previous_output_back(tmp_path, monkeypatch):
    """Stopped between the two renames of the swap: the previous output is back in its place."""
    from kaart import write

    out = tmp_path / "site"
    with staged(out) as first:
        first("index.html", b"oud")
    real_rename, calls = os.rename, []

    def rename(source, target):
        calls.append(target)
        if len(calls) == 2:  # the new folder into the place of the old one
            raise KeyboardInterrupt
        real_rename(source, target)

    monkeypatch.setattr(write.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        with staged(out) as second:
            second("index.html", b"nieuw")
    monkeypatch.setattr(write.os, "rename", real_rename)
    assert (out / "index.html").read_bytes() == b"oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_worker_that_dies_without_an_answer_is_an_internal_error():
    """A worker killed by the system (out of memory) gives a clear internal error, not a bare EOFError."""
    from kaart.parallel import in_two

    with pytest.raises(RuntimeError, match="stopte zonder antwoord"):
        in_two(lambda: "ouder", lambda: os._exit(3))


def test_a_page_can_be_written_piece_by_piece(tmp_path):
    """A big list page goes to disk in pieces as it is rendered; the file is the pieces joined."""
    from kaart.write import WRITE_BUFFER

    made = []

    def pieces(count: int, size: int):
        for number in range(count):
            made.append(number)
            yield f"{number:08d}".encode() * (size // 8)

    with staged(tmp_path / "site") as write:
        write("lijst/index.html", pieces(3, 16))
        assert made == [0, 1, 2], "every piece was made while the file was written"
        write("groot/index.html", pieces(5, WRITE_BUFFER // 2))  # more than one write to disk
        write("los.html", b"heel")
        write("ook.html", bytearray(b"als bytearray"))
    site = tmp_path / "site"
    assert (site / "lijst" / "index.html").read_bytes() == b"".join(f"{n:08d}".encode() * 2 for n in range(3))
    assert (site / "groot" / "index.html").read_bytes() == b"".join(
        f"{n:08d}".encode() * (WRITE_BUFFER // 16) for n in range(5)
    )
    assert (site / "los.html").read_bytes() == b"heel" and (site / "ook.html").read_bytes() == b"als bytearray"
    files = Collected()
    files("lijst/index.html", iter([b"a", b"b"]))
    assert files["lijst/index.html"] == b"ab"


def test_a_page_that_fails_halfway_leaves_nothing(tmp_path):
    """An error while a page is being written: no output, no temporary folder, no open file left."""
    out = tmp_path / "site"
    with staged(out) as write:
        write("index.html", b"oud")
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None

    def pieces():
        yield b"<html>"
        raise RuntimeError("template kapot")

    with pytest.raises(RuntimeError):
        with staged(out) as write:
            write("nieuw.html", b"nieuw")
            write("kapot/index.html", pieces())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert (out / "index.html").read_bytes() == b"oud" and not (out / "nieuw.html").exists()
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before, "the half-written file was closed"


def test_list_pages_are_rendered_in_pieces(example_site, monkeypatch):
    """The renderer hands pages over in pieces (not one str of the whole page), the same bytes."""
    from datetime import date

    from kaart import render as render_module
    from kaart.derive import derive
    from kaart.gather import gather
    from kaart.render import Options, page_list, page_renderer

    monkeypatch.setattr(render_module, "CHUNKS_AT_ONCE", 16)  # the example's pages are small
    project = gather(str(REPO / "organisations"), str(REPO / "content"), date(2026, 11, 26))
    derived = derive(project)
    render, _, _ = page_renderer(project, derived, str(REPO / "templates"), Options())
    path, template, values = next(p for p in page_list(project, derived) if p[0] == "organisaties/index.html")
    pieces = list(render(path, template, values))
    assert b"".join(pieces) == (example_site / path).read_bytes()
    assert len(pieces) > 10


def test_a_new_folder_costs_one_mkdir_and_no_look_at_its_parent(tmp_path, monkeypatch):
    """Each folder is made by one mkdir, parents first when missing; one the other process made is fine."""
    from kaart import write

    staging = Staging(tmp_path / "site")
    os.mkdir(os.path.join(staging.folder, "al"))  # as if the other render process made it
    made, looked = [], []
    real_mkdir, real_stat = os.mkdir, os.stat

    def mkdir(path, *args, **kwargs):
        made.append(os.path.relpath(path, staging.folder))
        return real_mkdir(path, *args, **kwargs)

    def stat(path, *args, **kwargs):
        looked.append(str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(write.os, "mkdir", mkdir)
    monkeypatch.setattr(write.os, "stat", stat)
    staging("a/b/c/index.html", b"1")
    staging("a/b/d/index.html", b"2")
    staging("a/e.txt", b"3")
    staging("al/index.html", b"4")
    monkeypatch.undo()
    assert made == ["a/b/c", "a/b", "a", "a/b", "a/b/c", "a/b/d", "al"]
    assert looked == []
    assert (tmp_path.joinpath(staging.folder, "a", "b", "d", "index.html")).read_bytes() == b"2"
    staging.abort()
    assert list(tmp_path.iterdir()) == []
