"""Golden error output, and hostile input that must build safely.

tests/golden/broken/organisations/ holds broken and hostile files (mostly one problem
each; the first comment line of each file says what is wrong). `check` on that folder
must print exactly tests/golden/broken/expected.txt:

    python build.py check --organisations tests/golden/broken/organisations --content C --today 2026-11-26

where C is content/ without the files that name example organisations (verhuisd.yaml,
see conftest.plain_content); with content/ itself, check also reports that verhuisd.yaml
points to organisations this folder does not have. Each line names the file, the line,
the column and (for a field) the field, in Dutch an editor can act on.

To accept a deliberate change of the messages, regenerate the file and review the diff:

    UPDATE_GOLDEN=1 python3 -m pytest tests/test_errors_golden.py -p no:playwright
    git diff tests/golden/broken/expected.txt

Two cases are made at run time in a temporary copy (not committed): a symlink that points
outside the folder and a 5 MB file.

tests/golden/hostile/organisations/ holds valid files full of HTML, script and template
syntax: they must build, and no page may carry any of it as markup.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
BROKEN = "tests/golden/broken/organisations"  # as given on the command line, from the repo root
EXPECTED = GOLDEN / "broken" / "expected.txt"
HOSTILE = "tests/golden/hostile/organisations"
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<text>.+)$")
ENGLISH = re.compile(
    r"\b(found|expected|while|but|could not|cannot|scanning|parsing|stream|"
    r"[Ii]nput should|[Ff]ield required|[Vv]alue error|not allowed|node content|"
    r"[Dd]atetimes?|unable to parse)\b"
)

# Problems of a whole file (its name, encoding or YAML), which have no field.
FILE_LEVEL = {
    "Voedselbank-Noord.yaml",
    "voedselbank noord.yaml",
    "voedsel_bank.yaml",
    "ouderwets.yml",
    "hoofdletter-extensie.YAML",
    "aantekeningen.txt",
    "map.yaml",
    "leeg.yaml",
    "alleen-commentaar.yaml",
    "geen-utf8.yaml",
    "lijst-in-plaats-van-velden.yaml",
    "losse-tekst.yaml",
    "yaml-dubbele-punt-in-tekst.yaml",
    "yaml-aanhalingsteken-niet-gesloten.yaml",
    "yaml-lijst-niet-gesloten.yaml",
    "yaml-inspringing.yaml",
    "yaml-twee-documenten.yaml",
    "yaml-verboden-teken-aan-begin.yaml",
    "yaml-tab.yaml",
    "yaml-verwijzing.yaml",
    "yaml-alias-bom.yaml",
    "yaml-diep-genest.yaml",
    "yaml-veldnaam-is-lijst.yaml",
    "yaml-stuurteken.yaml",
    "yaml-waarde-ontbreekt.yaml",
    "yaml-lijstregel-na-veld.yaml",
    "yaml-label.yaml",
}


def broken_entries() -> list[str]:
    return sorted(os.listdir(GOLDEN / "broken" / "organisations"))


def by_file(lines: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in lines:
        match = LINE.match(line)
        name = Path(match["path"]).name if match else "(not PATH:LINE:COLUMN: message)"
        found.setdefault(name, []).append(line)
    return found


@pytest.fixture(scope="module")
def golden_run(run_build, today, plain_content):
    result = run_build("check", "--organisations", BROKEN, "--content", plain_content, "--today", today)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        EXPECTED.write_text(result.stdout, encoding="utf-8")
    return result


@pytest.fixture(scope="module")
def expected_lines() -> list[str]:
    return EXPECTED.read_text(encoding="utf-8").splitlines()


def test_check_output_is_exactly_the_golden_file(golden_run, expected_lines):
    assert golden_run.returncode == 1, golden_run.stderr
    actual = golden_run.stdout.splitlines()
    if actual != expected_lines:
        diff = "\n".join(difflib.unified_diff(expected_lines, actual, "expected.txt", "check", lineterm=""))
        pytest.fail(
            f"check output differs from {EXPECTED.name} (UPDATE_GOLDEN=1 regenerates it):\n{diff}", pytrace=False
        )


@pytest.mark.parametrize("name", broken_entries())
def test_each_broken_file(golden_run, expected_lines, name):
    """Per file, so a failure names the case; every file has at least one expected line."""
    expected = by_file(expected_lines).get(name, [])
    assert expected, f"{name} has no line in expected.txt"
    assert by_file(golden_run.stdout.splitlines()).get(name, []) == expected


@pytest.mark.parametrize("name", broken_entries())
def test_each_expected_line_names_file_line_and_field_in_dutch(expected_lines, name):
    for line in by_file(expected_lines).get(name, []):
        match = LINE.match(line)
        assert match, line
        assert match["path"] == f"{BROKEN}/{name}", line
        assert int(match["line"]) >= 1 and int(match["column"]) >= 1, line
        text = match["text"]
        if name not in FILE_LEVEL:
            field, _, message = text.partition(": ")
            assert re.fullmatch(r"[a-z]+(\[\d+\]|\.[a-z]+)*", field, re.I), f"no field in: {line}"
            assert message, line
        assert not ENGLISH.search(text), f"English in: {line}"
        assert "Traceback" not in text and "pydantic" not in text.lower(), line


def test_summary_line_counts_every_file(golden_run, expected_lines):
    files = len(by_file(expected_lines))
    assert files == len(broken_entries())
    assert golden_run.stderr.strip().splitlines()[-1] == (f"{len(expected_lines)} fout(en) in {files} bestand(en).")
    assert "Traceback" not in golden_run.stderr


def test_github_format_has_the_same_problems(run_build, today, expected_lines, plain_content):
    result = run_build(
        "check", "--format", "github", "--organisations", BROKEN, "--content", plain_content, "--today", today
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected_lines)
    for line in lines:
        assert re.match(r"^::error file=[^,]+,line=\d+,col=\d+::.+$", line), line


def test_symlink_out_of_the_folder_and_5_mb_file(tmp_path, run_build, today, repo, golden_run, plain_content):
    """Made at run time in a copy: a symlink to a file outside, one to /etc/passwd, one to itself, a 5 MB file."""
    folder = tmp_path / "organisations"
    shutil.copytree(GOLDEN / "broken" / "organisations", folder, symlinks=True)
    (folder / "buiten-de-map.yaml").symlink_to(repo / "organisations" / sorted(os.listdir(repo / "organisations"))[0])
    (folder / "wachtwoorden.yaml").symlink_to("/etc/passwd")
    (folder / "rondje.yaml").symlink_to("rondje.yaml")  # points at itself
    with open(folder / "vijf-megabyte.yaml", "w", encoding="utf-8") as handle:
        handle.write("naam: Groot\nbeschrijving: |\n")
        for _ in range(5 * 1024 * 1024 // 100):
            handle.write("  " + "x" * 97 + "\n")
    result = run_build("check", "--organisations", folder, "--content", plain_content, "--today", today)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "root:" not in result.stdout + result.stderr, "the content of /etc/passwd leaked into the output"
    outside = "dit is een snelkoppeling naar een bestand buiten de map; zet het bestand zelf in de map"
    expected = [line.replace(BROKEN, str(folder), 1) for line in golden_run.stdout.splitlines()] + [
        f"{folder}/buiten-de-map.yaml:1:1: {outside}",
        f"{folder}/wachtwoorden.yaml:1:1: {outside}",
        f"{folder}/rondje.yaml:1:1: dit is geen gewoon bestand",
        f"{folder}/vijf-megabyte.yaml:1:1: het bestand is te groot (meer dan 1000 kB)",
    ]
    assert sorted(result.stdout.splitlines()) == sorted(expected)


# --- hostile but valid: builds, and shows every bit of markup as text ------------------------

OUR_SCRIPTS = re.compile(r"^(\./|(\.\./)+)assets/([\w.-]+/)*[\w.-]+\.js$")
OUR_404_SCRIPTS = re.compile(r"^/assets/([\w.-]+/)*[\w.-]+\.js$")
OUR_ASSETS = re.compile(r"^(\./|(\.\./)+)assets/")
FORBIDDEN_TAGS = {
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "svg",
    "math",
    "style",
    "img",
    "video",
    "audio",
    "source",
    "textarea",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, run_build, today, plain_content) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "site"
    result = run_build("build", "--organisations", HOSTILE, "--content", plain_content, "--out", out, "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def hostile_pages(hostile_site, site_files, parse_html) -> dict:
    pages = {}
    for name in site_files(hostile_site, ".html"):
        text = (hostile_site / name).read_text(encoding="utf-8")
        pages[name] = (text, parse_html(text))
    return pages


def test_hostile_files_pass_check(run_build, today, plain_content):
    result = run_build("check", "--organisations", HOSTILE, "--content", plain_content, "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_script_but_our_own(hostile_pages):
    for name, (text, page) in hostile_pages.items():
        for attrs, inline in page.scripts:
            if attrs.get("type") == "application/ld+json" and "src" not in attrs:
                # Structured data: JSON, which can end the element only if '</' got through.
                assert "</" not in inline, (name, inline[:200])
                json.loads(inline)
                continue
            # 404.html is served at any depth, so its links start from the site's base path.
            ours = OUR_404_SCRIPTS if name == "404.html" else OUR_SCRIPTS
            assert ours.match(attrs.get("src", "")) and not inline.strip(), (name, attrs, inline[:80])
        raw = len(re.findall(r"<\s*script", text, re.I))
        assert raw == len(page.scripts), f"{name}: {raw} '<script' in the text, {len(page.scripts)} script tags"


def test_no_event_handler_attributes(hostile_pages):
    for name, (text, page) in hostile_pages.items():
        for tag, attrs in page.tags:
            handlers = [a for a in attrs if a.startswith("on")]
            assert not handlers, f"{name}: <{tag}> has {handlers}"


def _scheme(value: str) -> str:
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    return squeezed.split(":", 1)[0] if ":" in squeezed.split("/", 1)[0] else ""


def test_no_javascript_or_data_urls(hostile_pages):
    """No URL-valued attribute (href, src, action, ...) holds javascript:, vbscript: or data:.

    The literal text `javascript:` may well appear *as text* (a plain-text field that
    says `[x](javascript:alert(1))`, or a meta description); it is only dangerous as a URL.
    """
    for name, (text, page) in hostile_pages.items():
        for tag, attrs in page.tags:
            if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
                pytest.fail(f"{name}: meta refresh {attrs}")
        for tag, attr, value, _ in page.links:
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            assert "javascript:" not in squeezed and "vbscript:" not in squeezed, (name, tag, attr, value)
            if value == "data:,":
                continue  # the site's own empty placeholder (favicon; QR image before it is drawn)
            assert _scheme(value) in ("", "http", "https", "mailto", "tel"), (name, tag, attr, value)


def test_no_embedded_or_external_content_from_the_files(hostile_pages):
    for name, (text, page) in hostile_pages.items():
        for tag, attrs in page.tags:
            if tag == "img" and (attrs.get("src") == "data:," or OUR_ASSETS.match(attrs.get("src", ""))):
                continue  # the site's own images; Markdown images from a file are dropped
            assert tag not in FORBIDDEN_TAGS, f"{name}: <{tag} {attrs}>"
            if tag == "meta":
                assert attrs.get("http-equiv", "").lower() != "refresh", name
        for tag, attr, value, _ in page.links:
            assert "kwaadaardig.example.com" not in value, (name, tag, attr, value)


def test_no_template_is_evaluated(hostile_pages):
    text, page = hostile_pages["organisaties/sjablonen-en-tekens/index.html"]
    assert "{{ 7*7 }} Hulp {% if true %}ja{% endif %}" in page.main_text
    assert "${7*7} {{ config }} {# commentaar #}" in page.main_text
    assert "{% include 'base.html' %}" in page.main_text
    assert "49" not in page.main_text


def test_text_fields_show_the_markup_as_text(hostile_pages):
    text, page = hostile_pages["organisaties/html-in-tekstvelden/index.html"]
    shown = page.main_text
    for typed in [
        '<script>alert("naam")</script> Hulp',
        '<script>alert("melding")</script>',
        '<img src=x onerror=alert("samenvatting")> "Quotes" en \'apostrof\' en & teken.',
        '[klik hier](javascript:alert("samenvatting"))',
        '<script>alert("bereikbaarheid")</script>',
        '<a href="javascript:alert(\'uitleg\')">meld u aan</a>',
        '<iframe src="https://kwaadaardig.example.com/"></iframe>',
        '" onmouseover="alert(\'wachttijd\')',
        '<img src=x onerror=alert("locatie")>',
        'Straat 1 <script>alert("adres")</script>',
        '"><script>alert("plaats")</script>',
        '<script>alert(\'wijk\')</script>',
        '<script>alert("wanneer")</script>',
        '<img src=x onerror=alert("meenemen")>',
        '[x](javascript:alert("werkwijze"))',
        '<b>Dijkhaven</b>',
    ]:
        assert typed in shown, f"not shown as text: {typed}"
        assert typed not in text or "<" not in typed, f"written as markup: {typed}"


def test_markdown_description_keeps_text_and_drops_markup(hostile_pages):
    text, page = hostile_pages["organisaties/html-in-tekstvelden/index.html"]
    assert "Gewone tekst met vet." in page.main_text
    assert '<strong>vet</strong>' in text
    for dropped in ['alert("beschrijving")</script>', "body { display: none }"]:
        assert dropped not in page.main_text
    links = {value for tag, attr, value, in_main in page.links if in_main and tag == "a"}
    assert not any("javascript" in link.lower() or link.startswith("data:") for link in links), links


def test_markdown_links_keep_safe_targets(hostile_pages):
    text, page = hostile_pages["organisaties/sjablonen-en-tekens/index.html"]
    assert "https://www.voorbeeld.nl/uitleg" in page.main_hrefs()
    assert "<!--" not in text.split("<main", 1)[1], "an HTML comment from the file reached the page"


def test_hostile_names_are_escaped_on_every_list_page(hostile_pages):
    """Names appear on list, facet, search and gemeente pages too, and in <title>."""
    for name, (text, page) in hostile_pages.items():
        assert '<script>alert("naam")' not in text, name
        assert "<b>Dijkhaven</b>" not in text, name
    text, _ = hostile_pages["organisaties/html-in-tekstvelden/index.html"]
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert "<script" not in title and "&lt;script&gt;" in title


def test_hostile_open_data_keeps_the_text_as_typed(hostile_site):
    data = json.loads((hostile_site / "data" / "organisaties.json").read_text(encoding="utf-8"))
    names = {record["slug"]: record["naam"] for record in data["organisaties"]}
    assert names["html-in-tekstvelden"] == '<script>alert("naam")</script> Hulp'
    assert names["sjablonen-en-tekens"] == "{{ 7*7 }} Hulp {% if true %}ja{% endif %}"


def test_hostile_links_stay_inside_the_site(hostile_pages, hostile_site):
    for name, (text, page) in hostile_pages.items():
        if name == "404.html":
            continue
        for tag, attr, value, _ in page.links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("#", "data:")):
                continue
            target = urlsplit(urljoin(f"http://site/{name}", value)).path.lstrip("/")
            resolved = hostile_site / target
            if target == "" or target.endswith("/"):
                resolved = resolved / "index.html"
            assert resolved.is_file(), f"{name}: {attr}={value} -> {target} does not exist"
