"""
The newsroom's two roles, as permission groups, and every rule of who may do what.

Journalists write and describe; editors do everything. A story is edited by editors in any state and
by its writers while it is a draft; the workflow asks here who may make each step. For pictures and
author profiles: someone with the publish right changes any of them; a journalist changes a picture
they uploaded while nothing the desk controls shows it, and the private parts of their own profile.
"""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from .models import Article, Byline, LiveEntry, Status

PUBLISH_PERMISSION = "articles.publish_article"
APPROVE_PERMISSION = "articles.approve_article"
EDIT_ANY_PERMISSION = "articles.change_any_article"
CHANGE_PERMISSION = "articles.change_article"
# A step for the story's own writers who are not on the desk (see ``may_make_step``): an editor who
# wrote the story sends it back instead, like any other.
WRITERS = "writers"

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


# Stories ------------------------------------------------------------------------------------------


def has_publish_right(user):
    """Editors: they publish stories, mark substantive updates, pick the lead story, and may change
    whatever readers see."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def is_editor(user):
    """Editors edit any story in any state."""
    return bool(user and user.is_active and user.is_staff and user.has_perm(EDIT_ANY_PERMISSION))


def is_contributor(user, article):
    """The story's creator or one of its bylined authors (through their linked account)."""
    if not (user and user.is_authenticated):
        return False
    if article.created_by_id == user.pk:
        return True
    if article.pk is None:
        return False
    return article.bylines.filter(author__user=user).exists()


def is_writer(user, article):
    """One of the story's writers with the right to edit stories, whatever the story's state."""
    return bool(user and user.has_perm(CHANGE_PERMISSION)) and is_contributor(user, article)


def written_by(user):
    """The condition for the stories ``user`` writes, as ``is_contributor`` asks of one: started or bylined."""
    return Q(created_by=user) | Q(pk__in=Byline.objects.filter(author__user=user).values("article_id"))


def can_edit(user, article):
    """Editors always; a journalist only their own story, and only while it is a draft."""
    if not (user and user.is_active and user.is_staff and user.has_perm(CHANGE_PERMISSION)):
        return False
    if is_editor(user):
        return True
    return article.status == Status.DRAFT and is_contributor(user, article)


def may_make_step(user, article, permission):
    """
    Whether ``user`` may make a workflow step that needs ``permission`` on ``article``: None for
    whoever may edit the story, ``WRITERS`` for its writers who are not on the desk, otherwise
    that permission.
    """
    if not (user and user.is_active and user.is_staff):
        return False
    if permission is None:
        return can_edit(user, article)
    if permission == WRITERS:
        return not user.has_perm(APPROVE_PERMISSION) and is_writer(user, article)
    return user.has_perm(permission)


# Live coverage ------------------------------------------------------------------------------------


def may_run_coverage(user):
    """Editors switch a story to live coverage and end it: it changes what readers see of the story."""
    return bool(user and user.is_active and user.is_staff) and has_publish_right(user)


def is_on_byline(user, article):
    """Whether ``user``'s author profile is on the story's byline."""
    if not (user and user.is_authenticated) or article.pk is None:
        return False
    return article.bylines.filter(author__user=user).exists()


def may_write_entries(user, article, coverage):
    """
    Whether ``user`` may post, edit or delete the updates of a story covered live (``coverage``).

    Editors always. The story's bylined writers while it is a draft (their updates go to the desk with
    the story, and readers see them only once an editor publishes it), and once an editor has published
    it, while the coverage goes on: the story was approved as live coverage. Never in review, approved
    and waiting, or unpublished, and never on a story that is not covered live.
    """
    if coverage is None or not (user and user.is_active and user.is_staff):
        return False
    if is_editor(user):
        return True
    if not user.has_perm(CHANGE_PERMISSION) or not is_on_byline(user, article):
        return False
    return article.status == Status.DRAFT or (article.status == Status.PUBLISHED and coverage.is_open)


# Pictures and profiles ----------------------------------------------------------------------------

# Why a journalist sees a picture read-only. The whole picture is locked together: a new file under the
# same caption changes a live page as much as a new credit does.
NOT_THEIR_PICTURE = "Uploaded by someone else: ask an editor to change it."
USED_LIVE = "Used on a live story: ask an editor to change it."
USED_SCHEDULED = "Used on a story scheduled to go live: ask an editor to change it."
USED_WITH_DESK = "Used on a story the desk is reviewing: ask an editor to change it."
USED_UNPUBLISHED = "Used on an unpublished story: ask an editor to change it."
USED_IN_OTHERS_DRAFT = "Used in a draft you do not write: ask an editor to change it."
USED_AS_HEADSHOT = "Used as an author's headshot: ask an editor to change it."
# The stories' reasons, most public first.
STORY_LOCKS = [USED_LIVE, USED_SCHEDULED, USED_WITH_DESK, USED_UNPUBLISHED, USED_IN_OTHERS_DRAFT]

# Profile fields readers see (name, address, title, photo) and the desk's own (the account link and
# the columnists index): a journalist keeps their bio, website, email and links.
PUBLIC_PROFILE_FIELDS = ["name", "slug", "title", "headshot"]
PROFILE_DESK_FIELDS = [*PUBLIC_PROFILE_FIELDS, "user", "is_columnist", "order", "is_active"]


def picture_lock(user, image):
    """
    Why ``user`` may not change ``image``, or "" when they may.

    A journalist's picture stays theirs while it is unused or used only by drafts they may edit;
    any story past draft, anyone else's draft or an author's headshot hands it to the desk.
    At most two queries, however many stories use the picture.
    """
    if has_publish_right(user):
        return ""
    if image.uploaded_by_id is None or image.uploaded_by_id != user.pk:
        return NOT_THEIR_PICTURE
    first_lock = (
        stories_using(image)
        .exclude(Q(status=Status.DRAFT) & written_by(user))
        .annotate(
            lock=Case(
                When(status=Status.PUBLISHED, published_at__lte=timezone.now(), then=Value(0)),
                When(status=Status.PUBLISHED, then=Value(1)),
                When(status__in=[Status.IN_REVIEW, Status.APPROVED], then=Value(2)),
                When(status=Status.UNPUBLISHED, then=Value(3)),
                default=Value(4),
                output_field=IntegerField(),
            )
        )
        .order_by("lock")
        .values_list("lock", flat=True)
        .first()
    )
    if first_lock is not None:
        return STORY_LOCKS[first_lock]
    if image.author_headshots.exists():
        return USED_AS_HEADSHOT
    return ""


def picture_lock_for_save(user, image):
    """
    ``picture_lock`` decided on locked rows, for a save in the current transaction.

    The rows of the stories using ``image``, then its own row, stay locked until the transaction ends:
    a workflow step on one of those stories waits for the save, or the save waits and sees the step,
    and a story that starts using the picture waits too. ``image`` is re-read from its locked row.
    Editors change any picture, so their saves lock nothing.
    """
    if has_publish_right(user):
        return ""
    # Stories before the picture, in one order: a story save holding its row may still need the picture's.
    list(stories_using(image).select_for_update().order_by("pk").values_list("pk", flat=True))
    image.refresh_from_db(from_queryset=type(image).objects.select_for_update())
    return picture_lock(user, image)


def stories_using(image):
    """Every story showing ``image``, as its hero, in its body or in one of its live updates."""
    in_body = Article.body_images.through.objects.filter(image_id=image.pk).values("article_id")
    in_updates = LiveEntry.images.through.objects.filter(image_id=image.pk).values("liveentry__article_id")
    return Article.objects.filter(Q(hero_image_id=image.pk) | Q(pk__in=in_body) | Q(pk__in=in_updates))


def may_change_profile(user, author):
    """Editors change every profile; anyone else only the profile linked to their own account."""
    if has_publish_right(user):
        return True
    return bool(user and user.is_authenticated and author.user_id is not None and author.user_id == user.pk)


def locked_profile_fields(user):
    """The profile fields ``user`` sees read-only: for a journalist, what readers and the desk see."""
    return [] if has_publish_right(user) else list(PROFILE_DESK_FIELDS)
