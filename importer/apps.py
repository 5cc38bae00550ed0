from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """Moving in: a WordPress site's stories, pictures, people and addresses (``manage.py import_wordpress``)."""

    name = "importer"
    verbose_name = "Imports"
