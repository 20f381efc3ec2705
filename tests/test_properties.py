"""Property-based tests (hypothesis) on the loader and on the text rendering.

Loader (kaart/read_files.py decode, kaart/read_yaml.py parse_yaml, then kaart.validate.validate_doc against
schema.Organisatie with the example's vocabulary): whatever bytes or text an editor
saves, the result is either a valid model and no problem, or no model and clean
problems (file, a line inside the file, a column, a message), never an exception.

Rendering (kaart.text.markdown_to_html, and a whole site rendered by
kaart.render.render_site around one organisation whose every text field is hostile):
no text can produce markup. No element but the allowed ones, no event-handler
attribute, no javascript:/vbscript:/data: address, no <script> but the site's own, and
JSON-LD that cannot close its <script>.

Together these take about 10 s of CPU (max_examples are set per test).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
import yaml
from jinja2 import BytecodeCache

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import schema  # noqa: E402
from kaart.derive import derive  # noqa: E402
from kaart.gather import gather  # noqa: E402
from kaart.problems import Problem  # noqa: E402
from kaart.read_files import decode, read_yaml_file  # noqa: E402
from kaart.read_yaml import parse_yaml  # noqa: E402
from kaart.render import Options, render_site  # noqa: E402
from kaart.text import ALLOWED_TAGS, markdown_to_html  # noqa: E402
from kaart.validate import validate_doc  # noqa: E402
from kaart.write import whole  # noqa: E402
from site_pages import REPO, TODAY  # noqa: E402

PATH = "organisations/proef.yaml"
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def vocab_context() -> dict:
    doc, problems = read_yaml_file(str(REPO / "content" / "taxonomie.yaml"))
    assert doc is not None, problems
    vocab, problems = validate_doc(doc, schema.Taxonomie, {})
    assert vocab is not None, problems
    return {"vocab": vocab, "today": date.fromisoformat(TODAY)}


EXAMPLE_TEXT = (REPO / "organisations" / "huurteam-dijkhaven.yaml").read_text(encoding="utf-8")
EXAMPLE = yaml.safe_load(EXAMPLE_TEXT)
EXAMPLE["gecontroleerd"] = EXAMPLE["gecontroleerd"].isoformat()  # as text, the way our reader sees it


def assert_clean(problems: list, text: str) -> None:
    """Problems an editor can act on: located inside the file, with a message."""
    # Lines as YAML counts them (CR, LF, CRLF, NEL, LS and PS all end a line), plus one
    # for a problem at the very end ("the file stops unexpectedly").
    lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text)) + 1
    for p in problems:
        assert isinstance(p, Problem), p
        assert p.path == PATH, p
        assert 1 <= p.line <= lines and p.column >= 1, f"{p} is outside the {lines - 1}-line file"
        assert isinstance(p.message, str) and p.message.strip(), p
        assert "Traceback" not in p.message, p
        p.format()
        p.format_github()


def load(text: str, context: dict):
    """The loader as the build runs a file through it: UTF-8 bytes, decode, parse, then
    validate. Returns (model, problems)."""
    decoded, problems = decode(PATH, text.encode("utf-8", errors="surrogatepass"))
    if decoded is None:
        assert_clean(problems, text)
        return None, problems
    text = decoded
    doc, problems = parse_yaml(PATH, text)
    assert (doc is None) == bool(problems), (doc, problems)
    if doc is None:
        assert_clean(problems, text)
        return None, problems
    model, problems = validate_doc(doc, schema.Organisatie, context)
    assert (model is None) == bool(problems), (model, problems)
    assert_clean(problems, text)
    if model is not None:
        assert isinstance(model, schema.Organisatie)
    return model, problems


# --- the loader -----------------------------------------------------------------

YAML_BITS = [
    "naam",
    "soort",
    "fases",
    "contact",
    "telefoon",
    "locaties",
    "spreekuren",
    "van",
    "tot",
    ":",
    ": ",
    "\n",
    "\n  ",
    "\n    ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "&a ",
    "*a",
    "!!python/object:os.system",
    "!!binary",
    "<<: *a",
    "---",
    "...",
    "#",
    "|",
    ">-",
    "\t",
    "\ufeff",
    "0301234567",
    "9:30",
    "no",
    "yes",
    "~",
    "null",
    "2026-02-30",
    "1e3",
    "0x1F",
    ".inf",
    "? ",
    "%YAML 1.1",
    "\\",
    "\\x00",
    "\u2028",
    "é",
]


@settings(SETTINGS, max_examples=150)
@given(st.text())
def test_any_text_gives_a_model_or_clean_problems(vocab_context, text):
    load(text, vocab_context)


@settings(SETTINGS, max_examples=150)
@given(st.lists(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=8)), max_size=40).map("".join))
def test_yaml_like_noise_gives_a_model_or_clean_problems(vocab_context, text):
    load(text, vocab_context)


@settings(SETTINGS, max_examples=100)
@given(st.binary(max_size=400))
def test_any_bytes_give_text_or_a_located_problem(vocab_context, raw):
    text, problems = decode(PATH, raw)
    if text is None:
        assert problems
        for p in problems:
            assert isinstance(p, Problem) and p.line >= 1 and p.column >= 1 and p.message
    else:
        load(text, vocab_context)


@st.composite
def edited_example(draw) -> str:
    """A real organisation file with a few random edits: lines replaced, text inserted, lines deleted."""
    lines = EXAMPLE_TEXT.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["replace", "insert", "delete", "splice"]))
        noise = draw(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=12)))
        if action == "replace":
            lines[i] = noise + "\n"
        elif action == "insert":
            lines.insert(i, noise + "\n")
        elif action == "delete" and len(lines) > 1:
            del lines[i]
        else:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + noise + lines[i][at:]
    return "".join(lines)


@settings(SETTINGS, max_examples=150)
@given(edited_example())
def test_an_edited_real_file_gives_a_model_or_clean_problems(vocab_context, text):
    load(text, vocab_context)


VALUES = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(max_size=15), st.floats(allow_nan=False), st.dates().map(str)
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


def leaf_paths(value, path=()):
    """Every place in the example's data a value can be put: (key, key, index, ...)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaf_paths(item, path + (i,))


PLACES = [p for p in leaf_paths(EXAMPLE) if p]


@settings(SETTINGS, max_examples=150)
@given(st.lists(st.tuples(st.sampled_from(PLACES), VALUES), min_size=1, max_size=3))
def test_wrong_values_in_real_fields_give_clean_problems(vocab_context, changes):
    """Any field of a valid file set to any value (text, number, list, mapping, nothing)."""
    data = copy.deepcopy(EXAMPLE)
    for place, value in changes:
        target = data
        try:
            for key in place[:-1]:
                target = target[key]
            target[place[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced the parent
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    load(text, vocab_context)


def test_the_example_itself_loads(vocab_context):
    model, problems = load(EXAMPLE_TEXT, vocab_context)
    assert model is not None and problems == []


# --- no markup from text --------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "[klik](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "[x](&#106;avascript:x)",
    "[x](java\tscript:alert(1))",
    "![x](javascript:alert(1))",
    "[x]: javascript:alert(1)\n\n[y][x]",
    "<javascript:alert(1)>",
    '<http://x.nl/"onmouseover="alert(1)>',
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="//evil.example"></iframe>',
    "<style>*{display:none}</style>",
    "<object data=x>",
    "<embed src=x>",
    "<form action=//evil><button>",
    '<div onclick="alert(1)">x</div>',
    "<scr<script>ipt>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "{{ 7*7 }}",
    "{% raw %}",
    "&lt;script&gt;",
    "`<script>`",
    "```\n<script>alert(1)</script>\n```",
    "<math><mi xlink:href=javascript:alert(1)>",
    "<base href=//evil>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "\u2028\u2029",
    "<p style=background:url(javascript:alert(1))>",
    "<a href=\"https://x.nl\" onmouseover=alert(1)>",
    "*<em onmouseover=alert(1)>*",
    "<details open ontoggle=alert(1)>",
]
# No control characters (another test's subject) and no lone surrogates (not text).
PLAIN = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
HOSTILE_TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE), PLAIN), min_size=1, max_size=4).map("".join)
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "style",
    "svg",
    "math",
    "base",
    "meta",
    "form",
    "frame",
    "frameset",
    "applet",
    "link",
    "template",
    "noscript",
    "textarea",
    "input",
    "button",
    "select",
}


class Markup(HTMLParser):
    """Every element and attribute of an HTML text, entities decoded as a browser does."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.script_text: list[str] = []
        self._script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k.lower(): v or "" for k, v in attrs}))
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script:
            self.script_text[-1:] = [(self.script_text[-1] if self.script_text else "") + data]


def address_problem(value: str) -> str | None:
    """What is wrong with an address in the output, or None: it may be relative or safe.
    Read as a browser does (WHATWG URL): leading and trailing controls and spaces go,
    tabs and newlines anywhere go, then a scheme is letters, digits, + . - before ':'."""
    squeezed = re.sub(
        r"[\t\n\r]",
        "",
        value.strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r"
            "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
            "\x1a\x1b\x1c\x1d\x1e\x1f "
        ),
    ).lower()
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", squeezed)
    if scheme and scheme.group(0) not in SAFE_SCHEMES:
        return f"address with scheme {scheme.group(0)} {value[:60]!r}"
    return None


def markup_problems(
    html: str, allowed_tags: set[str] | None = None, allowed_scripts: set[str] = frozenset()
) -> list[str]:
    """Why this HTML carries markup no editor's text may produce."""
    page = Markup(html)
    problems = []
    for tag, attrs in page.elements:
        if allowed_tags is not None and tag not in allowed_tags:
            problems.append(f"element <{tag}>")
        if tag == "script":
            if attrs.get("src", "") not in allowed_scripts and attrs.get("type") != "application/ld+json":
                problems.append(f"script {attrs}")
        elif allowed_tags is None and tag in DANGEROUS_TAGS - {
            "meta",
            "link",
            "form",
            "input",
            "button",
            "select",
            "noscript",
            "template",
        }:
            problems.append(f"element <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"event handler {name}= on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"):
                problem = address_problem(value)
                if problem and not (tag in ("img", "link") and value.startswith(("data:,", "data:image/"))):
                    problems.append(f"<{tag} {name}>: {problem}")
            if name == "style":
                problems.append(f"style attribute on <{tag}>")
    for text in page.script_text:
        if re.search(r"</script|<!--", text, re.I):
            problems.append(f"a script's text can close it: {text[:80]!r}")
    return problems


@settings(SETTINGS, max_examples=300)
@given(HOSTILE_TEXT, st.integers(0, 3))
def test_markdown_never_produces_markup(source, shift):
    html = markdown_to_html(source, shift_headings=shift)
    problems = markup_problems(html, ALLOWED_TAGS | {"h5", "h6"})
    assert not problems, f"{source!r} gave {html!r}: {problems}"
    assert not re.search(r"<\s*/?\s*(script|iframe|svg|style)", html, re.I), html


# Every free-text field of an organisation file (the rest are keys, numbers, dates,
# and phone numbers, e-mail addresses and websites that are validated as such).
TEXT_FIELDS = [
    ("naam",),
    ("samenvatting",),
    ("beschrijving",),
    ("trefwoorden", 0),
    ("werkgebied", "gemeenten", 0),
    ("aanmelden", "uitleg"),
    ("aanmelden", "kosten"),
    ("aanmelden", "wachttijd"),
    ("contact", "bereikbaarheid"),
    ("locaties", 0, "naam"),
    ("locaties", 0, "adres"),
    ("locaties", 0, "plaats"),
    ("locaties", 0, "toelichting"),
    ("doorverwijzen", "wanneer"),
    ("doorverwijzen", "meenemen", 0),
    ("doorverwijzen", "werkwijze"),
    ("melding", "tekst"),
]


class CompiledOnce(BytecodeCache):
    """Jinja's compiled templates kept in memory: each example renders a new site, with a new
    environment, from the same templates (a bucket's key holds the template's source checksum)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="module", autouse=True)
def templates_compiled_once():
    """Every environment the renderer makes in this module shares one CompiledOnce: compiling the
    templates again for each example was most of this module's time, and tests nothing."""
    from kaart import render

    cache, make = CompiledOnce(), render.make_environment

    def make_environment(templates_dir: str):
        env = make(templates_dir)
        if env.bytecode_cache is None:
            env.bytecode_cache = cache
        return env

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "make_environment", make_environment)
        yield


@pytest.fixture(scope="module")
def project():
    """The example project, to render one hostile organisation in."""
    return gather(str(REPO / "organisations"), str(REPO / "content"), date.fromisoformat(TODAY))


@pytest.fixture(scope="module")
def own_scripts(project) -> set[str]:
    """The <script src> of the site's own pages, as rendered for the example."""
    files = render_files(project, derive(project), str(REPO / "templates"), Options())
    return {
        attrs["src"]
        for name, content in files.items()
        if name.endswith(".html")
        for tag, attrs in Markup(content.decode("utf-8")).elements
        if tag == "script" and "src" in attrs
    }


def render_files(project, derived, templates_dir: str, options: Options) -> dict[str, bytes]:
    """Every output file of the site by path, as the build's render_site hands them to its writer."""
    files: dict[str, bytes] = {}

    def write(path: str, content) -> None:
        assert path not in files, f"{path} made twice"
        files[path] = whole(content)

    render_site(project, derived, templates_dir, options, write)
    return files


def render_one(project, model, slug="proef"):
    """Every output file of a site that holds only this organisation."""
    one = dataclasses.replace(
        project, organisations={slug: model}, org_paths={slug: PATH}, org_docs={}, verhuisd={}, changed={}, warnings=[]
    )
    return render_files(one, derive(one), str(REPO / "templates"), Options(base_url="https://kaart.example.nl/"))


_CHECKED: dict[tuple[str, frozenset], list[str]] = {}


def page_problems(text: str, own_scripts: set[str]) -> list[str]:
    """markup_problems of a page, looked at once per distinct text (pages the hostile fields do not
    reach come out the same in every example)."""
    key = (text, frozenset(own_scripts))
    if key not in _CHECKED:
        _CHECKED[key] = markup_problems(text, allowed_scripts=own_scripts)
    return _CHECKED[key]


@settings(SETTINGS, max_examples=30)
@given(st.lists(st.tuples(st.sampled_from(TEXT_FIELDS), HOSTILE_TEXT), min_size=1, max_size=len(TEXT_FIELDS)))
def test_no_text_field_produces_markup_in_any_page(vocab_context, project, own_scripts, changes):
    data = copy.deepcopy(EXAMPLE)
    data["melding"] = {"tekst": "Gesloten", "tot": "2099-12-31"}
    for place, text in changes:
        target = data
        for key in place[:-1]:
            target = target[key]
        target[place[-1]] = text
    model, problems = load(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), vocab_context)
    if model is None:
        return  # refused with clean problems (e.g. too long): nothing is rendered
    files = render_one(project, model)
    failures = []
    for name, content in sorted(files.items()):
        text = content.decode("utf-8")
        if name.endswith(".html"):
            failures += [f"{name}: {p}" for p in page_problems(text, own_scripts)]
        elif name.endswith(".json"):
            json.loads(text)  # still valid JSON, whatever the text
    assert not failures, f"hostile text {changes!r}:\n" + "\n".join(failures[:20])


def test_the_markup_check_sees_markup():
    """The checks above can fail."""
    assert markup_problems('<p onclick="x">a</p>')
    assert markup_problems('<a href=" JaVa&#x09;script:alert(1)">a</a>')
    assert markup_problems("<script>alert(1)</script>", allowed_scripts={"../assets/zoeken.js"})
    assert markup_problems('<script type="application/ld+json">{"a": "</script><script>x"}</script>')
    assert markup_problems("<svg></svg>")
    assert not markup_problems('<a href="https://x.nl/?q=javascript:">a</a><img src="data:,">')


def test_a_c1_control_character_is_reported(vocab_context):
    text = EXAMPLE_TEXT.replace("naam: Huurteam Dijkhaven", "naam: Huurteam \u0096 Dijkhaven")
    decoded, problems = decode(PATH, text.encode("utf-8"))
    if decoded is None:
        assert problems and problems[0].line == 2
        return
    doc, problems = parse_yaml(PATH, decoded)
    assert doc is None and problems and problems[0].line == 2, problems


def test_no_control_characters_reach_the_output(vocab_context, project):
    text = EXAMPLE_TEXT.replace("naam: Huurteam Dijkhaven", 'naam: "Huurteam\\x07 Dijkhaven\\x00"')
    model, problems = load(text, vocab_context)
    if model is None:
        assert problems  # refused: fine
        return
    files = render_one(project, model)
    bad = [
        name
        for name, content in files.items()
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", content.decode("utf-8"))
    ]
    assert not bad, f"control characters in {bad[:5]}"
