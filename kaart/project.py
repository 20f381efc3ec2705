"""The project: everything a build knows of its input, read and validated.

Its life cycle, in the order build.py goes through it:

1. `gather` (kaart/gather.py) reads and validates every file and makes the Project;
2. `with_history` adds the dates of the last git commits (kaart/history.py);
3. `with_warnings` adds the warnings (kaart/warnings.py), which need where each field stands
   in its file (`org_docs`);
4. `for_render` lets the warnings and those positions go: only the warnings needed them, and
   at a national map they are memory the render can use.

A Project is frozen: each step returns a new one that shares every value with the one before
(nothing is copied), so no stage sees a half-made project and the steps are the only way the
values change. The dicts inside stay dicts: serve's quick rebuild puts a changed organisation
in place of the old one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import schema
from kaart import record_types
from kaart.positions import PackedLocations, YamlDoc
from kaart.problems import Problem


@dataclass
class ContentPage:
    """A Markdown page from content/: its slug, front matter and Markdown body."""

    slug: str
    meta: schema.Pagina
    body: str
    path: str


@dataclass(frozen=True)
class Project:
    """Everything the build needs, validated: settings, vocabulary, organisations, pages."""

    today: date
    settings: schema.Instellingen
    vocab: schema.Taxonomie
    synonyms: schema.Synoniemen
    organisations: dict[str, record_types.Organisatie]
    """slug -> the validated organisation, as a light record of the model (kaart/records.py)"""
    org_paths: dict[str, str]
    org_docs: dict[str, YamlDoc | PackedLocations]
    """slug -> where each field stands in its file (for warnings; empty after for_render)"""
    pages: list[ContentPage]
    partners: dict[str, schema.Partner] | None = None
    warnings: list[Problem] = field(default_factory=list)
    """set by with_warnings; empty after for_render"""
    wegwijzer: schema.Wegwijzer | None = None
    verhuisd: dict[str, str] = field(default_factory=dict)
    """content/verhuisd.yaml: old slug -> new slug or 'gestopt'"""
    organisations_dir: str = ""
    content_dir: str = ""
    changed: dict[str, date] = field(default_factory=dict)
    """slug -> date of the last git commit that touched its file (set by with_history; empty without git)"""
    data_date: date | None = None
    """date of the last git commit that touched the organisations folder (set by with_history; None without git)"""

    def with_history(self, changed: dict[str, date], data_date: date | None) -> Project:
        """The project with the dates of its git history (step 2)."""
        return replace(self, changed=changed, data_date=data_date)

    def with_warnings(self, warnings: list[Problem]) -> Project:
        """The project with its warnings (step 3)."""
        return replace(self, warnings=warnings)

    def for_render(self) -> Project:
        """The project without its warnings and field positions (step 4): the render needs neither."""
        return replace(self, warnings=[], org_docs={})
