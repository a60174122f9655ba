"""Working out which form field a refusal is about never logs what was typed."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.slack.form_fields import FieldBlame
from commands.errors import UserError

TYPED = "Placement review for Child QA-Fake-7"


def test_a_failing_field_check_logs_no_typed_text(caplog: pytest.LogCaptureFixture) -> None:
    def check(_h: Any) -> str | None:
        raise ValueError(f"could not read {TYPED!r}")

    def refuse(_h: Any) -> Any:
        raise UserError("No.")

    blame = FieldBlame(check)
    with caplog.at_level(logging.DEBUG), pytest.raises(UserError):
        blame.wrap(refuse)(None)  # type: ignore[arg-type]
    assert blame.field is None
    assert "could not tell which form field" in caplog.text
    assert "ValueError" in caplog.text
    assert TYPED not in caplog.text
