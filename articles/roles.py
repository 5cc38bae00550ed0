"""
The newsroom's two roles, as permission groups.

Journalists write and describe; editors do everything. Row-level rules (whose
story, in which state) are enforced by the workflow, not by these permissions.
"""

JOURNALISTS = "Journalists"
EDITORS = "Editors"

ROLE_PERMISSIONS = {
    JOURNALISTS: {
        "articles": [
            "add_article",
            "change_article",
            "view_article",
            "view_section",
            "view_tag",
            "add_tag",
            "add_byline",
            "change_byline",
            "delete_byline",
            "view_byline",
            "view_correction",
            "view_auditentry",
            "view_editorialnote",
            "add_editorialnote",
        ],
        "authors": ["view_author", "change_author", "view_authorlink", "add_authorlink", "change_authorlink"],
        "media": ["add_image", "change_image", "view_image"],
    },
    EDITORS: {
        "articles": "__all__",
        "authors": "__all__",
        "media": "__all__",
        # To find the account a profile links to (the admin's account search).
        "auth": ["view_user"],
    },
}


def sync_groups(apps):
    """Create or refresh the role groups with their permissions."""
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        # Permissions are normally made after migrations; a fresh database needs them now.
        # A migration's app state has no models module, which create_permissions requires.
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        if stub:
            app_config.models_module = None

    for group_name, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = Permission.objects.none()
        for app_label, codenames in by_app.items():
            in_app = Permission.objects.filter(content_type__app_label=app_label)
            wanted = wanted | (in_app if codenames == "__all__" else in_app.filter(codename__in=codenames))
        group.permissions.set(wanted)


def role_group(name):
    """The role's group, rebuilt as the migration builds it if it has gone missing."""
    from django.apps import apps as installed_apps
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=name).first()
    if group is None:
        sync_groups(installed_apps)
        group = Group.objects.get(name=name)
    return group
