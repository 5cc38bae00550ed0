"""
The bare view every share is taken against, the goals stated as its shares, and the run's history.

No server runs here: the figures are made up, so each goal is checked on both sides of its line.
"""

import ast
import importlib
from pathlib import Path

import django
import pytest

from bench import report


def _run(rate):
    return {"requests": int(rate * 10), "requests_per_second": rate, "latency_ms": {"p50": 1.0, "p99": 2.0}}


def _page(p95, queries=6):
    return {
        "label": "x",
        "cold": {"p50_ms": p95 / 2, "p95_ms": p95, "n": 2, "queries": {"min": queries, "max": queries}},
        "warm": {"p50_ms": 1.0, "p95_ms": 2.0, "n": 2},
    }


def _server(article_p95=20.0):
    pages = {"article": _page(article_p95), "search": _page(30.0), "admin_list": _page(100.0)}
    pages["admin_list"]["cold"]["statuses"] = {"200": 2}
    return {"database": "postgresql", "page_cache": "locmem", "pages": pages}


BARE = 4000.0
# Each page exactly at its goal's share of the bare view.
AT_GOAL = {key: goal * BARE for key, _label, goal in report.SHARES_OF_BARE}


def _throughput(**rates):
    figures = {**AT_GOAL, "home": 1500.0, "author": 1500.0, "ceiling": 3000.0, "bare": BARE, **rates}
    return {name: _run(rate) for name, rate in figures.items()}


def _results(throughput, run_at="2026-11-30T20:00:00+00:00", article_p95=20.0):
    server = {"1000": _server(), "30": _server(article_p95)}
    return {
        "run_at": run_at,
        "commit": "abc1234",
        "database": "postgresql",
        "articles": 30,
        "baseline_articles": 1000,
        "requests_per_page": 2,
        "server_time": server,
        "throughput": throughput,
        "targets": report.targets(server, 30, 1000, throughput),
        "duration_seconds": 60.0,
    }


def _by_name(found):
    return {target["target"]: target for target in found}


def test_each_goal_is_a_share_of_the_bare_view_met_at_its_line():
    found = _by_name(_results(_throughput())["targets"])
    story = found["story uncached (parts kept) / bare view"]
    assert story["goal"] == ">= 5.5%"
    assert story["measured"] == "5.5% (220 / 4000 req/s)"
    assert story["met"] is True
    assert found["home uncached / bare view"]["goal"] == ">= 2.2%"
    assert found["author uncached / bare view"]["goal"] == ">= 3.4%"
    assert found["search / bare view"]["goal"] == ">= 3.3%"
    assert found["story cached (page cache hit) / bare view"]["goal"] == ">= 70%"
    assert all(target["met"] for target in found.values())
    # The existing targets stay beside them.
    assert "cached article throughput / trivial view" in found and "article page queries" in found


def test_a_share_is_taken_against_the_bare_view_measured_right_before_its_series():
    throughput = _throughput(article_uncached=220.0)
    # The machine slowed by half while the story series ran: the bare view beside it says so.
    throughput["bare"]["beside"] = {"article_uncached": BARE / 2}
    found = _by_name(_results(throughput)["targets"])

    assert found["story uncached (parts kept) / bare view"]["measured"] == "11% (220 / 2000 req/s)"
    assert found["search / bare view"]["measured"] == "3.3% (132 / 4000 req/s)"  # none measured beside it
    assert report.shares_of_bare(throughput)["article_uncached"] == 0.11


@pytest.mark.parametrize(("key", "label"), [(key, label) for key, label, _goal in report.SHARES_OF_BARE])
def test_a_page_below_its_share_misses_its_goal(key, label):
    found = _by_name(_results(_throughput(**{key: AT_GOAL[key] - 1}))["targets"])
    assert found[f"{label} / bare view"]["met"] is False
    others = [
        target for name, target in found.items() if name.endswith("/ bare view") and name != f"{label} / bare view"
    ]
    assert all(target["met"] for target in others)


def test_a_run_without_the_bare_view_states_no_share():
    throughput = _throughput()
    del throughput["bare"]
    assert not [target for target in _results(throughput)["targets"] if target["target"].endswith("/ bare view")]


def test_the_report_prints_each_goal_and_the_change_since_the_last_run(tmp_path):
    history = tmp_path / "history.jsonl"
    before = _results(_throughput(article_uncached=200.0), run_at="2026-11-29T20:00:00+00:00", article_p95=25.0)
    report.append_history(report.history_entry(before), history)
    now = _results(_throughput(article_uncached=280.0))
    # The run's own line is already there when ``python -m bench.report`` reprints it.
    report.append_history(report.history_entry(now, commit="def5678"), history)

    entries = report.read_history(history)
    assert [entry["commit"] for entry in entries] == ["abc1234", "def5678"]
    line = entries[-1]
    assert line["run_at"] == now["run_at"] and line["articles"] == 30 and line["database"] == "postgresql"
    assert line["requests_per_second"]["bare"] == BARE and line["requests_per_second"]["article_uncached"] == 280.0
    assert line["shares_of_bare"]["article_uncached"] == 0.07
    assert line["cold_p95_ms"]["article"] == 20.0
    assert (line["targets_met"], line["targets"]) == (len(now["targets"]), len(now["targets"]))

    previous = report.previous_run(entries, now)
    assert previous["run_at"] == before["run_at"]
    table = report.table(now, previous)
    assert "[met ] story uncached (parts kept) / bare view: 7.0% (280 / 4000 req/s) (goal >= 5.5%)" in table
    assert "Change since the last recorded run (2026-11-29T20:00:00+00:00, commit abc1234" in table
    assert "5.0% ->   7.0% (+2.0 points)" in table
    assert "200 -> 280 (+40%)" in table
    assert "25.0 -> 20.0 (-20%)" in table
    assert report.previous_run([], now) is None
    assert report.read_history(tmp_path / "missing.jsonl") == []


def _startproject_settings():
    """The lists Django's own ``startproject`` template writes, read from the installed Django."""
    template = Path(django.__file__).parent / "conf" / "project_template" / "project_name" / "settings.py-tpl"
    tree = ast.parse(template.read_text().replace("{{ secret_key }}", "x"))
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and node.targets[0].id in {"MIDDLEWARE", "INSTALLED_APPS"}
    }


def test_the_bare_view_stands_alone_with_startprojects_middleware(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://bench@127.0.0.1:5432/newsroom_bench_30")
    monkeypatch.setenv("ALLOWED_HOSTS", "127.0.0.1,testserver")
    bare = importlib.reload(importlib.import_module("bench.bare_settings"))
    startproject = _startproject_settings()
    assert startproject["MIDDLEWARE"] == bare.MIDDLEWARE
    assert startproject["INSTALLED_APPS"] == bare.INSTALLED_APPS
    assert bare.DEBUG is False
    assert bare.ALLOWED_HOSTS == ["127.0.0.1", "testserver"]
    assert bare.DATABASES["default"]["NAME"] == "newsroom_bench_30"
    assert bare.ROOT_URLCONF == "bench.bare"
    # Nothing of the project's: only the standard library and the database URL parser.
    tree = ast.parse(Path(bare.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"os", "dj_database_url"}


def test_the_bare_view_answers_a_constant_page(rf):
    from bench.bare import constant, urlpatterns

    response = constant(rf.get("/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"<h1>" in response.content
    assert [pattern.callback for pattern in urlpatterns] == [constant]
