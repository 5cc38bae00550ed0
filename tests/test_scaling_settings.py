"""The settings of the parts past one machine, from the environment: read replicas and the CDN's purge."""

import json
import subprocess
import sys

from tests.environment import ROOT, check_deploy, clean_env, production_env

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DATABASES": {
        alias: [db["HOST"], db["NAME"], db["TEST"].get("MIRROR")] for alias, db in settings.DATABASES.items()
    },
    "DATABASE_REPLICAS": settings.DATABASE_REPLICAS,
    "CDN_PURGE": settings.CDN_PURGE,
    "VARNISH_URLS": settings.VARNISH_URLS,
}))
"""


def load_settings(tmp_path, **variables):
    env = clean_env(VAR_DIR=str(tmp_path / "var"), SECRET_KEY="x" * 60, **variables)
    return subprocess.run([sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True)


def test_no_replicas_and_no_cdn_by_default(tmp_path):
    result = load_settings(tmp_path)
    values = json.loads(result.stdout)
    assert list(values["DATABASES"]) == ["default"] and values["DATABASE_REPLICAS"] == []
    assert values["CDN_PURGE"] == "none"


def test_each_replica_url_adds_a_database_that_mirrors_the_primary_in_tests(tmp_path):
    result = load_settings(
        tmp_path,
        DATABASE_URL="postgres://news@primary.internal:5432/newsroom",
        DATABASE_REPLICA_URLS="postgres://news@replica-a.internal:5432/newsroom, postgres://news@replica-b.internal/newsroom",
    )
    values = json.loads(result.stdout)
    assert values["DATABASES"] == {
        "default": ["primary.internal", "newsroom", None],
        "replica_1": ["replica-a.internal", "newsroom", "default"],
        "replica_2": ["replica-b.internal", "newsroom", "default"],
    }
    assert values["DATABASE_REPLICAS"] == ["replica_1", "replica_2"]


def test_the_cdn_to_purge_is_named_and_checked(tmp_path):
    values = json.loads(load_settings(tmp_path, CDN_PURGE="Varnish", VARNISH_URLS="http://10.0.0.5:6081/").stdout)
    assert values["CDN_PURGE"] == "varnish" and values["VARNISH_URLS"] == ["http://10.0.0.5:6081"]
    refused = load_settings(tmp_path, CDN_PURGE="akamai")
    assert refused.returncode != 0
    assert "CDN_PURGE is fastly, cloudflare, varnish or none, not 'akamai'" in refused.stderr


def test_check_deploy_is_clean_with_replicas_and_a_cdn(tmp_path):
    env = production_env(tmp_path) | {
        "DATABASE_REPLICA_URLS": "postgres://news@replica-a.internal:5432/newsroom",
        "CDN_PURGE": "fastly",
        "FASTLY_SERVICE_ID": "SU1Z0isxPaozGVKXdv0eY",
        "FASTLY_API_TOKEN": "token",
    }
    code, output = check_deploy(env)
    assert code == 0, output
