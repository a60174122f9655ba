"""A refusal names the part of the request it is about, and the core passes that on."""

from __future__ import annotations

import pytest

from commands.core import _error
from commands.errors import NotFound, UserError, about
from commands.views import Notice


def test_a_refusal_inside_about_names_that_field() -> None:
    with pytest.raises(UserError) as caught, about("title"):
        raise UserError("No title.")
    assert caught.value.field == "title"


def test_the_innermost_field_wins() -> None:
    with pytest.raises(NotFound) as caught, about("owners"), about("plan"):
        raise NotFound("No such plan.")
    assert caught.value.field == "plan"


def test_a_field_given_by_the_raiser_is_kept() -> None:
    with pytest.raises(UserError) as caught, about("title"):
        raise UserError("Bad date.", field="due")
    assert caught.value.field == "due"


def test_other_errors_pass_through_untouched() -> None:
    with pytest.raises(ValueError), about("title"):
        raise ValueError("not a user error")


def test_the_core_reply_carries_the_field() -> None:
    reply = _error(UserError("Too long..", field="note"), understood=True).reply
    assert isinstance(reply, Notice)
    assert (reply.field, reply.text) == ("note", "Too long.")
