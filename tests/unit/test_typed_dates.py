"""Dates typed day first (domain.shared.typed_dates), as the forms' labels ask."""

from __future__ import annotations

from datetime import date

import pytest

from domain.shared.typed_dates import format_label, parse_typed, typed


@pytest.mark.parametrize(
    "text", ["31/03/2018", "31-03-2018", "31.03.2018", "2018-03-31", " 31/3/2018 "]
)
def test_day_first_and_iso_are_read(text: str) -> None:
    assert parse_typed(text) == date(2018, 3, 31)


def test_the_day_comes_first_never_the_month() -> None:
    assert parse_typed("04/05/2018") == date(2018, 5, 4)


@pytest.mark.parametrize("text", ["03/31/2018", "31/03/18", "2018/03/31", "ieri", "", "32/01/2018"])
def test_what_is_not_a_day_first_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_typed(text)


def test_a_date_is_shown_as_it_is_typed_and_labelled_per_language() -> None:
    assert typed(date(2018, 4, 1)) == "01/04/2018"
    assert parse_typed(typed(date(2018, 4, 1))) == date(2018, 4, 1)
    assert (format_label("it"), format_label("en")) == ("gg/mm/aaaa", "dd/mm/yyyy")
