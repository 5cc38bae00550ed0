"""
The benchmark's results: targets checked, a short table printed, a chart drawn.

``targets`` compares the figures with the performance targets of the site
(``flatness``: a run past 100,000 stories against the 100,000-story one);
``table`` is what ``make bench`` prints; ``chart`` draws ``results.png``
(matplotlib, without a display). ``history_entry`` is the run's line in
``bench/history.jsonl``, and the table shows what changed since the line before.
``python -m bench.report`` prints the table and redraws the chart from
``bench/results.json``.
"""

import json

from .config import BENCH_DIR
from .traffic import hit_ratio

HISTORY = BENCH_DIR / "history.jsonl"

ARTICLE_MAX_QUERIES = 8
# Flat to a million stories: each reader's page at the large size costs at most this many times its
# cost at 100,000, timed in the same sitting; so do the rows its queries read (EXPLAIN ANALYZE).
FLAT_GROWTH_LIMIT = 1.3
# A page's rows read are compared from this many on: a few dozen rows more on a story page is noise.
FLAT_ROWS_FLOOR = 1_000
# The desk's pages are not the reader's.
NOT_READERS = {"admin_list"}
# Pages that list a share of the archive by design: a month's sitemap lists the month's stories, and
# the benchmark's larger archive packs ten times as many into each month (its stories span the same
# years). Their cost per kilobyte written, that is per address listed, is what must stay flat; the
# rows their queries read grow with the month, and are left out of that check.
SIZED_BY_THE_ARCHIVE = {"story_sitemap", "newest_month_sitemap", "oldest_month_sitemap"}
CACHED_SHARE_OF_CEILING = 0.70
UNCACHED_GROWTH_LIMIT = 1.3
SEARCH_P95_MS = 50
# The content API: a list page of fifty stories at 100,000, server time; a story answered uncached at
# least as fast as its page (the same sitting, each as a share of the bare view measured beside it).
API_LIST_P95_MS = 30
API_BESIDE_PAGES = (
    ("api_story_uncached", "article_uncached", "API story uncached (document kept) / story page uncached (parts kept)"),
    ("api_story_drawn", "article_drawn", "API story drawn anew / story page drawn anew"),
)
ADMIN_LIST_MS = 500
# The reader's pages as shares of the bare view's requests a second (``bench/bare.py``), same run:
# throughput key, what the report calls it, the least share that meets the goal.
SHARES_OF_BARE = (
    ("article_uncached", "story uncached (parts kept)", 0.055),
    ("home_uncached", "home uncached", 0.022),
    ("author_uncached", "author uncached", 0.034),
    ("search", "search", 0.033),
    ("article_cached", "story cached (page cache hit)", 0.70),
)
# The load run under publishing: readers' requests a second before the reader-path work (one content
# version for the whole site, an editor changing a story every 1.7 s), and how many times that is the goal.
LOAD_BEFORE_RPS = 56
LOAD_GOAL_TIMES = 5


def _percent(share):
    """A share as the report prints it: one decimal below 10%, none above."""
    return f"{share:.1%}" if share < 0.1 else f"{share:.0%}"


def bare_reference(throughput, key):
    """
    The bare view's requests a second to take ``key``'s share against: the run measured right before
    that series (``bare_beside``), else the bare view's own series; None without either.
    """
    bare = (throughput or {}).get("bare")
    if not bare:
        return None
    return bare.get("beside", {}).get(key) or bare["requests_per_second"]


def shares_of_bare(throughput):
    """Each page measured in the run as a share of the bare view's requests a second, by throughput key."""
    return {
        key: throughput[key]["requests_per_second"] / bare_reference(throughput, key)
        for key, _label, _goal in SHARES_OF_BARE
        if key in throughput and bare_reference(throughput, key)
    }


def _target(name, goal, measured, met):
    return {"target": name, "goal": goal, "measured": measured, "met": bool(met)}


def flatness(server, large, reference):
    """
    Each reader's page at ``large`` stories against ``reference`` (100,000), timed in one sitting:
    ``{name: {"label", "reference_ms", "large_ms", "ratio", "per_kb_ratio"}}`` from the cold medians.
    ``per_kb_ratio`` compares the cost per kilobyte of the answer (pages ``SIZED_BY_THE_ARCHIVE``).
    """
    at_large, at_reference = server[str(large)]["pages"], server[str(reference)]["pages"]
    found = {}
    for name, page in at_large.items():
        if name in NOT_READERS or name not in at_reference:
            continue
        big, usual = page["cold"], at_reference[name]["cold"]
        ratio = big["p50_ms"] / usual["p50_ms"]
        per_kb = None
        if big.get("bytes") and usual.get("bytes"):
            per_kb = (big["p50_ms"] / big["bytes"]) / (usual["p50_ms"] / usual["bytes"])
        found[name] = {
            "label": page["label"],
            "reference_ms": usual["p50_ms"],
            "large_ms": big["p50_ms"],
            "ratio": ratio,
            "per_kb_ratio": per_kb,
        }
    return found


def _flat_targets(server, large, reference, explain, explain_at_reference):
    found = []
    for name, page in flatness(server, large, reference).items():
        figures = f"{page['large_ms']:.1f} / {page['reference_ms']:.1f} ms"
        if name in SIZED_BY_THE_ARCHIVE and page["per_kb_ratio"] is not None:
            found.append(
                _target(
                    f"{page['label']} cold p50 per KB at {large:,} / at {reference:,}",
                    f"<= {FLAT_GROWTH_LIMIT}x",
                    f"{page['per_kb_ratio']:.2f}x per KB; {page['ratio']:.2f}x per page ({figures})",
                    page["per_kb_ratio"] <= FLAT_GROWTH_LIMIT,
                )
            )
            continue
        found.append(
            _target(
                f"{page['label']} cold p50 at {large:,} / at {reference:,}",
                f"<= {FLAT_GROWTH_LIMIT}x",
                f"{page['ratio']:.2f}x ({figures})",
                page["ratio"] <= FLAT_GROWTH_LIMIT,
            )
        )
    if explain and explain_at_reference:
        grown = rows_read_growth(explain, explain_at_reference)
        found.append(
            _target(
                f"rows read by a page's queries at {large:,} / at {reference:,} (EXPLAIN ANALYZE)",
                f"<= {FLAT_GROWTH_LIMIT}x on every page",
                ", ".join(f"{page}: {read:,} / {usual:,}" for page, (read, usual) in grown.items()) or "none grew",
                not grown,
            )
        )
    return found


def rows_read_growth(explain, explain_at_reference):
    """The pages whose queries read more rows at the large size than the limit allows: {page: (large, reference)}."""
    grown = {}
    for page, found in explain.items():
        usual = explain_at_reference.get(page, {}).get("rows_read")
        read = found.get("rows_read")
        if page in SIZED_BY_THE_ARCHIVE or usual is None or read is None or read < FLAT_ROWS_FLOOR:
            continue
        if read > FLAT_GROWTH_LIMIT * max(usual, 1):
            grown[page] = (read, usual)
    return grown


def targets(
    server, large, baseline, throughput=None, load=None, explain=None, reference=None, explain_at_reference=None
):
    """
    Each target with its goal, the measured figure and whether it was met. With ``reference`` (a run
    past 100,000 stories), each reader's page is also compared with itself at ``reference``.
    """
    at_large, at_base = server[str(large)]["pages"], server[str(baseline)]["pages"]
    found = []
    queries = at_large["article"]["cold"]["queries"]["max"]
    found.append(_target("article page queries", f"<= {ARTICLE_MAX_QUERIES}", queries, queries <= ARTICLE_MAX_QUERIES))
    if throughput:
        cached, ceiling = throughput["article_cached"], throughput["ceiling"]
        share = cached["requests_per_second"] / ceiling["requests_per_second"]
        found.append(
            _target(
                "cached article throughput / trivial view",
                f">= {CACHED_SHARE_OF_CEILING:.0%}",
                f"{share:.0%} ({cached['requests_per_second']:.0f} / {ceiling['requests_per_second']:.0f} req/s)",
                share >= CACHED_SHARE_OF_CEILING,
            )
        )
        shares = shares_of_bare(throughput)
        for key, label, goal in SHARES_OF_BARE:
            if key not in shares:
                continue
            page, bare = throughput[key]["requests_per_second"], bare_reference(throughput, key)
            found.append(
                _target(
                    f"{label} / bare view",
                    f">= {_percent(goal)}",
                    f"{_percent(shares[key])} ({page:.0f} / {bare:.0f} req/s)",
                    shares[key] >= goal,
                )
            )
        found += _api_throughput_targets(throughput)
    found += _api_server_targets(at_large, large)
    large_p95, base_p95 = at_large["article"]["cold"]["p95_ms"], at_base["article"]["cold"]["p95_ms"]
    growth = large_p95 / base_p95
    found.append(
        _target(
            f"uncached article p95 at {large:,} / at {baseline:,}",
            f"<= {UNCACHED_GROWTH_LIMIT}x",
            f"{growth:.2f}x ({large_p95:.1f} / {base_p95:.1f} ms)",
            growth <= UNCACHED_GROWTH_LIMIT,
        )
    )
    search = at_large["search"]["cold"]["p95_ms"]
    found.append(
        _target(f"search p95 at {large:,}", f"< {SEARCH_P95_MS} ms", f"{search:.1f} ms", search < SEARCH_P95_MS)
    )
    admin_list = at_large["admin_list"]["cold"]
    admin, statuses = admin_list["p95_ms"], admin_list["statuses"]
    # A redirect (to sign in, say) is quick and says nothing of the list: every answer must be the list.
    shown = set(statuses) == {"200"}
    found.append(
        _target(
            f"admin story list p95 at {large:,}",
            f"< {ADMIN_LIST_MS} ms, every answer 200",
            f"{admin:.1f} ms" + ("" if shown else f" (answers {statuses})"),
            shown and admin < ADMIN_LIST_MS,
        )
    )
    if explain:
        big = sorted(
            {
                f"{page}: {scan['table']}"
                for page, found in explain.items()
                for scan in found["seq_scans"]
                if scan["big"]
            }
        )
        found.append(
            _target(
                f"sequential scans of a big table (stories, bylines, tags, renditions) at {large:,}",
                "none",
                ", ".join(big) if big else "none",
                not big,
            )
        )
    if reference and str(reference) in server:
        found += _flat_targets(server, large, reference, explain, explain_at_reference)
    if load:
        found.append(load_target(load["readers"]))
        publish = load["changes"]["publish"]
        found.append(
            _target(
                "load run: publish visible to readers",
                "< 1 s, every one",
                f"max {publish['max_s']} s over {publish['count']}",
                publish["all_within_1s"],
            )
        )
    return found


def _api_throughput_targets(throughput):
    found = []
    for api, page, label in API_BESIDE_PAGES:
        if api not in throughput or page not in throughput:
            continue
        api_share = throughput[api]["requests_per_second"] / bare_reference(throughput, api)
        page_share = throughput[page]["requests_per_second"] / bare_reference(throughput, page)
        found.append(
            _target(
                f"{label}, as shares of the bare view",
                ">= 1.0x",
                f"{api_share / page_share:.2f}x ({_percent(api_share)} / {_percent(page_share)}; "
                f"{throughput[api]['requests_per_second']:.0f} / {throughput[page]['requests_per_second']:.0f} req/s)",
                api_share >= page_share,
            )
        )
    return found


def _api_server_targets(pages, large):
    found = []
    if "api_story" in pages:
        api, page = pages["api_story"]["cold"]["p50_ms"], pages["article"]["cold"]["p50_ms"]
        found.append(
            _target(
                f"API story / story page, drawn from nothing, cold p50 at {large:,}",
                "<= 1.0x",
                f"{api / page:.2f}x ({api:.1f} / {page:.1f} ms)",
                api <= page,
            )
        )
    if "api_list" in pages:
        p95 = pages["api_list"]["cold"]["p95_ms"]
        found.append(
            _target(
                f"API list of 50 p95 at {large:,}", f"< {API_LIST_P95_MS} ms", f"{p95:.1f} ms", p95 < API_LIST_P95_MS
            )
        )
    return found


def load_target(readers):
    """The load run's goal: its readers served at ``LOAD_GOAL_TIMES`` the rate before, with no 5xx at all."""
    rate, errors = readers["requests_per_second"], readers.get("statuses", {}).get("5xx")
    ratio = hit_ratio(readers.get("page_cache"))
    goal = LOAD_GOAL_TIMES * LOAD_BEFORE_RPS
    return _target(
        "load run under publishing: readers' req/s, 5xx answers",
        f">= {goal} req/s ({LOAD_GOAL_TIMES}x {LOAD_BEFORE_RPS}), 0 5xx",
        f"{rate:.0f} req/s ({rate / LOAD_BEFORE_RPS:.1f}x), {errors} 5xx, "
        f"page-cache hit ratio {'unmeasured' if ratio is None else _percent(ratio)}",
        rate >= goal and errors == 0,
    )


def history_entry(results, commit=None):
    """The run in one line of ``bench/history.jsonl``: when, at which commit, its key figures and shares."""
    large = results["server_time"][str(results["articles"])]["pages"]
    throughput = results.get("throughput") or {}
    entry = {
        "run_at": results.get("run_at"),
        "commit": commit if commit is not None else results.get("commit"),
        "articles": results["articles"],
        "database": results.get("database"),
        "requests_per_second": {name: round(run["requests_per_second"], 1) for name, run in throughput.items()},
        "shares_of_bare": {key: round(share, 4) for key, share in shares_of_bare(throughput).items()},
        "cold_p95_ms": {name: page["cold"]["p95_ms"] for name, page in large.items()},
        "flat_ratios": _flat_ratios(results),
        "targets_met": sum(target["met"] for target in results.get("targets", [])),
        "targets": len(results.get("targets", [])),
    }
    if results.get("load"):
        readers = results["load"]["readers"]
        ratio = hit_ratio(readers.get("page_cache"))
        entry["load"] = {
            "requests_per_second": round(readers["requests_per_second"], 1),
            "5xx": readers.get("statuses", {}).get("5xx"),
            "page_cache_hit_ratio": None if ratio is None else round(ratio, 4),
        }
    return entry


def _flat_ratios(results):
    """Each reader's page's cold p50 at the large size over its cost at 100,000, when the run measured both."""
    reference = results.get("flatness_reference_articles")
    if not reference or str(reference) not in results["server_time"]:
        return {}
    pages = flatness(results["server_time"], results["articles"], reference)
    return {name: round(page["ratio"], 2) for name, page in pages.items()}


def read_history(path=HISTORY):
    """The runs recorded so far, oldest first; none when the file is missing."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def append_history(entry, path=HISTORY):
    with path.open("a") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")


def previous_run(history, results):
    """The last recorded run before this one (the history may already hold this run's own line)."""
    earlier = [entry for entry in history if entry.get("run_at") != results.get("run_at")]
    return earlier[-1] if earlier else None


def _change(before, after):
    return f"{(after - before) / before:+.0%}" if before else "new"


def changes(previous, current):
    """What moved between two history lines: each share of the bare view, each req/s and cold p95."""
    lines = []
    labels = {key: label for key, label, _goal in SHARES_OF_BARE}
    for key, share in current["shares_of_bare"].items():
        before = previous.get("shares_of_bare", {}).get(key)
        if before is None:
            lines.append(f"{labels[key] + ' / bare view':<42} {_percent(share):>6} (not measured before)")
        else:
            points = (share - before) * 100
            name = f"{labels[key]} / bare view"
            lines.append(f"{name:<42} {_percent(before):>6} -> {_percent(share):>6} ({points:+.1f} points)")
    for name, rate in current["requests_per_second"].items():
        before = previous.get("requests_per_second", {}).get(name)
        shown = f"{before:.0f} -> " if before is not None else ""
        lines.append(f"{name + ' req/s':<42} {shown}{rate:.0f} ({_change(before, rate)})")
    for name, p95 in current["cold_p95_ms"].items():
        before = previous.get("cold_p95_ms", {}).get(name)
        shown = f"{before:.1f} -> " if before is not None else ""
        lines.append(f"{name + ' cold p95 ms':<42} {shown}{p95:.1f} ({_change(before, p95)})")
    if "load" in current:
        load, before = current["load"], previous.get("load") or {}
        rate, was = load["requests_per_second"], before.get("requests_per_second")
        shown = f"{was:.0f} -> " if was is not None else ""
        lines.append(f"{'load run req/s':<42} {shown}{rate:.0f} ({_change(was, rate)})")
        ratio, was = load["page_cache_hit_ratio"], before.get("page_cache_hit_ratio")
        if ratio is not None:
            shown = (
                f"{_percent(was)} -> {_percent(ratio)}"
                if was is not None
                else f"{_percent(ratio)} (not measured before)"
            )
            lines.append(f"{'load run page-cache hit ratio':<42} {shown}")
    lines.append(
        f"{'targets met':<42} {previous.get('targets_met')}/{previous.get('targets')} -> "
        f"{current['targets_met']}/{current['targets']}"
    )
    return lines


def load_lines(load):
    """The load run in the table: who read what, what they got, and how soon each change reached them."""
    readers = load["readers"]
    mix = ", ".join(f"{kind} {share}%" for kind, share in (load.get("mix") or {}).items())
    lines = [f"Load run under publishing ({readers['seconds']} s, {readers['connections']} connections)", ""]
    if mix:
        lines.append(
            f"mix: {mix}; stories by Zipf rank (exponent {load['zipf_exponent']}) over {load['archive']:,} "
            "live stories, newest first"
        )
    lines.append(
        f"readers: {readers['requests']} requests, {readers['requests_per_second']:.1f} req/s, "
        f"statuses {readers.get('statuses')}"
    )
    if readers["requests"] > readers["addresses"]:
        lines.append(f"(the {readers['addresses']} addresses drawn ran out: wrk came round to them again)")
    cache = readers.get("page_cache")
    if cache:
        ratio = hit_ratio(cache)
        lines.append(
            f"page cache: {cache['hit']} hits, {cache['miss']} misses"
            + ("" if ratio is None else f" (hit ratio {_percent(ratio)})")
            + f", {cache['none']} answers without the header (search, redirects, errors)"
        )
    for action, change in load["changes"].items():
        lines.append(
            f"{action:<10} {change['count']:>3} changes, seen by readers after median {change['median_s']} s, "
            f"max {change['max_s']} s"
        )
    return lines


def table(results, previous=None):
    """The short text report ``make bench`` prints; with ``previous`` (a history line), what changed since."""
    large, baseline = results["articles"], results["baseline_articles"]
    server = results["server_time"]
    sizes = sorted({baseline, large, *filter(None, [results.get("flatness_reference_articles")])})
    lines = [f"Server time (Django test client, ms; {results['requests_per_page']} requests per series)", ""]
    header = f"{'page':<18} {'queries':>7}"
    for size in sizes:
        header += f" | {f'cold p50/p95 @{size:,}':>22}"
    header += f" | {f'warm p50/p95 @{large:,}':>22}"
    lines += [header, "-" * len(header)]
    for name, page in server[str(large)]["pages"].items():
        queries = page["cold"]["queries"]
        count = str(queries["max"]) if queries["min"] == queries["max"] else f"{queries['min']}-{queries['max']}"
        row = f"{page['label']:<18} {count:>7}"
        short = []
        for size in sizes:
            cold = server[str(size)]["pages"][name]["cold"]
            row += f" | {cold['p50_ms']:>10.1f} / {cold['p95_ms']:>9.1f}"
            if cold["n"] < results["requests_per_page"]:
                short.append(f"{cold['n']} cold requests @{size:,}")
        warm = page["warm"]
        row += f" | {warm['p50_ms']:>10.1f} / {warm['p95_ms']:>9.1f}"
        lines.append(row + (f"  (time budget: {', '.join(short)})" if short else ""))
    if results.get("throughput"):
        lines += ["", "HTTP throughput (gunicorn, 2 workers; wrk, 4 connections, 10 s)", ""]
        for name, run in results["throughput"].items():
            latency, statuses = run["latency_ms"], run.get("statuses", {})
            ratio = hit_ratio(run.get("page_cache"))
            lines.append(
                f"{name:<18} {run['requests_per_second']:>9.1f} req/s   p50 {latency.get('p50', 0):>7.1f} ms"
                f"   p99 {latency.get('p99', 0):>7.1f} ms   non-2xx {run['requests'] - statuses.get('2xx', 0)}"
                + ("" if ratio is None else f"   page-cache hits {_percent(ratio)}")
            )
    if results.get("load"):
        lines += ["", *load_lines(results["load"])]
    lines += ["", "Targets", ""]
    for target in results["targets"]:
        mark = "met " if target["met"] else "MISS"
        lines.append(f"[{mark}] {target['target']}: {target['measured']} (goal {target['goal']})")
    big_scans = [
        (page, scan["table"])
        for page, found in (results.get("explain") or {}).items()
        for scan in found["seq_scans"]
        if scan["big"]
    ]
    if results.get("explain") is not None:
        lines += ["", "EXPLAIN: sequential scans on big tables", ""]
        lines += [f"{page}: {table_name}" for page, table_name in sorted(set(big_scans))] or ["none"]
    reference = results.get("flatness_reference_articles")
    if reference and results.get("explain") and results.get("explain_at_reference"):
        lines += ["", f"EXPLAIN ANALYZE: rows read by each page's queries, at {reference:,} and at {large:,}", ""]
        for page, found in results["explain"].items():
            usual = results["explain_at_reference"].get(page, {}).get("rows_read")
            if usual is not None and found.get("rows_read") is not None:
                lines.append(f"{page:<24} {usual:>12,} {found['rows_read']:>12,}")
    if previous:
        lines += [
            "",
            f"Change since the last recorded run ({previous.get('run_at')}, commit {previous.get('commit')}, "
            f"{previous.get('articles', 0):,} stories, {previous.get('database')})",
            "",
        ]
        lines += changes(previous, history_entry(results))
    lines += ["", f"Run took {results['duration_seconds'] / 60:.1f} minutes."]
    loads = [value for step in (results.get("load_average_1min") or {}).values() for value in step.values()]
    if loads:
        lines.append(
            f"Machine load (1-minute average) during the steps: {min(loads):.1f} to {max(loads):.1f} "
            f"on {results['machine']['cpus']} CPUs; other work on the machine slows every figure."
        )
    return "\n".join(lines)


def chart(results, path):
    """Server time per page at both archive sizes, and HTTP throughput, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    large, baseline = results["articles"], results["baseline_articles"]
    pages = results["server_time"][str(large)]["pages"]
    names = list(pages)
    panels = 2 if results.get("throughput") else 1
    figure, axes = pyplot.subplots(panels, 1, figsize=(11, 4.5 * panels), squeeze=False)

    axis = axes[0][0]
    reference = results.get("flatness_reference_articles")
    series = [
        (f"cold p95 @{baseline:,}", baseline, "cold"),
        *([(f"cold p95 @{reference:,}", reference, "cold")] if reference else []),
        (f"cold p95 @{large:,}", large, "cold"),
        (f"warm p95 @{large:,}", large, "warm"),
    ]
    width = 0.8 / len(series)
    for offset, (label, size, kind) in enumerate(series):
        values = [results["server_time"][str(size)]["pages"][name][kind]["p95_ms"] for name in names]
        axis.bar([i + offset * width for i in range(len(names))], values, width, label=label)
    axis.set_xticks([i + width for i in range(len(names))], [pages[name]["label"] for name in names], rotation=25)
    axis.set_yscale("log")
    axis.set_ylabel("server time p95 (ms, log)")
    axis.set_title("Server time per page (Django test client)")
    axis.legend()

    if results.get("throughput"):
        axis = axes[1][0]
        runs = results["throughput"]
        axis.barh(list(runs), [run["requests_per_second"] for run in runs.values()], color="#3b6ea5")
        axis.set_xlabel("requests per second (gunicorn, 2 workers; wrk, 4 connections)")
        axis.set_title(f"HTTP throughput at {large:,} stories")
        axis.invert_yaxis()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)


def main():
    results = json.loads((BENCH_DIR / "results.json").read_text())
    chart(results, BENCH_DIR / "results.png")
    print(table(results, previous_run(read_history(), results)))


if __name__ == "__main__":
    main()
