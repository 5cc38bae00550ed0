"""
A CDN in front of the site, purged of the pages a change made stale instead of waited out.

Every public page carries its keys (``Surrogate-Key``, and ``Cache-Tag`` for Cloudflare). When a
transaction that changed what readers see commits (``pagecache.state.changed``), its keys go to the
CDN in one batched call, from a task (``purge``) that tries again, waiting longer each time, while the
CDN does not answer. ``CDN_PURGE`` names the CDN:

- ``fastly``: the batch surrogate-key purge, ``POST /service/<id>/purge`` with ``{"surrogate_keys": [...]}``
  (256 keys a call);
- ``cloudflare``: purge by cache tags, ``POST /zones/<id>/purge_cache`` with ``{"tags": [...]}`` (100 a call);
- ``varnish``: a ``BAN`` request to each server, the keys in its ``Surrogate-Key`` header, which the
  VCL in ``deploy/varnish/newsroom.vcl`` turns into a ban on the pages holding any of them;
- ``none`` (the default): nothing to purge.
"""

import datetime
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone

from newsroom.tasks import task

logger = logging.getLogger(__name__)

# The most keys one call may name, by CDN (their documented limits).
BATCH = {"fastly": 256, "cloudflare": 100, "varnish": 256}


class PurgeFailed(Exception):
    """The CDN did not take the purge: it was unreachable, refused it or answered an error."""


def changed(sender, keys, **kwargs):
    """A committed change (``pagecache.state.changed``): its keys are purged from the CDN, by a task."""
    if settings.CDN_PURGE != "none":
        purge.enqueue(sorted(keys))


@task()
def purge(keys, attempt=1):
    """
    Purge the pages holding any of ``keys`` from the CDN ``CDN_PURGE`` names. A failed call is made
    again, up to ``CDN_PURGE_ATTEMPTS`` calls in all, after 1, 2, 4… times ``CDN_PURGE_RETRY_SECONDS``:
    as a task due then where the task backend can wait, else right here after that pause.
    """
    while True:
        try:
            for batch in _batches(keys, BATCH[settings.CDN_PURGE]):
                CDNS[settings.CDN_PURGE](batch)
            return
        except PurgeFailed as error:
            if attempt >= settings.CDN_PURGE_ATTEMPTS:
                raise
            pause = settings.CDN_PURGE_RETRY_SECONDS * 2 ** (attempt - 1)
            logger.warning(
                "CDN purge failed (attempt %s of %s), again in %ss: %s",
                attempt,
                settings.CDN_PURGE_ATTEMPTS,
                pause,
                error,
            )
            if purge.get_backend().supports_defer:
                purge.using(run_after=timezone.now() + datetime.timedelta(seconds=pause)).enqueue(keys, attempt + 1)
                return
            time.sleep(pause)
            attempt += 1


def _batches(keys, size):
    keys = sorted(keys)
    return [keys[start : start + size] for start in range(0, len(keys), size)]


def _send(url, method, headers, data=None):
    """Make the request; the answer's body, or ``PurgeFailed``."""
    if not url.startswith(("http://", "https://")):
        raise PurgeFailed(f"{url!r} is not an http(s) address")
    request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 (checked above)
    try:
        with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as error:
        raise PurgeFailed(f"{method} {url} answered {error.code}") from error
    except OSError as error:
        raise PurgeFailed(f"{method} {url}: {error}") from error


def _json(url, body, headers):
    headers = {**headers, "Content-Type": "application/json", "Accept": "application/json"}
    return _send(url, "POST", headers, json.dumps(body).encode())


def fastly(keys):
    url = f"{settings.FASTLY_API_URL}/service/{settings.FASTLY_SERVICE_ID}/purge"
    _json(url, {"surrogate_keys": keys}, {"Fastly-Key": settings.FASTLY_API_TOKEN})


def cloudflare(keys):
    url = f"{settings.CLOUDFLARE_API_URL}/zones/{settings.CLOUDFLARE_ZONE_ID}/purge_cache"
    answer = _json(url, {"tags": keys}, {"Authorization": f"Bearer {settings.CLOUDFLARE_API_TOKEN}"})
    try:
        success = json.loads(answer).get("success")
    except (ValueError, AttributeError):
        success = False
    if success is not True:
        raise PurgeFailed(f"Cloudflare did not take the purge: {answer[:200]!r}")


def varnish(keys):
    for server in settings.VARNISH_URLS:
        _send(f"{server}/", "BAN", {"Surrogate-Key": " ".join(keys)})


CDNS = {"fastly": fastly, "cloudflare": cloudflare, "varnish": varnish}
