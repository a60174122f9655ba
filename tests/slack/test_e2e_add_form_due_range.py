"""The add form: a due date outside the range chat accepts (10 years back, 20 ahead) is shown
under the date field it came from, not under the owners."""

from __future__ import annotations

from typing import Any

from tests.slack.conftest import Harness
from tests.slack.signing import date_value, select_value, text_value


def _add(slack: Harness, **fields: Any) -> dict[str, Any]:
    values = {
        "title": {"title": text_value("Review the PEP audit")},
        "owners": {"owners": text_value("Fiona Smith")},
        "due": {"due": date_value(None)},
        "due_text": {"due_text": text_value("end of March 2016")},
        "plan": {"plan": select_value("leeds-improvement-plan")},
    }
    values.update(fields)
    response = slack.submit("add_action", values, metadata={"c": None})
    assert response.status_code == 200
    answer: dict[str, Any] = response.json()
    return answer


def test_a_picked_date_out_of_range_is_reported_under_the_date(slack: Harness) -> None:
    answer = _add(slack, due={"due": date_value("1990-01-31")})
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["due"]
    assert "31 Jan 1990" in answer["errors"]["due"]


def test_a_typed_timescale_out_of_range_is_reported_under_the_timescale(slack: Harness) -> None:
    answer = _add(slack, due_text={"due_text": text_value("31 March 2050")})
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["due_text"]
    assert "31 Mar 2050" in answer["errors"]["due_text"]


def test_an_unknown_owner_with_a_good_date_is_still_under_the_owners(slack: Harness) -> None:
    answer = _add(slack, owners={"owners": text_value("Zaphod Beeblebrox")})
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["owners"]
