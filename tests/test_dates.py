"""Date expressions (kg.dates): ISO dates from what releases write, with the
year or the day resolved against the release date when the text leaves it out.
Cases marked xfail are bugs reported to the owner of kg/nlp; strict, so they
fail once fixed and the marker has to go."""
from __future__ import annotations

from datetime import date

import pytest

from kg.dates import parse_dates, parse_range, to_date

REF = date(2023, 10, 30)  # a Monday


@pytest.mark.parametrize("text, expected", [
    ("from October 26 to October 27, 2023", ("2023-10-26", "2023-10-27")),
    ("Thursday, October 26 to Friday, October 27, 2023", ("2023-10-26", "2023-10-27")),
    ("26 October - 27 October 2023", ("2023-10-26", "2023-10-27")),
    ("8-12 September 2025", ("2025-09-08", "2025-09-12")),
    ("8–12 September 2025", ("2025-09-08", "2025-09-12")),
    ("September 8-12, 2025", ("2025-09-08", "2025-09-12")),
    ("Oct. 29-30, 2024", ("2024-10-29", "2024-10-30")),
    ("4-5 Dec 2022", ("2022-12-04", "2022-12-05")),
    ("26 and 27 October 2023", ("2023-10-26", "2023-10-27")),
    ("between 10 and 11 November 2025", ("2025-11-10", "2025-11-11")),
    ("October 26 through 28", ("2023-10-26", "2023-10-28")),
    ("from 26 October to 1 November 2023", ("2023-10-26", "2023-11-01")),
    ("30 December 2023 – 2 January 2024", ("2023-12-30", "2024-01-02")),
    ("December 30, 2023 to January 2, 2024", ("2023-12-30", "2024-01-02")),
    ("The meeting ran on 8-9 October 2019 in Yokohama.", ("2019-10-08", "2019-10-09")),
])
def test_dates_range(text, expected):
    assert parse_range(text, REF) == expected


@pytest.mark.parametrize("text", ["12-8 September 2025", "in 2018 and 2019", "no date here", "31-32 May 2024"])
def test_dates_range_refuses_non_ranges(text):
    assert parse_range(text, REF) is None


def test_dates_range_without_year_needs_release_date():
    assert parse_range("October 26-27") is None
    assert parse_range("October 26-27", REF) == ("2023-10-26", "2023-10-27")


def test_dates_range_without_year_in_january_release_is_last_year():
    assert parse_range("from December 28 to 31", date(2024, 1, 3)) == ("2023-12-28", "2023-12-31")


def test_dates_range_across_new_year_with_end_year_only():
    assert parse_range("from 30 December to 2 January 2024", REF) == ("2023-12-30", "2024-01-02")


def test_dates_range_with_ordinals():
    assert parse_range("8th-12th September 2025", REF) == ("2025-09-08", "2025-09-12")


@pytest.mark.parametrize("text, expected", [
    ("October 30, 2023", [(0, "2023-10-30")]),
    ("30 October 2023", [(0, "2023-10-30")]),
    ("Monday, 30 October 2023", [(0, "2023-10-30")]),
    ("Sept. 9, 2025", [(0, "2025-09-09")]),
    ("9th September 2025", [(0, "2025-09-09")]),
    ("2023-10-30", [(0, "2023-10-30")]),
    ("October 2023", [(0, "2023-10")]),
    ("in 2018", [(0, "2018")]),
    ("since 2019", [(0, "2019")]),
    ("March 2020 and 12 May 2021", [(0, "2020-03"), (15, "2021-05-12")]),
    ("It opened on 8 October.", [(13, "2023-10-08")]),
    ("July 17", [(0, "2023-07-17")]),
])
def test_dates_single(text, expected):
    assert parse_dates(text, REF) == expected


@pytest.mark.parametrize("text, expected", [
    ("yesterday", "2023-10-29"),
    ("today", "2023-10-30"),
    ("last year", "2022"),
    ("this year", "2023"),
    ("Sunday", "2023-10-29"),
    ("on Monday", "2023-10-30"),  # a bare weekday is the latest one, today included
    ("last Monday", "2023-10-23"),
    ("on Friday", "2023-10-27"),
])
def test_dates_relative_to_release_date(text, expected):
    assert parse_dates(text, REF) == [(0, expected)]


@pytest.mark.parametrize("text", ["yesterday", "Sunday", "July 17", "last year"])
def test_dates_relative_without_release_date_gives_nothing(text):
    assert parse_dates(text) == []


@pytest.mark.parametrize("text", ["February 29, 2023", "31 April 2023", "last week", "the 2020 plan"])
def test_dates_impossible_or_vague_dates_give_nothing(text):
    assert parse_dates(text, REF) == []


def test_dates_december_in_a_january_release_is_last_year():
    assert parse_dates("December 20", date(2024, 1, 10)) == [(0, "2023-12-20")]


def test_dates_lower_case_may_is_not_a_month():
    assert parse_dates("The ministry may 2 times a year review the plan.", REF) == []


def test_dates_to_date():
    assert to_date("2023-10-30") == date(2023, 10, 30)
    assert to_date("2023-02-30") is None
    # A month or a year alone is a reference for the dates a text leaves open.
    assert to_date("2023") == date(2023, 7, 1) and to_date("2023-04") == date(2023, 4, 15)
    assert to_date("2023-13") is None and to_date("spring") is None
    assert to_date(None) is None
