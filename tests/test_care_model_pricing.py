"""Pricing a role for the plan's financial year: pay points, pay awards, on-costs, and the note a reader sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pch_workforce.care_model import CareModel
from pch_workforce.care_model.pricing import financial_year_of, price_role, price_year_note, years_between
from pch_workforce.mix.examples import ExampleRole, ExampleService, example_care_model


def _model(price_year: str, awards: dict[str, dict[str, Any]] | None = None) -> CareModel:
    """One AfC role: bottom £30,000, middle £35,000, top £40,000; NI 10% above £5,000; pension 20%."""
    base = example_care_model([ExampleRole("nurse", 1.0)], [ExampleService("s", {"nurse": (30, 1.0)})])
    data = base.model_dump(mode="json", exclude_none=True)
    data["age_bands"] = [str(b) for b in base.age_bands]
    data["price_year"] = price_year
    data["pay_awards"] = awards or {}
    data["employment"]["employer_ni_rate"]["value"] = 0.10
    data["employment"]["ni_secondary_threshold"]["value"] = 5_000
    data["employment"]["employer_pension_rate"]["value"] = 0.20
    role = data["roles"]["nurse"]
    role["pay"] = {"basis": "example band", "scale": "afc",
                   "salary": {"value": 35_000, "source": "example"},
                   "bottom": {"value": 30_000, "source": "example"},
                   "top": {"value": 40_000, "source": "example"}}
    del role["annual_cost"]  # derived again from pay and on-costs
    return CareModel.model_validate(data)


AWARD = {"2027/28": {"afc": {"value": 0.04, "source": "example award"},
                     "salaried_gp": {"value": 0.05, "source": "example award"}}}


def test_the_financial_year_follows_the_date() -> None:
    assert financial_year_of(dt.date(2027, 1, 4)) == "2026/27"
    assert financial_year_of(dt.date(2027, 4, 1)) == "2027/28"
    assert financial_year_of(dt.date(2027, 3, 31)) == "2026/27"
    assert years_between("2025/26", "2027/28") == ["2026/27", "2027/28"]


@pytest.mark.parametrize(("point", "salary"), [("bottom", 30_000), ("middle", 35_000), ("top", 40_000)])
def test_each_pay_point_is_costed_with_its_on_costs(point: str, salary: float) -> None:
    """salary + 10% of (salary - 5,000) + 20% of salary."""
    priced = price_role(_model("2026/27"), "nurse", point, "2026/27")
    assert priced.salary == salary
    assert priced.annual_cost == pytest.approx(salary + 0.1 * (salary - 5_000) + 0.2 * salary)


def test_a_later_plan_year_is_uplifted_by_the_care_models_award() -> None:
    """2027/28 AfC award 4%: middle 35,000 -> 36,400; cost 36,400 + 3,140 + 7,280 = 46,820."""
    priced = price_role(_model("2026/27", AWARD), "nurse", "middle", "2027/28")
    assert priced.salary == pytest.approx(36_400)
    assert priced.annual_cost == pytest.approx(46_820)
    assert "pay awards" in priced.explanation


def test_no_note_when_the_price_year_is_the_plan_year() -> None:
    assert price_year_note(_model("2026/27"), "2026/27") is None


def test_a_price_year_older_than_the_plan_year_is_reported() -> None:
    note = price_year_note(_model("2025/26"), "2026/27")
    assert note is not None
    assert "2025/26" in note and "2026/27" in note and "no pay award for 2026/27" in note
    assert price_role(_model("2025/26"), "nurse", "middle", "2026/27").salary == 35_000  # not uplifted


def test_an_award_given_for_the_plan_year_is_applied_and_said() -> None:
    note = price_year_note(_model("2026/27", AWARD), "2027/28")
    assert note is not None and "uplifted" in note and "AfC x 1.040" in note


def test_a_plan_before_the_price_year_is_priced_at_the_price_year_and_said() -> None:
    note = price_year_note(_model("2026/27"), "2025/26")
    assert note is not None and "later than the plan's financial year" in note


def test_a_financial_year_must_be_written_like_2026_27() -> None:
    with pytest.raises(ValueError, match="financial year"):
        _model("2026/28")
