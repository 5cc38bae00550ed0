"""
The newsroom benchmark (``make bench``).

It builds a separate benchmark database of many stories, measures every public
page (queries and server time, cold and warm), serves the site with gunicorn
for HTTP throughput and a load run with an editor publishing, and writes
``bench/results.json`` and ``bench/results.png``. It drives URLs, not
internals, so it measures the pages as they are when it runs.
"""
