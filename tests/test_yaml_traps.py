"""YAML's traps, read by kaart/read_yaml.py and by `build.py check` / `build` on a temporary folder.

docs/organisatie.md: YAML 1.1 traps must never reach the site silently. PyYAML would read
`telefoon: 0301234567` as the octal number 50674039, `van: 9:30` as 570 (sexagesimal) and
`talen: [no]` as false. Our reader keeps every scalar as the text the editor typed.
Hostile or broken files each give exactly one clean, located Dutch error line (no
traceback) and exit 1.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from kaart.read_yaml import parse_yaml

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<text>.+)$")
ENGLISH = re.compile(r"\b(found|expected|while|but|could not|cannot|scanning|parsing|stream)\b")

VALID = """naam: Valkuilen Hulp
soort: vrijwilligersorganisatie
samenvatting: Wij helpen u met uw post en uw geld.
werkgebied:
  gemeenten: [Dijkhaven]
fases: [voor-aanmelding]
rollen: [praktische-steun]
doelgroepen: [iedereen]
aanmelden:
  manieren: [zelf-bellen]
contact:
  telefoon: "030 123 45 67"
gecontroleerd: 2026-09-01
"""


@contextmanager
def deadline(seconds: float):
    """Fail, instead of hanging the suite, when the block takes longer than `seconds`."""

    def expired(*_):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- the reader: every scalar is the text as typed --------------------------------------


def parse(text: str):
    doc, problems = parse_yaml("test.yaml", text)
    assert doc is not None, [p.format() for p in problems]
    return doc.data


@pytest.mark.parametrize(
    "text, expected",
    [
        ("telefoon: 0301234567", {"telefoon": "0301234567"}),  # YAML 1.1: octal 50674039
        ("telefoon: 030-1234567", {"telefoon": "030-1234567"}),
        ("van: 9:30", {"van": "9:30"}),  # YAML 1.1: sexagesimal 570
        ("tot: 12:00", {"tot": "12:00"}),  # YAML 1.1: 720
        ("talen: [no]", {"talen": ["no"]}),  # YAML 1.1: false
        ("talen: [nl, no, on, off, yes, y, n]", {"talen": ["nl", "no", "on", "off", "yes", "y", "n"]}),
        ("gecontroleerd: 2026-09-01", {"gecontroleerd": "2026-09-01"}),  # YAML 1.1: a date object
        ("vrijwilligers: 012", {"vrijwilligers": "012"}),  # YAML 1.1: octal 10
        ("vrijwilligers: 0x1F", {"vrijwilligers": "0x1F"}),
        ("vrijwilligers: 1_000", {"vrijwilligers": "1_000"}),
        ("getal: 1.5e3", {"getal": "1.5e3"}),
        ("getal: .inf", {"getal": ".inf"}),
        ("kosten: yes", {"kosten": "yes"}),
        ("kosten: 'no'", {"kosten": "no"}),
        ("postcode: 1234 AB", {"postcode": "1234 AB"}),
    ],
)
def test_scalars_stay_the_text_that_was_typed(text, expected):
    assert parse(text + "\n") == expected


def test_empty_values_are_none_but_quoted_null_is_text():
    assert parse("a: ~\nb: null\nc:\nd: ''\ne: 'null'\nf: \"~\"\n") == {
        "a": None,
        "b": None,
        "c": None,
        "d": "",
        "e": "null",
        "f": "~",
    }


def test_python_tags_never_run(tmp_path):
    marker = tmp_path / "gehackt"
    parse(
        f'naam: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"soort: !!python/object/new:os.system [\"touch {marker}\"]\n"
    )
    assert not marker.exists()


def test_positions_are_kept_for_errors():
    doc, _ = parse_yaml("x.yaml", "naam: A\ncontact:\n  telefoon: 123\n")
    assert doc.where(("contact", "telefoon")) == (3, 13)
    assert doc.where(("contact", "telefoon"), key=True) == (3, 3)


def test_packed_positions_point_where_the_full_ones_do():
    """Organisations keep their positions packed for warnings: every lookup answers the same, also pickled."""
    import pickle

    from kaart.positions import PackedLocations

    text = Path(__file__).parent.parent.joinpath("organisations").glob("*.yaml").__next__().read_text("utf-8")
    doc, _ = parse_yaml("x.yaml", text + "extra:\n  - lang: " + "x" * 5000 + "\n    kort: 1\n")
    for packed in (PackedLocations(doc), pickle.loads(pickle.dumps(PackedLocations(doc)))):
        assert packed.path == "x.yaml"
        for key in (False, True):
            for loc in list(doc.positions) + list(doc.key_positions) + [("nergens", 3), ("extra", 0, "niet")]:
                assert packed.where(loc, key=key) == doc.where(loc, key=key), loc
    assert doc.where(("extra", 0, "kort")) == (text.count("\n") + 3, 11)


def test_packed_positions_of_many_files_share_their_locations_through_one_pickle(monkeypatch):
    """A worker's files arrive in one pickle: their location tuples stay shared, without a lookup each."""
    import pickle

    from kaart import positions

    docs = [parse_yaml(f"{n}.yaml", f"naam: A{n}\ncontact:\n  telefoon: 1{n}\n")[0] for n in range(3)]
    sent = pickle.dumps([positions.PackedLocations(doc) for doc in docs])
    monkeypatch.setattr(positions, "_LOCATIONS", {})  # as in the parent, which made none of these
    received = pickle.loads(sent)
    assert positions._LOCATIONS == {}  # nothing looked up or added on arrival
    assert all(a is b for a, b in zip(received[0]._locations, received[2]._locations))
    assert [p.where(("contact", "telefoon")) for p in received] == [(3, 13)] * 3


@pytest.mark.parametrize(
    "name, text, line",
    [
        ("tab", "naam: A\ncontact:\n\ttelefoon: 1\n", 3),
        ("duplicate key", "naam: A\nsoort: b\nnaam: C\n", 3),
        ("alias", "a: &x [1]\nb: *x\n", 2),
        ("merge key", "a: &x {b: 1}\nc:\n  <<: *x\n", 3),
        ("two documents", "a: 1\n---\nb: 2\n", 2),
        ("unclosed list", "a: [1, 2\nb: 3\n", 2),
    ],
)
def test_reader_problems_are_located(name, text, line):
    doc, problems = parse_yaml("x.yaml", text)
    assert doc is None
    assert len(problems) == 1, problems
    assert problems[0].line == line, problems[0].format()


def test_alias_bomb_is_refused_fast():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    )
    with deadline(5):
        doc, problems = parse_yaml("bom.yaml", bomb)
    assert doc is None and "verwijzingen met *" in problems[0].message


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "a: " + "{b: " * 10_000 + "c" + "}" * 10_000 + "\n",
        "".join("  " * i + f"k{i}:\n" for i in range(2_000)) + "  " * 2_000 + "x: y\n",
    ],
    ids=["20000-brackets", "10000-braces", "2000-indents"],
)
def test_deep_nesting_is_refused_without_recursion_error(text):
    with deadline(3):
        doc, problems = parse_yaml("diep.yaml", text)
    assert doc is None
    assert len(problems) == 1 and "te diep genest" in problems[0].message


# --- through the command line: the traps reach the page as typed ---------------------------

TRAPS = """naam: Valkuilen Hulp
soort: vrijwilligersorganisatie
samenvatting: Wij helpen u met uw post en uw geld.
werkgebied:
  gemeenten: [Dijkhaven]
fases: [voor-aanmelding]
rollen: [praktische-steun]
doelgroepen: [iedereen]
trefwoorden: [yes, no, on, off, y, n]
aanmelden:
  manieren: [zelf-bellen]
  kosten: no
  wachttijd: on
talen: [nl, no]
contact:
  telefoon: 0301234567
  whatsapp: 0612345678
locaties:
  - naam: Buurthuis
    adres: Havenstraat 1
    postcode: 1234 AB
    plaats: Dijkhaven
    spreekuren:
      - dag: dinsdag
        van: 9:30
        tot: 12:00
        vorm: inloop
samenwerking:
  vrijwilligers: 012
gecontroleerd: 2026-09-01
"""


@pytest.fixture(scope="module")
def trap_site(tmp_path_factory, run_build, today, plain_content):
    """A site built from one organisation file full of YAML 1.1 traps, written unquoted."""
    folder = tmp_path_factory.mktemp("valkuilen") / "organisations"
    folder.mkdir()
    (folder / "valkuilen.yaml").write_text(TRAPS, encoding="utf-8")
    checked = run_build("check", "--organisations", folder, "--content", plain_content, "--today", today)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    out = folder.parent / "site"
    built = run_build("build", "--organisations", folder, "--content", plain_content, "--out", out, "--today", today)
    assert built.returncode == 0, built.stdout + built.stderr
    return out


@pytest.fixture(scope="module")
def trap_page(trap_site) -> str:
    return (trap_site / "organisaties" / "valkuilen" / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def trap_record(trap_site) -> dict:
    data = json.loads((trap_site / "data" / "organisaties.json").read_text(encoding="utf-8"))
    return data["organisaties"][0]


def test_unquoted_phone_number_is_the_phone_number(trap_page, trap_record):
    assert "50674039" not in trap_page
    assert 'href="tel:+31301234567"' in trap_page
    assert re.sub(r"\D", "", trap_record["contact"]["telefoon"]) == "0301234567"
    assert 'href="https://wa.me/31612345678"' in trap_page


def test_unquoted_time_is_the_time(trap_page, trap_record):
    assert "09:30 tot 12:00" in trap_page
    assert ">570<" not in trap_page and " 570 " not in trap_page and "720" not in trap_page
    uur = trap_record["locaties"][0]["spreekuren"][0]
    assert (uur["van"], uur["tot"]) == ("09:30", "12:00")


def test_no_is_norwegian(trap_page, trap_record):
    assert trap_record["talen"] == ["nl", "no"]
    assert "Nederlands, Noors" in trap_page


def test_unquoted_date_is_the_date(trap_page, trap_record):
    assert trap_record["gecontroleerd"] == "2026-09-01"
    assert '<time datetime="2026-09-01">1 september 2026</time>' in trap_page


def test_yes_no_on_in_text_fields_stay_text(trap_page, trap_record):
    assert trap_record["trefwoorden"] == ["yes", "no", "on", "off", "y", "n"]
    assert trap_record["aanmelden"]["kosten"] == "no"
    assert trap_record["aanmelden"]["wachttijd"] == "on"
    assert "<dd>no</dd>" in trap_page and "<dd>on</dd>" in trap_page
    assert "True" not in trap_page and "False" not in trap_page


def test_leading_zero_number_is_decimal(trap_record):
    assert trap_record["samenwerking"]["vrijwilligers"] == 12, "012 is twelve, not YAML 1.1's octal ten"


# --- through the command line: each broken file is one clean located line ------------------

BIG = 5 * 1024 * 1024
CHECK_TIMEOUT = 60


def _bomb() -> str:
    lines = ['b0: &b0 ["haha", "haha", "haha", "haha", "haha", "haha", "haha", "haha", "haha"]']
    lines += [f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return VALID + "\n".join(lines) + "\n"


# name: (file bytes, expected line, words the message must contain)
BROKEN = {
    "tab": ((VALID.replace('  telefoon: "030', '\ttelefoon: "030')).encode(), 12, "tab"),
    "dubbele-sleutel": ((VALID + "naam: Nog een naam\n").encode(), 14, "twee keer"),
    "leeg": (b"", 1, "leeg"),
    "alleen-witruimte": (b"\n   \n\n", 1, "leeg"),
    "alleen-commentaar": (b"# naam: Hulp\n# soort: gemeente\n", 1, "leeg"),
    "geen-utf8": (VALID.replace("Wij helpen", "Wij co\xf6rdineren").encode("latin-1"), 3, "UTF-8"),
    "utf16": (VALID.encode("utf-16"), 1, "UTF-8"),
    "lijst": (b"- naam: Hulp\n- soort: gemeente\n", 1, "lijst"),
    "losse-tekst": (b"Hulp bij geldzorgen\n", 1, "losse tekst"),
    "diep-genest": (
        (
            VALID
            + "beschrijving:\n"
            + "".join("  " * i + f"laag{i}:\n" for i in range(1, 30))
            + "  " * 30
            + "einde: x\n"
        ).encode(),
        None,
        "te diep genest",
    ),
    "diep-genest-vlak": ((VALID + "trefwoorden: " + "[" * 20_000 + "]" * 20_000 + "\n").encode(), 14, "te diep genest"),
    "alias-bom": (_bomb().encode(), 15, "verwijzingen met *"),
    "groot": ((VALID + "beschrijving: |\n" + ("  " + "x" * 98 + "\n") * (BIG // 100)).encode(), 1, "te groot"),
    "stuurteken": (VALID.replace("Wij helpen", "Wij\x07 helpen").encode(), 3, "stuurteken"),
    "nul-byte": (VALID.replace("Wij helpen", "Wij\x00 helpen").encode(), 3, "stuurteken"),
    "escape": (VALID.replace("Wij helpen", "Wij\x1b[31m helpen").encode(), 3, "stuurteken"),
    "twee-documenten": ((VALID + "---\nnaam: Nog een\n").encode(), 14, "document"),
    "aanhalingsteken-open": (VALID.replace('"030 123 45 67"', '"030 123 45 67').encode(), 12, "aanhalingsteken"),
}


# Checked each in a folder of its own (with a time limit), since each could hang a check
# that is not careful; the other cases share one folder and one run of check.
ALONE = ("diep-genest-vlak", "alias-bom", "groot")


@pytest.fixture(scope="module")
def broken_results(tmp_path_factory, run_build, today, plain_content):
    """{case: (path of its file, result of check, seconds)} for every case of BROKEN.

    For the cases that share a folder, the result holds only the lines about that file (the
    summary line on stderr is the one of the shared run)."""
    shared = tmp_path_factory.mktemp("broken") / "organisations"
    shared.mkdir()
    folders = {}
    for name, (raw, _, _) in BROKEN.items():
        folder = shared
        if name in ALONE:
            folder = tmp_path_factory.mktemp(name) / "organisations"
            folder.mkdir()
        (folder / f"{name}.yaml").write_bytes(raw)
        folders[name] = folder

    def check(folder: Path):
        started = time.monotonic()
        try:
            result = run_build(
                "check", "--organisations", folder, "--content", plain_content, "--today", today, timeout=CHECK_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            result = None  # reported by the test of each case, not as an error of every case
        return result, time.monotonic() - started

    # One after the other, so that the times compare: the shared run (ordinary broken files)
    # is the yardstick for the cases that are checked alone.
    done = {folder: check(folder) for folder in [shared] + [folders[name] for name in ALONE]}
    results = {}
    for name, folder in folders.items():
        path = str(folder / f"{name}.yaml")
        result, seconds = done[folder]
        if result is not None and folder == shared:
            lines = [line for line in result.stdout.splitlines() if line.startswith(path + ":")]
            result = subprocess.CompletedProcess(
                result.args, result.returncode, "".join(x + "\n" for x in lines), result.stderr
            )
        results[name] = (path, result, seconds)
    return results


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_file_gives_one_clean_located_line(broken_results, name):
    path, result, seconds = broken_results[name]
    _, line, words = BROKEN[name]
    assert result is not None, f"check did not finish within {CHECK_TIMEOUT} s"
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert "interne fout" not in result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    match = LINE.match(lines[0])
    assert match, f"not PATH:LINE:COLUMN: message: {lines[0]!r}"
    assert match["path"] == path
    if line is not None:
        assert int(match["line"]) == line, lines[0]
    assert words in match["text"], lines[0]
    assert not ENGLISH.search(match["text"]), f"English in the message: {lines[0]}"
    files = 1 if name in ALONE else len(BROKEN) - len(ALONE)
    assert re.fullmatch(rf"\d+ fout\(en\) in {files} bestand\(en\)\.", result.stderr.strip().splitlines()[-1]), (
        result.stderr
    )


@pytest.mark.parametrize("name", ALONE)
def test_hostile_file_is_refused_fast(broken_results, name):
    """An alias bomb, 20,000 nested brackets on one line (40 kB) and a 5 MB file are each
    refused about as fast as a check of ordinary broken files (the yardstick, measured in
    the same session, so a busy machine does not make this fail)."""
    _, result, seconds = broken_results[name]
    yardstick = broken_results["tab"][2]
    assert result is not None, f"check did not finish within {CHECK_TIMEOUT} s"
    assert result.returncode == 1
    assert seconds < 3 * yardstick + 3, f"{seconds:.1f} s, against {yardstick:.1f} s for ordinary broken files"


def test_unclosed_quote_points_at_the_opening_quote(broken_results):
    """The quote opens on line 12; PyYAML only notices at the end of the file. The line an
    editor must fix is where the quote opens (PyYAML's context mark), not past the end."""
    _, result, _ = broken_results["aanhalingsteken-open"]
    assert result is not None
    match = LINE.match(result.stdout.splitlines()[0])
    assert (int(match["line"]), int(match["column"])) == (12, 13), result.stdout


def test_byte_order_mark_is_accepted(tmp_path, run_build, today, plain_content):
    folder = tmp_path / "organisations"
    folder.mkdir()
    (folder / "met-bom.yaml").write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    result = run_build("check", "--organisations", folder, "--content", plain_content, "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Geen fouten in 1 organisaties."


def test_byte_order_mark_does_not_shift_line_numbers(tmp_path, run_build, today, plain_content):
    folder = tmp_path / "organisations"
    folder.mkdir()
    (folder / "met-bom.yaml").write_bytes(b"\xef\xbb\xbf" + VALID.replace("soort:", "sort:").encode())
    result = run_build("check", "--organisations", folder, "--content", plain_content, "--today", today)
    assert result.returncode == 1
    assert f"{folder / 'met-bom.yaml'}:2:1: sort: 'sort' is geen bekend veld" in result.stdout


def test_windows_line_endings_are_accepted(tmp_path, run_build, today, plain_content):
    folder = tmp_path / "organisations"
    folder.mkdir()
    (folder / "crlf.yaml").write_bytes(VALID.replace("\n", "\r\n").encode())
    result = run_build("check", "--organisations", folder, "--content", plain_content, "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_error_in_every_file_is_listed_at_once(tmp_path, run_build, today, plain_content):
    """A municipality fixes everything in one pass: all files, all errors, sorted by file."""
    folder = tmp_path / "organisations"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        VALID.replace("fases: [voor-aanmelding]", "fases: [nazorgg]").replace("2026-09-01", "2026-02-30"),
        encoding="utf-8",
    )
    (folder / "b.yaml").write_text("naam: [x\n", encoding="utf-8")
    (folder / "c.yaml").write_text(VALID, encoding="utf-8")
    result = run_build("check", "--organisations", folder, "--content", plain_content, "--today", today)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [Path(LINE.match(x)["path"]).name for x in lines] == ["a.yaml", "a.yaml", "b.yaml"], lines
    assert result.stderr.strip().splitlines()[-1] == "3 fout(en) in 2 bestand(en)."
