"""The one settings object: ASSISTANT_LOG and ASSISTANT_AUTH are read with the rest."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.errors import SettingError


@pytest.mark.parametrize(("value", "expected"), [("off", False), ("0", False), ("on", True), ("true", True)])
def test_assistant_log_turns_the_history_off(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("ASSISTANT_LOG", value)
    assert Settings().log is expected


def test_assistant_auth_is_a_login_or_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().login is None
    monkeypatch.setenv("ASSISTANT_AUTH", "ann:s3:cret")
    assert Settings().login == ("ann", "s3:cret")
    monkeypatch.setenv("ASSISTANT_AUTH", "ann")
    with pytest.raises(SettingError, match="ASSISTANT_AUTH must look like user:password"):
        assert not Settings().login
