from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom that ``make run`` loads (``seed_demo``); the benchmark builds on it."""

    name = "demo"
    verbose_name = "Demo content"
