"""
The benchmark's steps that need Django, one process each: ``python -m bench.task <step> ...``.

``bench.run`` starts them with the benchmark database in ``DATABASE_URL``:
``generate`` fills it, ``measure`` writes server times (and EXPLAIN findings on
PostgreSQL) as JSON, ``urls`` lists addresses for HTTP load, and ``editor``
publishes and edits stories during the load run.
"""

import argparse
import json
import sys

import django


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.task")
    steps = parser.add_subparsers(dest="step", required=True)
    generate = steps.add_parser("generate", help="fill the benchmark database")
    generate.add_argument("--articles", type=int, required=True)
    generate.add_argument("--seed", type=int, default=2026)
    measure = steps.add_parser("measure", help="server time and queries per page, as JSON")
    measure.add_argument("--requests", type=int, default=200)
    measure.add_argument("--explain", action="store_true", help="also EXPLAIN every page's queries (PostgreSQL)")
    measure.add_argument("--out", required=True)
    urls = steps.add_parser("urls", help="addresses of live stories, authors, sections, tags for HTTP load")
    urls.add_argument("--out", required=True)
    kept = steps.add_parser("parts", help="keep the page parts of the load's story pool, as publishing does")
    kept.add_argument("--urls", required=True, help="the address pools written by the urls step")
    kept.add_argument("--out", required=True)
    editor = steps.add_parser("editor", help="publish and edit stories while readers load the site")
    editor.add_argument("--base-url", required=True)
    editor.add_argument("--seconds", type=float, default=60)
    editor.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    django.setup()
    if args.step == "generate":
        from .generate import Scale, build, mark_finished

        mark_finished(build(Scale(articles=args.articles), seed=args.seed))
    elif args.step == "measure":
        _measure(args)
    elif args.step == "urls":
        from .pages import address_pools

        _write(args.out, address_pools())
    elif args.step == "parts":
        _write(args.out, _keep_parts(args.urls))
    else:
        from .editor import run_editor

        _write(args.out, run_editor(args.base_url, args.seconds))


def _measure(args):
    from django.db import connection

    from .measure import page_cache_in_use, server_times
    from .pages import other_public_pages, public_pages

    def progress(page, figures):
        cold, warm = figures["cold"], figures["warm"]
        print(
            f"  {page.label:<18} {cold['queries']['max']:>3} queries  cold p95 {cold['p95_ms']:>8.1f} ms"
            f"  warm p95 {warm['p95_ms']:>8.1f} ms",
            flush=True,
        )

    pages = public_pages(args.requests)
    result = {
        "database": connection.vendor,
        "page_cache": page_cache_in_use(),
        "pages": server_times(pages, progress=progress),
    }
    if args.explain and connection.vendor == "postgresql":
        from .explain import explain_pages

        result["explain"] = explain_pages([*pages, *other_public_pages()])
    _write(args.out, result)


def _keep_parts(urls):
    """
    Every kept part let go, then the parts of the pool's stories drawn and kept (``public.parts``), as
    publishing or ``draw_story_parts`` keep them, and the API documents of the API's pool (``api.documents``),
    as a change to a story partners read keeps them: ``fresh_articles`` and ``fresh_api_stories`` are left
    to be drawn while read.
    """
    import time

    from api import documents
    from public import parts
    from public.models import StoryPart

    from .pages import stories_at

    with open(urls) as handle:
        pools = json.load(handle)
    StoryPart.objects.all().delete()
    stories = stories_at(pools["articles"])
    started = time.monotonic()
    for start in range(0, len(stories), 100):
        parts.keep_ahead(stories[start : start + 100])
    seconds = time.monotonic() - started
    print(f"  drew the parts of {len(stories):,} stories in {seconds:.0f} s", flush=True)
    read = [int(address.rstrip("/").rsplit("/", 1)[1]) for address in pools["api_stories"]]
    started = time.monotonic()
    documents.keep_ahead(read, read_only=False)
    api_seconds = time.monotonic() - started
    print(f"  drew the API documents of {len(read):,} stories in {api_seconds:.0f} s", flush=True)
    return {
        "stories": len(stories),
        "seconds": round(seconds, 1),
        "per_story_ms": round(1000 * seconds / len(stories), 1),
        "api_documents": len(read),
        "api_per_story_ms": round(1000 * api_seconds / len(read), 1),
    }


def _write(path, data):
    with open(path, "w") as handle:
        json.dump(data, handle, indent=2, default=str)


if __name__ == "__main__":
    sys.exit(main())
