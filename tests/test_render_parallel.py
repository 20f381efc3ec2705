"""kaart/render.py's two render processes: the child makes the data files while the parent gets ready."""

import time

from kaart.parallel import PARALLEL_FROM
from kaart.render import FORK_BEFORE_WARNINGS_UNTIL, render_in_parallel
from kaart.write import whole


def test_the_child_makes_the_data_files_while_the_parent_waits(tmp_path, monkeypatch):
    """before_render (where a build waits for its warnings) comes after the fork: the child's data file
    is written while it waits; then both processes render pages, each page once."""
    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")

    class OnDisk:
        on_disk = True  # the child writes its own files, as a Staging does

        def __call__(self, path, content):
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(whole(content))

    data_file = tmp_path / "data" / "index.json"
    seen = []

    def before_render():
        deadline = time.monotonic() + 10
        while not data_file.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(data_file.exists())

    pages = [(f"p{number}/index.html", "pagina.html", {}) for number in range(20)]
    jobs = [lambda: [("data/index.json", b"{}")]]
    paths = render_in_parallel(
        pages, lambda number: (pages[number][0], [b"<p>"]), jobs, PARALLEL_FROM, OnDisk(), before_render
    )
    assert seen == [True]
    assert sorted(paths) == sorted(["data/index.json", *(path for path, _, _ in pages)])
    assert all((tmp_path / path).read_bytes() == b"<p>" for path, _, _ in pages)


def test_on_a_large_map_the_child_is_forked_after_the_wait(tmp_path, monkeypatch):
    """From FORK_BEFORE_WARNINGS_UNTIL on, before_render comes before the fork (three processes at once
    would add to the peak of memory): no data file yet, and get_ready after it, in the parent."""
    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")
    order = []
    pages = [(f"p{number}/index.html", "pagina.html", {}) for number in range(4)]
    collected = {}

    def write(path, content):
        collected[path] = whole(content)

    def get_ready():
        order.append("get_ready")

    paths = render_in_parallel(
        pages,
        lambda number: (pages[number][0], [b"<p>"]),
        [lambda: [("data/index.json", b"{}")]],
        FORK_BEFORE_WARNINGS_UNTIL,
        write,
        lambda: order.append("before_render"),
        get_ready,
    )
    assert order == ["before_render", "get_ready"]
    assert sorted(paths) == sorted(collected) == sorted(["data/index.json", *(path for path, _, _ in pages)])


def test_prepare_makes_every_card_and_referral_entry_a_list_page_shows(example_site, monkeypatch):
    """render.prepare() (made while a build may wait for its warnings) leaves nothing for the list pages
    to make of the cards and referral entries; the pages' bytes are the same."""
    from datetime import date

    from kaart import fragments
    from kaart.derive import derive
    from kaart.gather import gather
    from kaart.render import Options, page_list, page_renderer
    from support import REPO

    project = gather(str(REPO / "organisations"), str(REPO / "content"), date(2026, 11, 26))
    derived = derive(project)
    render, _, _ = page_renderer(project, derived, str(REPO / "templates"), Options())
    render.prepare()

    def not_again(self, slug, *args, **values):
        raise AssertionError(f"{self.name} of {slug} made again")

    monkeypatch.setattr(fragments.Fragments, "_render", not_again)
    shown = {"zoeken/index.html", "doorverwijzen/index.html"}
    for path, template, values in page_list(project, derived):
        if path in shown:
            assert b"".join(render(path, template, values)) == (example_site / path).read_bytes()
            shown.remove(path)
    assert not shown
