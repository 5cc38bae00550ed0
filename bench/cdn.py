"""
A CDN's stand-in for the live run: Debian's nginx on a free port of 127.0.0.1, in front of gunicorn,
keeping each answer as long as its ``Cache-Control`` says and letting one request per address through
at a time while the others wait for its answer (``proxy_cache_lock``), as CDNs collapse requests.

Its log names, for every request, whether an answer came from its cache and whether Django answered
it (``$upstream_addr``, ``-`` when Django never saw the request): the run counts what reached Django
from there, costing the readers nothing.
"""

import contextlib
import shutil
import subprocess
from pathlib import Path

from .config import VAR
from .traffic import free_port, stop, wait_until_up

NGINX = "/usr/sbin/nginx"
LOG_FIELDS = ("uri", "status", "cache", "upstream", "page_cache", "seconds")
CONFIG = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  log_format live '$request_uri\\t$status\\t$upstream_cache_status\\t$upstream_addr\\t'
                  '$upstream_http_x_page_cache\\t$request_time';
  access_log {root}/access.log live;
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi;
  scgi_temp_path {root}/scgi;
  proxy_cache_path {root}/cache levels=1:2 keys_zone=pages:10m max_size=200m inactive=10m use_temp_path=off;
  upstream django {{ server {upstream}; keepalive 32; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://django;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_cache pages;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 10s;
      add_header X-CDN-Cache $upstream_cache_status always;
    }}
  }}
}}
"""


def available():
    return Path(NGINX).exists()


@contextlib.contextmanager
def cdn(upstream_url):
    """nginx caching in front of ``upstream_url`` until the block ends; yields ``(base_url, log_path)``."""
    root = VAR / "cdn"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    port = free_port()
    config = root / "nginx.conf"
    upstream = upstream_url.removeprefix("http://")
    config.write_text(CONFIG.format(root=root, upstream=upstream, port=port))
    server = subprocess.Popen([NGINX, "-c", str(config), "-p", str(root)], stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url, server, f"nginx (see {VAR / 'cdn'}/error.log)", path="/robots.txt", timeout=30)
        yield base_url, root / "access.log"
    finally:
        stop(server)


def read_log(path):
    """The CDN's log as dicts of ``LOG_FIELDS``."""
    lines = Path(path).read_text().splitlines() if Path(path).exists() else []
    return [dict(zip(LOG_FIELDS, line.split("\t"), strict=False)) for line in lines]
