from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The newsroom's admin: every app's admin pages, the desk's home, previews and the picture picker."""

    name = "desk"
    verbose_name = "Desk"
