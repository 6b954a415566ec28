"""CacheSettings: spec defaults, and the environment overrides them."""

from __future__ import annotations

import pytest
from tdm_cache.settings import CacheSettings


def test_defaults_follow_spec_12_2(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REDIS_URL", "TDM_JOB_STATE_TTL_SECONDS", "TDM_TEMP_TTL_SECONDS", "TDM_JOB_EVENTS_MAXLEN"):
        monkeypatch.delenv(name, raising=False)
    settings = CacheSettings.load()
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.tdm_job_state_ttl_seconds == 7 * 24 * 3600
    assert settings.tdm_temp_ttl_seconds == 24 * 3600
    assert settings.tdm_job_events_maxlen == 10_000


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6380/3")
    monkeypatch.setenv("TDM_JOB_STATE_TTL_SECONDS", "3600")
    monkeypatch.setenv("TDM_TEMP_TTL_SECONDS", "60")
    monkeypatch.setenv("TDM_JOB_EVENTS_MAXLEN", "500")
    settings = CacheSettings.load()
    assert settings.redis_url == "redis://cache.internal:6380/3"
    assert settings.tdm_job_state_ttl_seconds == 3600
    assert settings.tdm_temp_ttl_seconds == 60
    assert settings.tdm_job_events_maxlen == 500


def test_non_positive_ttl_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDM_JOB_STATE_TTL_SECONDS", "0")
    with pytest.raises(ValueError, match="tdm_job_state_ttl_seconds"):
        CacheSettings.load()
