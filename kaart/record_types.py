"""What a record of each model of schema.py holds: its fields, read-only (kaart/records.py).

Generated from schema.py by `python -m kaart.records`; do not edit. tests/test_records.py fails
when it is out of date. A record has these properties and model_dump in json mode, nothing else
of the pydantic model.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, Protocol, runtime_checkable


@runtime_checkable
class Record(Protocol):
    """What every record has besides its fields."""

    def model_dump(self, *, mode: str, exclude_none: bool = False) -> dict[str, Any]: ...


@runtime_checkable
class Organisatie(Record, Protocol):
    """A light record of schema.Organisatie."""

    @property
    def naam(self) -> str: ...

    @property
    def soort(self) -> str: ...

    @property
    def samenvatting(self) -> str: ...

    @property
    def beschrijving(self) -> str | None: ...

    @property
    def werkgebied(self) -> Werkgebied: ...

    @property
    def fases(self) -> list[str]: ...

    @property
    def rollen(self) -> list[str]: ...

    @property
    def activiteiten(self) -> list[str]: ...

    @property
    def doelgroepen(self) -> list[str]: ...

    @property
    def trefwoorden(self) -> list[str]: ...

    @property
    def aanmelden(self) -> Aanmelden: ...

    @property
    def talen(self) -> list[str]: ...

    @property
    def contact(self) -> Contact: ...

    @property
    def locaties(self) -> list[Locatie]: ...

    @property
    def doorverwijzen(self) -> Doorverwijzen | None: ...

    @property
    def samenwerking(self) -> Samenwerking | None: ...

    @property
    def melding(self) -> Melding | None: ...

    @property
    def gecontroleerd(self) -> date: ...


@runtime_checkable
class Werkgebied(Record, Protocol):
    """A light record of schema.Werkgebied."""

    @property
    def landelijk(self) -> bool: ...

    @property
    def gemeenten(self) -> list[str]: ...

    @property
    def wijken(self) -> list[str]: ...


@runtime_checkable
class Aanmelden(Record, Protocol):
    """A light record of schema.Aanmelden."""

    @property
    def manieren(self) -> list[str]: ...

    @property
    def uitleg(self) -> str | None: ...

    @property
    def kosten(self) -> str | None: ...

    @property
    def wachttijd(self) -> str | None: ...

    @property
    def anoniem(self) -> bool | None: ...


@runtime_checkable
class Contact(Record, Protocol):
    """A light record of schema.Contact."""

    @property
    def telefoon(self) -> str | None: ...

    @property
    def email(self) -> str | None: ...

    @property
    def website(self) -> str | None: ...

    @property
    def whatsapp(self) -> str | None: ...

    @property
    def bereikbaarheid(self) -> str | None: ...


@runtime_checkable
class Locatie(Record, Protocol):
    """A light record of schema.Locatie."""

    @property
    def naam(self) -> str: ...

    @property
    def adres(self) -> str: ...

    @property
    def postcode(self) -> str: ...

    @property
    def plaats(self) -> str: ...

    @property
    def coordinaten(self) -> list[float] | None: ...

    @property
    def rolstoeltoegankelijk(self) -> bool | None: ...

    @property
    def toelichting(self) -> str | None: ...

    @property
    def spreekuren(self) -> list[Spreekuur]: ...


@runtime_checkable
class Doorverwijzen(Record, Protocol):
    """A light record of schema.Doorverwijzen."""

    @property
    def wanneer(self) -> str | None: ...

    @property
    def meenemen(self) -> list[str]: ...

    @property
    def werkwijze(self) -> str | None: ...

    @property
    def terugkoppeling(self) -> bool | None: ...


@runtime_checkable
class Samenwerking(Record, Protocol):
    """A light record of schema.Samenwerking."""

    @property
    def relatie(self) -> str | None: ...

    @property
    def financiering(self) -> list[str]: ...

    @property
    def vrijwilligers(self) -> int | None: ...


@runtime_checkable
class Melding(Record, Protocol):
    """A light record of schema.Melding."""

    @property
    def tekst(self) -> str: ...

    @property
    def tot(self) -> date: ...


@runtime_checkable
class Spreekuur(Record, Protocol):
    """A light record of schema.Spreekuur."""

    @property
    def dag(self) -> Literal['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag']: ...

    @property
    def van(self) -> str: ...

    @property
    def tot(self) -> str: ...

    @property
    def vorm(self) -> Literal['inloop', 'op-afspraak']: ...
