"""kaart/text.py's phone numbers: the quick way for the usual Dutch number gives what phonenumbers gives."""

import random

import phonenumbers
import pytest

from kaart import text

FORMS = (phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def test_a_usual_number_is_made_as_phonenumbers_parses_it():
    """For each area and mobile prefix, valid and not, spaced any way: the same number, the same forms."""
    chance = random.Random(20261202)
    for first in range(1, 10):
        for second in range(10):
            for _ in range(20):
                digits = f"0{first}{second}" + "".join(chance.choice("0123456789") for _ in range(7))
                written = digits[:2] + "".join((" " if chance.random() < 0.3 else "") + d for d in digits[2:])
                quick, parsed = text.parsed_phone.__wrapped__(written), phonenumbers.parse(written, "NL")
                assert quick == parsed, written
                for form in FORMS:
                    assert phonenumbers.format_number(quick, form) == phonenumbers.format_number(parsed, form)


def test_a_usual_number_skips_the_general_parse(monkeypatch):
    """Only a number written otherwise goes through phonenumbers.parse."""
    asked = []
    real = phonenumbers.parse
    monkeypatch.setattr(text.phonenumbers, "parse", lambda number, region: asked.append(number) or real(number, region))
    assert text.parsed_phone.__wrapped__("030 123 45 67").national_number == 301234567
    assert asked == []
    for other in ("0800 1234", "+32 2 123 45 67", "030-1234567"):
        assert text.parsed_phone.__wrapped__(other) == real(other, "NL")
    assert asked == ["0800 1234", "+32 2 123 45 67", "030-1234567"]


@pytest.mark.parametrize(
    ("shown", "href"),
    [("030 123 45 67", "tel:+31301234567"), ("06 12345678", "tel:+31612345678"), ("0800 1234", "tel:+318001234")],
)
def test_tel_href(shown, href):
    """A shown number's tel: link, international."""
    assert text.tel_href.__wrapped__(shown) == href
