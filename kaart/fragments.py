"""Cards, list entries and other parts many pages show, each made once (kaart.render's pages use them)."""

from __future__ import annotations

from collections.abc import Iterator

from jinja2 import Environment
from markupsafe import Markup

from kaart.render_jinja import text_escape
from kaart.wegwijzer import walk_in_json

ENTRIES_AT_ONCE = 1024  # entries of a short list joined into one piece of the page
# What Fragments renders an entry with in place of a page's values, and how often each macro
# uses them: the way back to the top in its link, the heading level in its opening and closing tag.
MARKS = {"root": "\x00", "kop": "\x01"}
MARK_SPOTS = {"kaartje": {"root": 1, "kop": 2}, "kort": {"root": 1}, "verwijzing": {"root": 1}}


class Fragments:
    """What macro `name` of macros.html makes for an organisation, made once per slug and other values.

    A card or list entry shows on many pages (facets, gemeente, wegwijzer, referral lists), at several
    depths and heading levels. It is rendered once, with markers for the `marked` values (the way back
    to the top, the heading), which each page fills in. The markers are control characters, which the
    read stage refuses in every text, so they stand only where the macro put them; an entry where they
    are counted otherwise is rendered for each page's values instead.
    """

    def __init__(self, env: Environment, common: dict, name: str, marked: tuple[str, ...]):
        self.env, self.common, self.name, self.marked = env, common, name, marked
        self.made: dict[tuple, str | None] = {}
        self.exact: dict[tuple, Markup] = {}
        self.macro = None

    def __call__(self, slug: str, *args, **fills: str) -> Markup:
        """The entry of `slug` with these values (joined's work for one entry: a page of cards asks
        for each card apart, thousands on a national map's pages)."""
        text = self.made.get((slug, *args), "")
        if text == "":
            text = self._marked(slug, *args)
        if text is None:
            return self._exact(slug, *args, **fills)
        for value in self.marked:
            text = text.replace(MARKS[value], text_escape(fills[value]))
        return Markup(text)

    def joined(self, slugs: list[str], *args, **fills: str) -> str:
        """The entries of `slugs` with these values, one after the other."""
        marks = [(MARKS[value], text_escape(fills[value])) for value in self.marked]
        parts = []
        for slug in slugs:
            text = self.made.get((slug, *args), "")
            if text == "":
                text = self._marked(slug, *args)
            if text is None:
                parts.append(self._exact(slug, *args, **fills))
                continue
            for mark, value in marks:
                text = text.replace(mark, value)
            parts.append(text)
        return "".join(parts)

    def prepare(self, slugs: list[str]) -> None:
        """Make the entries of these slugs now, before a page asks for them (see render_site)."""
        for slug in slugs:
            if (slug,) not in self.made:
                self._marked(slug)

    def _render(self, slug: str, *args, **values) -> Markup:
        if self.macro is None:
            self.macro = getattr(self.env.get_template("macros.html").make_module(self.common), self.name)
        return self.macro(slug, self.common["orgs"][slug], *args, **values)

    def _marked(self, slug: str, *args) -> str | None:
        """The entry with markers, kept; None when the markers are not where the macro puts them."""
        text = str(self._render(slug, *args, **{value: MARKS[value] for value in self.marked}))
        if any(text.count(MARKS[value]) != MARK_SPOTS[self.name][value] for value in self.marked):
            text = None
        self.made[(slug, *args)] = text
        return text

    def _exact(self, slug: str, *args, **fills: str) -> Markup:
        """The entry rendered for these values, kept."""
        key = (slug, *args, *(fills[value] for value in self.marked))
        if key not in self.exact:
            self.exact[key] = self._render(slug, *args, **fills)
        return self.exact[key]


def card_renderer(env: Environment, common: dict):
    """kaartje_van(slug, root, kop): an organisation's card as the kaartje macro makes it, made once."""
    card = Fragments(env, common, "kaartje", ("root", "kop"))

    def kaartje_van(slug: str, root: str, kop: str) -> Markup:
        """The card of this organisation, at this depth and heading level."""
        return card(slug, root=root, kop=kop)

    kaartje_van.prepare = card.prepare  # type: ignore[attr-defined]
    return kaartje_van


def macros_module(env: Environment, common: dict):
    """A function that gives macros.html's module, made with the values pages share when first asked
    (once per build, instead of once per page that imports it)."""
    made = []

    def module():
        if not made:
            made.append(env.get_template("macros.html").make_module(common))
        return made[0]

    return module


def label_lists(env: Environment, common: dict, macros=None):
    """labels_van(facet, keys, root): the labels macro's list of an organisation's keys of a facet, made
    once per facet, keys and root (organisation pages share a few dozen sets of keys between them)."""
    made: dict[tuple, Markup] = {}
    macros = macros or macros_module(env, common)

    def labels_van(facet: str, keys: list[str], root: str) -> Markup:
        """The list of these keys' labels, each linking to its facet page."""
        key = (facet, tuple(keys), root)
        text = made.get(key)
        if text is None:
            text = made[key] = macros().labels(facet, keys, root)
        return text

    return labels_van


def reasons_renderer(env: Environment, common: dict):
    """waarom_van(slug): why an organisation fits, beside its card on a wegwijzer end page
    (wegwijzer-waarom.html). It depends on the organisation alone, so it is made once per slug, not
    for each of the dozens of end pages that show the organisation."""
    made: dict[str, Markup] = {}

    def waarom_van(slug: str) -> Markup:
        """The list of reasons of this organisation."""
        text = made.get(slug)
        if text is None:
            org = common["orgs"][slug]
            values = {"slug": slug, "org": org, "inloop_json": walk_in_json(org)}
            text = made[slug] = Markup(env.get_template("wegwijzer-waarom.html").render(common, **values))
        return text

    return waarom_van


def entry_renderers(env: Environment, common: dict) -> dict:
    """The list entries pages share, made once (Fragments): kaartje_van (card_renderer), korte_lijst(slugs,
    root, landelijke_lijst, een_gemeente), a short list's entries in blocks, verwijzing_van(slug, root)
    of a referral list (kaartje_van.prepare and verwijzing_van.prepare(slugs) make them ahead),
    and for an organisation page acties(knoppen) (the macro) and labels_van(facet, keys, root)
    (label_lists); waarom_van(slug) of a wegwijzer end page (reasons_renderer)."""
    kort = Fragments(env, common, "kort", ("root",))
    verwijzing = Fragments(env, common, "verwijzing", ("root",))
    macros = macros_module(env, common)

    def verwijzing_van(slug: str, root: str) -> Markup:
        """The entry of this organisation on a referral list, at this depth."""
        return verwijzing(slug, root=root)

    verwijzing_van.prepare = verwijzing.prepare  # type: ignore[attr-defined]

    def korte_lijst(slugs: list[str], root: str, *args) -> Iterator[Markup]:
        """The entries of a short list joined in blocks: one template step per block, not per entry."""
        for start in range(0, len(slugs), ENTRIES_AT_ONCE):
            yield Markup(kort.joined(slugs[start : start + ENTRIES_AT_ONCE], *args, root=root))

    return {
        "kaartje_van": card_renderer(env, common),
        "korte_lijst": korte_lijst,
        "verwijzing_van": verwijzing_van,
        "labels_van": label_lists(env, common, macros),
        "waarom_van": reasons_renderer(env, common),
        "acties": lambda knoppen: macros().acties(knoppen),
    }
