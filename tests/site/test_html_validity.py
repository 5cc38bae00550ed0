"""The Nu Html Checker finds no error on the public pages, rendered from the demo newsroom."""

import json
import subprocess

import pytest

from media.models import Image
from tests.site.conftest import demo_pages


def describe(message, pages):
    page = pages.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
    return f"{page}, line {message.get('lastLine')}: {message['message']}"


@pytest.mark.django_db
def test_public_pages_are_valid_html(client, seed_article, make_renditions, vnu_command, tmp_path):
    make_renditions(*Image.objects.all())
    pages = {}
    for name, path in demo_pages(seed_article):
        response = client.get(path)
        assert response.status_code == (404 if name == "not found" else 200), path
        target = tmp_path / f"{name.replace(' ', '-')}.html"
        target.write_bytes(response.content)
        pages[target.name] = name

    checked = subprocess.run(
        [*vnu_command, "--format", "json", "--stdout", "--errors-only", *(str(tmp_path / name) for name in pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [describe(message, pages) for message in messages if message["type"] in ("error", "non-document-error")]
    assert errors == []


@pytest.mark.django_db
def test_the_checker_does_find_errors(vnu_command, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p><img src=a.png>")
    checked = subprocess.run(
        [*vnu_command, "--format", "json", "--stdout", "--errors-only", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert any(message["type"] == "error" for message in json.loads(checked.stdout)["messages"])
