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


def _write(path, data):
    with open(path, "w") as handle:
        json.dump(data, handle, indent=2, default=str)


if __name__ == "__main__":
    sys.exit(main())
