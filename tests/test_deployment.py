"""The production shape stays valid, and production settings refuse demo secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SECRETS = {
    "POSTGRES_PASSWORD": "p",
    "DJANGO_SECRET_KEY": "s",
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "ONEWINDOW_ID_ENCRYPTION_KEYS": "k",
    "ONEWINDOW_ID_INDEX_KEY": "i",
}


def compose_config() -> dict:
    out = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        env={**os.environ, **SECRETS},
        capture_output=True,
        text=True,
        check=True,
    )
    return yaml.safe_load(out.stdout)


def test_compose_file_validates_with_one_beat_and_a_durable_redis():
    config = compose_config()
    services = config["services"]
    assert {"web", "worker", "beat", "db", "redis", "migrate"} <= set(services)
    assert [name for name, s in services.items() if "beat" in " ".join(s.get("command") or [])] == ["beat"]
    redis = " ".join(services["redis"]["command"])
    assert "--appendonly yes" in redis and "--maxmemory-policy noeviction" in redis
    assert services["web"]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"


def test_compose_refuses_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "set POSTGRES_PASSWORD" in result.stderr + result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "ONEWINDOW_ID_INDEX_KEY"])
def test_production_settings_refuse_demo_secrets(missing):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": "postgres://u@127.0.0.1/x",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_SECRET_KEY": "a-real-secret",
        "ONEWINDOW_ID_INDEX_KEY": "a-real-index-key",
        "ONEWINDOW_ID_ENCRYPTION_KEYS": "Wm9Pa3dDbEhmVjBRQ3pVVVM0cnI3cnR4c1lOVG9HVkU=",
    }
    env.pop(missing)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr
