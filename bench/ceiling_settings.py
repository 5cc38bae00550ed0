"""The site's settings with the ceiling view as the only URL."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.ceiling"
