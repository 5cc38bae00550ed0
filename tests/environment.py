"""
The project started as production starts it, in a subprocess: the machine's environment without the
newsroom's own variables, production's variables, and `manage.py check --deploy`.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**overrides):
    """The machine's environment without any of the newsroom's own variables, plus overrides."""
    ours = {
        "DEBUG",
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "EMAIL_HOST",
        "TIME_ZONE",
        "HTTPS",
        "MEDIA_ROOT",
        "VAR_DIR",
        "NEWSROOM_MANAGEMENT_COMMAND",
        "BEHIND_PROXY",
        "TRUSTED_PROXY_COUNT",
        "TWO_FACTOR_REQUIRED",
        "TWO_FACTOR_FOR_JOURNALISTS",
        "SITE_URL",
        "PORT",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME",
        "RENDITIONS_URL",
        "RENDITIONS_ACL",
        "SERVE_UPLOADS",
        "TASKS_BACKEND",
    }
    env = {key: value for key, value in os.environ.items() if key not in ours}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    env.update(overrides)
    return env


def production_env(tmp_path):
    return clean_env(
        VAR_DIR=str(tmp_path / "var"),
        SECRET_KEY="k8#Zq2@vN!p4Lw7^rT1xY6%mB3&cF9*eH0(jD5)gS-uA+iO=oP[lK]nJ;hG:fE?d",
        ALLOWED_HOSTS="news.example",
        CSRF_TRUSTED_ORIGINS="https://news.example",
        HTTPS="1",
    )


def check_deploy(env):
    """``manage.py check --deploy`` run as production would, failing on warnings: (exit code, output)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr
