"""Journeys: residents played in headless Chromium on a 360 x 740 phone, taps and scrolling counted.

    python bench/journeys.py                        # the example region and a generated one of 3,000
    python bench/journeys.py --regions voorbeeld    # only the example
    python bench/journeys.py --site DIR --verhalen FILE   # an already built site and its stories
    python bench/journeys.py --json bench/results-journeys.json
    python bench/journeys.py --zonder-beginkeuze     # the gemeente from the wegwijzer's list, not the home page

A story is a resident of one gemeente who types words into the search field of the home page
(`typ`), taps a choice of the wegwijzer (`keuze`, optionally `antwoord` for its follow-up
question) or taps the urgent line on the home page (`keuze: spoed`). The example's stories are
bench/verhalen-voorbeeld.yaml; for the generated region bench/generate.py writes the stories with
their answer key (`--verhalen`).

Each story starts on the home page at scroll 0, with nothing remembered from another story. Where
the home page offers "Uw gemeente" above the wegwijzer (JavaScript, more than one gemeente), the
resident chooses it there first, so the choices go straight to the gemeente; a list of gemeenten
is narrowed by typing the name into its field (or by its first letter). Counted, as the journey definitions say:
- taps: one click, one choice in a list, or typing into one field (Enter included), until the
  right organisation's call button (its tel: link; the organisation's link when it has no phone)
  is on the page;
- scrolled: the pixels the resident must then scroll for that button to lie wholly on the screen
  (0: it is on the first screen);
- shown: on a wegwijzer end page, the organisations shown before "Meer hulp" (links outside a
  closed <details>), and whether all of them serve the gemeente or the whole country;
- rank: for a search, the place of the best placed right organisation among the results.
It prints one table per region with the medians per kind of story, and the goals.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import journeys_helpers as helpers  # noqa: E402
from relevance import TODAY, browser, build_site, serve  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 360, 740
SLUG = re.compile(r"organisaties/([a-z0-9-]+)/?(?:[?#].*)?$")


def slugify(text: str) -> str:
    """The gemeente slug as the site makes it (lower case, accents off, hyphens)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


# --- one resident --------------------------------------------------------------------------


class Journey:
    """One story played on one page: counts taps and the pixels scrolled to reach what is tapped."""

    def __init__(self, page, base: str, story: dict, organisations: dict[str, dict], home_choice: bool = True):
        self.page, self.base, self.story, self.organisations = page, base, story, organisations
        self.use_home_choice = home_choice
        self.taps = self.scrolled = 0
        self.gemeente = slugify(story["gemeente"])
        self.numbers = {
            phone_digits(organisations[slug])
            for slug in story.get("goed") or []
            if slug in organisations and phone_digits(organisations[slug])
        }

    def reach(self, locator) -> None:
        """Scroll (counted) until the element lies wholly on the screen, as a resident would."""
        box = locator.evaluate("e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; }")
        need = max(0, box[1] - HEIGHT) if box[0] >= 0 else -box[0]
        self.scrolled += round(need)
        locator.scroll_into_view_if_needed()

    def tap(self, locator) -> None:
        """Reach a link or control and click it; wait for what it opens."""
        self.reach(locator)
        locator.click()
        self.taps += 1
        self.page.wait_for_load_state("load")
        self.settle()

    def settle(self) -> None:
        """Wait until the search page has shown its results for the current URL."""
        if "/zoeken/" in self.page.url:
            self.page.wait_for_selector("html[data-zoeken=klaar]", timeout=20000)
            self.page.wait_for_timeout(250)  # the search's debounce and a frame

    def visible(self, selector: str):
        """The first element matching selector that is shown, or None."""
        for handle in self.page.locator(selector).all():
            if handle.is_visible():
                return handle
        return None

    def choose_gemeente(self) -> None:
        """On a page that asks the gemeente: tap the resident's own (a link, a checkbox or a list).
        In the wegwijzer's long list: type the name into its field, or tap the first letter, first."""
        link = self.visible(f'main a[href$="/{self.gemeente}/"]')
        if link is not None and "/zoeken/" not in self.page.url:
            field = self.visible("#gemeente-filter")
            letter = self.visible(f'main .letters a[href="#letter-{self.letter()}"]')
            if field is not None:  # typing the name, Enter included, is one tap: Enter opens the one left
                self.reach(field)
                field.fill(self.story["gemeente"])
                field.press("Enter")
                self.taps += 1
                self.page.wait_for_url(re.compile(f"/{re.escape(self.gemeente)}/"))
                self.page.wait_for_load_state("load")
                return
            if letter is not None:
                self.tap(letter)
            self.tap(link)
            return
        choice = self.visible("select#gemeente-keuze")
        if choice is not None:  # the search page's gemeente choice beside the search field
            self.reach(choice)
            choice.select_option(self.gemeente)
            self.taps += 1
            self.settle()
            return
        box = self.page.locator(f'input[name=gemeente][value="{self.gemeente}"]')
        if box.count():
            if not box.first.is_visible():
                self.tap(self.page.locator("details:has(input[name=gemeente]) > summary").first)
            if not box.first.is_checked():
                self.tap(box.first)
            summary = self.page.locator("details[open]:has(input[name=gemeente]) > summary")
            if not self.on_screen() and summary.count():
                self.tap(summary.first)  # fold the filters again: the results are under them
            return
        select = self.page.locator("select[name=gemeente]")
        if select.count():
            self.reach(select.first)
            select.first.select_option(self.gemeente)
            self.taps += 1
            self.settle()

    def letter(self) -> str:
        """The first letter or digit of the gemeente's name, as the list's jump links have it."""
        return next((c for c in self.gemeente if c.isalnum()), "#")

    def home_choice(self) -> bool:
        """On the home page: choose the gemeente above the wegwijzer (one choice in a list), when shown."""
        choice = self.visible("select#gemeente-home") if self.use_home_choice else None
        if choice is None:
            return False
        self.reach(choice)
        choice.select_option(self.gemeente)
        self.taps += 1
        return True

    def typed(self) -> None:
        """Type the story's words into the home page's search field and send them."""
        field = self.page.locator('main input[type=search][name="q"]').first
        self.reach(field)
        field.fill(self.story["typ"])
        field.press("Enter")
        self.taps += 1
        self.page.wait_for_url(re.compile(r"/zoeken/"))
        self.settle()
        if not self.on_screen() and f"gemeente={self.gemeente}" not in self.page.url:
            self.choose_gemeente()

    def wegwijzer(self) -> None:
        """Tap the situation on the home page, then the gemeente and the answer where asked."""
        choice = self.story["keuze"]
        self.home_choice()
        self.tap(
            self.page.locator(
                f'main a[data-wegwijzer$="wegwijzer/{choice}/"], main a[href$="wegwijzer/{choice}/"]'
            ).first
        )
        if self.page.url.rstrip("/").endswith(f"/wegwijzer/{choice}"):
            self.choose_gemeente()
        answer = self.story.get("antwoord")
        if answer:
            self.tap(self.page.locator(f'main a[href$="/{answer}/"]').first)

    def spoed(self) -> None:
        """The urgent line on the home page: its call link, or the way to the gemeente's own number."""
        if self.on_screen():
            return
        other = self.visible(".spoedregel a:not([href^='tel:'])")
        if other is not None and other.get_attribute("data-wegwijzer") is not None:
            self.home_choice()  # the line then goes straight to the gemeente's urgent page
        if other is not None:
            self.tap(other)
            if not self.on_screen():
                self.choose_gemeente()

    def shown(self) -> list[str]:
        """Slugs of the organisations the page shows before "Meer hulp" (not inside a closed details)."""
        return self.page.evaluate(
            """() => {
                const seen = [];
                for (const a of document.querySelectorAll('main a[href*="organisaties/"]')) {
                    if (a.closest('details:not([open])') || a.closest('nav')) continue;
                    const m = a.getAttribute('href').match(/organisaties\\/([a-z0-9-]+)\\/?$/);
                    if (m && !seen.includes(m[1])) seen.push(m[1]);
                }
                return seen;
            }"""
        )

    def target(self) -> dict | None:
        """The right call button on the page (a tel: link of a right organisation's number; without an
        answer key, the first organisation shown) with the scroll it still needs, and the rank."""
        return self.page.evaluate(
            """([goed, numbers, height]) => {
                const scope = document.querySelector('#resultaten') || document.querySelector('main');
                const links = [...scope.querySelectorAll('a[href*="organisaties/"]')]
                    .filter(a => !a.closest('details:not([open])') && !a.closest('nav') && a.offsetParent);
                const slugs = [];
                for (const a of links) {
                    const m = a.getAttribute('href').match(/organisaties\\/([a-z0-9-]+)\\/?$/);
                    if (m && !slugs.includes(m[1])) slugs.push(m[1]);
                }
                const need = e => { const r = e.getBoundingClientRect();
                                    return r.top >= 0 ? Math.max(0, Math.ceil(r.bottom - height)) : Math.ceil(-r.top); };
                let buttons = [];
                if (numbers.length) {
                    buttons = [...document.querySelectorAll('main a[href^="tel:"]')]
                        .filter(a => a.offsetParent && !a.closest('details:not([open])')
                                && numbers.includes(a.getAttribute('href').replace(/\\D/g, '')));
                } else if (slugs.length) {
                    const first = links.find(a => a.getAttribute('href').includes('organisaties/' + slugs[0] + '/'));
                    const card = first.closest('li, article, section') || first.parentElement;
                    buttons = [card.querySelector('a[href^="tel:"]') || first];
                }
                if (!buttons.length) return null;
                buttons.sort((a, b) => need(a) - need(b));
                const slug = slugs.find(s => goed.includes(s)) || (goed.length ? null : slugs[0] || null);
                return {slug: slug, rank: slug ? slugs.indexOf(slug) + 1 : 0,
                        tel: buttons[0].getAttribute('href').startsWith('tel:'), scrolled: need(buttons[0])};
            }""",
            [self.story.get("goed") or [], sorted(self.numbers), HEIGHT],
        )

    def on_screen(self) -> bool:
        """Whether the right call button already lies wholly on the screen (the resident stops there)."""
        found = self.target()
        return bool(found and found["tel"] and found["scrolled"] == 0 and self.numbers)

    def play(self) -> dict:
        """Play the story from the home page; return its figures."""
        self.page.goto(self.base, wait_until="load")
        self.page.evaluate("() => sessionStorage.clear()")  # a new resident: no gemeente chosen before
        self.page.reload(wait_until="load")
        kind = "spoed" if self.story.get("keuze") == "spoed" else ("zoeken" if "typ" in self.story else "wegwijzer")
        if kind == "spoed":
            self.spoed()
        elif kind == "zoeken":
            self.typed()
        else:
            self.wegwijzer()
        found = self.target() or {}
        row = {
            "verhaal": self.story.get("typ")
            or self.story.get("keuze") + ("/" + self.story["antwoord"] if self.story.get("antwoord") else ""),
            "gemeente": self.story["gemeente"],
            "soort": ("urgent " if self.story.get("urgent") else "") + kind,
            "taps": self.taps,
            "gevonden": found.get("slug") or ("belknop" if found.get("tel") else None),
            "tel": found.get("tel", False),
            "rang": found.get("rank"),
            "gescrold": None if not found else self.scrolled + found["scrolled"],
            "eind": found.get("scrolled"),
            "url": self.page.url.removeprefix(self.base),
        }
        if kind == "wegwijzer":
            shown = self.shown()
            row["getoond"] = len(shown)
            row["alle_hier"] = all(self.serves(slug) for slug in shown)
        return row

    def serves(self, slug: str) -> bool:
        """Whether the organisation works in the story's gemeente or in the whole country."""
        org = self.organisations.get(slug, {})
        gebied = org.get("werkgebied") or {}
        return bool(gebied.get("landelijk")) or self.story["gemeente"] in (gebied.get("gemeenten") or [])


def phone_digits(org: dict) -> str:
    """An organisation's phone number as the digits of its tel: link (+31...), or ''."""
    number = re.sub(r"\D", "", (org.get("contact") or {}).get("telefoon") or "")
    return "31" + number[1:] if number.startswith("0") else number


# --- a region ------------------------------------------------------------------------------


def organisations_of(site: Path) -> dict[str, dict]:
    """The site's organisations by slug, from its open data."""
    data = json.loads((site / "data" / "organisaties.json").read_text(encoding="utf-8"))
    return {org["slug"]: org for org in data["organisaties"]}


def play_region(site: Path, stories: list[dict], home_choice: bool = True) -> list[dict]:
    """Play every story on a built site; one row each."""
    organisations = organisations_of(site)
    rows = []
    with serve(site) as base, browser() as chromium:
        context = chromium.new_context(
            viewport={"width": WIDTH, "height": HEIGHT},
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            is_mobile=True,
            has_touch=True,
        )
        page = context.new_page()
        page.set_default_timeout(8000)
        for story in stories:
            try:
                rows.append(Journey(page, base, story, organisations, home_choice).play())
            except Exception as error:  # a story that cannot be played is a finding, not a crash
                rows.append(
                    {
                        "verhaal": story.get("typ") or story.get("keuze"),
                        "gemeente": story["gemeente"],
                        "soort": "fout",
                        "fout": str(error).splitlines()[0][:120],
                    }
                )
        context.close()
    return rows


def medians(rows: list[dict]) -> list[dict]:
    """Per kind of story: the median taps, pixels scrolled and organisations shown."""
    kinds: dict[str, list[dict]] = {}
    for row in rows:
        kinds.setdefault(row["soort"], []).append(row)
    summary = []
    for kind, group in sorted(kinds.items()):
        played = [r for r in group if r.get("gescrold") is not None]
        summary.append(
            {
                "soort": kind,
                "verhalen": len(group),
                "taps": statistics.median([r["taps"] for r in played]) if played else None,
                "gescrold": statistics.median([r["gescrold"] for r in played]) if played else None,
                "eerste_scherm": sum(r["eind"] == 0 for r in played),
                "getoond": statistics.median([r["getoond"] for r in group if "getoond" in r])
                if any("getoond" in r for r in group)
                else None,
            }
        )
    return summary


def print_region(name: str, rows: list[dict]) -> None:
    """The rows and the medians as plain tables."""
    print(f"\n## {name}: {len(rows)} verhalen, {WIDTH} x {HEIGHT}\n")
    print(
        "| verhaal | gemeente | soort | taps | gescrold px | op de laatste pagina | rang | getoond | alle hier "
        "| gevonden |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['verhaal']} | {r['gemeente']} | {r['soort']} | {r.get('taps', '')} | {r.get('gescrold', '-')} "
            f"| {r.get('eind', '-')} "
            f"| {r.get('rang') or ''} | {r.get('getoond', '')} | {r.get('alle_hier', '')} "
            f"| {r.get('gevonden') or r.get('fout', 'niet gevonden')} |"
        )
    print(
        "\n| soort | verhalen | taps (mediaan) | gescrold px (mediaan) | knop op het eerste scherm van de laatste "
        "pagina | getoond (mediaan) |"
    )
    print("|---|---|---|---|---|---|")
    for s in medians(rows):
        print(
            f"| {s['soort']} | {s['verhalen']} | {s['taps']} | {s['gescrold']} | {s['eerste_scherm']} "
            f"| {s['getoond'] if s['getoond'] is not None else ''} |"
        )


def goals(rows: list[dict]) -> list[str]:
    """The issue's goals, each as a line that says whether it is met."""
    lines = []
    urgent = [r for r in rows if r["soort"].startswith("urgent")]
    ok = [r for r in urgent if r.get("eind") == 0 and r.get("taps", 9) <= 2 and r.get("tel")]
    lines.append(
        f"urgent: the gemeente's debt help's call button on the first screen, <= 2 taps: {len(ok)}/{len(urgent)}"
    )
    ways = [r for r in rows if r["soort"] == "wegwijzer"]
    ok = [
        r
        for r in ways
        if r.get("taps", 9) <= 3 and r.get("getoond", 99) <= 6 and r.get("alle_hier") and r.get("eind") == 0
    ]
    lines.append(f"wegwijzer: <= 3 taps, <= 6 shown, all serving the gemeente, first on screen: {len(ok)}/{len(ways)}")
    searches = [r for r in rows if r["soort"] == "zoeken"]
    ok = [r for r in searches if r.get("eind") == 0 and r.get("rang") == 1]
    lines.append(
        f"search with a gemeente: the right first result's call button on the first screen: {len(ok)}/{len(searches)}"
    )
    return lines


def load_stories(path: Path) -> list[dict]:
    """The stories of a verhalen file (YAML; the generated ones are JSON, which YAML reads too)."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["verhalen"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", default="voorbeeld,3000", help="voorbeeld and/or a size to generate")
    parser.add_argument("--site", help="an already built site (with --verhalen)")
    parser.add_argument("--verhalen", help="the stories for --site")
    parser.add_argument("--json", help="also write the rows and medians to this file")
    parser.add_argument(
        "--helpers",
        choices=["ja", "nee", "alleen"],
        default="ja",
        help="also (or only) the helpers' journeys: the volunteer's verwijskaart, the regisseur's overview",
    )
    parser.add_argument(
        "--zonder-beginkeuze",
        action="store_true",
        help="the resident skips the home page's gemeente choice and picks it from the list",
    )
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="journeys-") as tmp:
        tmp = Path(tmp)
        regions = []
        partner_sites: dict[str, Path] = {}  # the partner build of a region, for the regisseur
        if args.site:
            regions.append(("site", Path(args.site), load_stories(Path(args.verhalen))))
        else:
            for region in args.regions.split(","):
                if region == "voorbeeld":
                    site = build_site(tmp / "voorbeeld")
                    regions.append(("voorbeeld (30)", site, load_stories(REPO / "bench" / "verhalen-voorbeeld.yaml")))
                    if args.helpers != "nee":
                        partner_sites["voorbeeld (30)"] = helpers.build_partner_site(
                            tmp / "voorbeeld-partners", None, REPO / "voorbeeld-partners", TODAY
                        )
                else:
                    sys.path.insert(0, str(REPO / "bench"))
                    import generate

                    folder = tmp / f"n{region}"
                    generate.generate(int(region), folder / "organisations", stories=folder / "verhalen.yaml")
                    site = build_site(folder / "site", organisations=folder / "organisations")
                    regions.append((f"gegenereerd ({region})", site, load_stories(folder / "verhalen.yaml")))
                    if args.helpers != "nee":
                        partner_sites[f"gegenereerd ({region})"] = helpers.build_partner_site(
                            folder / "site-partners", folder / "organisations", folder / "geen-partners", TODAY
                        )
        for name, site, stories in regions:
            if args.helpers != "alleen":
                rows = play_region(site, stories, not args.zonder_beginkeuze)
                print_region(name, rows)
                for line in goals(rows):
                    print("- " + line)
                results[name] = {"rows": rows, "medians": medians(rows), "goals": goals(rows)}
            if args.helpers != "nee":
                organisations = organisations_of(site)
                rows = helpers.play_helpers(
                    site,
                    partner_sites.get(name),
                    helpers.helper_stories(organisations),
                    Journey,
                    serve,
                    browser,
                    organisations,
                    {"width": WIDTH, "height": HEIGHT},
                )
                helpers.print_helpers(name, rows, medians)
                for line in helpers.helper_goals(rows):
                    print("- " + line)
                results[f"{name}: helpers"] = {
                    "rows": rows,
                    "medians": medians(rows),
                    "goals": helpers.helper_goals(rows),
                }
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
