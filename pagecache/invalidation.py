"""
What each change makes stale: the keys (``pagecache.dependencies``) of what readers see change, from
the saves and deletes of stories, bylines, corrections, tags, sections, people and pictures.

A story readers can see (published, due or scheduled) touches its own key when its text changes; when
its place in lists changes too (published, taken down, re-dated, moved to another section, made the
lead) it touches the lists it leaves and joins. Drafts touch nothing.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles.models import Article, Byline, Correction, LiveCoverage, LiveEntry, Section, SlugRedirect, Status, Tag
from authors.models import Author, AuthorLink
from media.models import Image, Rendition
from media.renditions import renditions_made

from . import dependencies as keys
from .state import bump

# What places a story in lists: whether it is live, when, in which section, and whether it leads.
PLACE = ("status", "published_at", "section_id", "featured")


def story_keys(story, *, placed):
    """The keys a change to a live ``story`` touches; ``placed``: its place in lists changed too."""
    touched = {keys.story(story.pk), keys.STORIES}
    if placed:
        touched |= {keys.LATEST, keys.section_stories(story.section_id)}
        if Correction.objects.filter(article_id=story.pk).exists():
            touched.add(keys.CORRECTIONS)  # the log lists only live stories' corrections
        tags = Article.tags.through.objects.filter(article_id=story.pk).values_list("tag_id", flat=True)
        touched |= {keys.tag_stories(pk) for pk in tags}
        people = Byline.objects.filter(article_id=story.pk).values_list("author_id", flat=True)
        touched |= {keys.person_stories(pk) for pk in people}
    touched.discard(None)
    return touched


def correction_keys(story_pk):
    return {keys.story(story_pk), keys.STORIES, keys.CORRECTIONS}


def _is_live(story_pk):
    return Article.objects.filter(pk=story_pk, status=Status.PUBLISHED).exists()


def _remember_place(sender, instance, raw=False, **kwargs):
    """Keep what placed the story before this save, to tell after it whether its place changed."""
    if instance.pk is not None and not raw:
        instance._place_before = Article.objects.filter(pk=instance.pk).values(*PLACE).first()


def _story_saved(sender, instance, created, raw=False, **kwargs):
    before = None if created else getattr(instance, "_place_before", None)
    instance._place_before = None
    was_live = before is not None and before["status"] == Status.PUBLISHED
    if raw or not (was_live or instance.status == Status.PUBLISHED):
        return
    placed = before is None or any(before[field] != getattr(instance, field) for field in PLACE)
    touched = story_keys(instance, placed=placed)
    if placed and before is not None:
        touched.add(keys.section_stories(before["section_id"]))
    touched.discard(None)
    due = instance.published_at if instance.status == Status.PUBLISHED else None
    bump(touched, due=due)


def _story_deleted(sender, instance, **kwargs):
    # Before the delete, while its tags and bylines still say which lists it was in.
    if instance.status == Status.PUBLISHED:
        bump(story_keys(instance, placed=True))


def _remember_author(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not raw:
        instance._author_before = Byline.objects.filter(pk=instance.pk).values_list("author_id", flat=True).first()


def _byline_changed(sender, instance, raw=False, **kwargs):
    if raw or not _is_live(instance.article_id):
        return
    people = {instance.author_id, getattr(instance, "_author_before", None)} - {None}
    bump({keys.story(instance.article_id), keys.STORIES, *(keys.person_stories(pk) for pk in people)})


def _correction_changed(sender, instance, raw=False, **kwargs):
    if not raw and _is_live(instance.article_id):
        bump(correction_keys(instance.article_id), due=instance.published_at)


def _old_address_changed(sender, instance, raw=False, **kwargs):
    if not raw and _is_live(instance.article_id):
        bump({keys.story(instance.article_id)})


def _tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        # The tags about to go: ``post_clear`` no longer says which they were.
        through = Article.tags.through.objects
        if reverse:
            instance._cleared = set(through.filter(tag_id=instance.pk).values_list("article_id", flat=True))
        else:
            instance._cleared = set(through.filter(article_id=instance.pk).values_list("tag_id", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    changed = getattr(instance, "_cleared", set()) if action == "post_clear" else set(pk_set or ())
    pairs = [(pk, instance.pk) for pk in changed] if reverse else [(instance.pk, pk) for pk in changed]
    live = set(
        Article.objects.filter(pk__in={story for story, _tag in pairs}, status=Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    touched = set()
    for story, tag in pairs:
        if story in live:
            touched |= {keys.story(story), keys.STORIES, keys.tag_stories(tag)}
    if touched:
        bump(touched)


def _figures_changed(sender, instance, action, reverse, **kwargs):
    if action.startswith("post_") and not reverse and instance.status == Status.PUBLISHED:
        bump({keys.story(instance.pk)})


def _coverage_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _is_live(instance.article_id):
        return
    touched = {keys.live(instance.article_id)}
    if update_fields is None or set(update_fields) != {"changed_at"}:
        # Going live, or ending the coverage, changes the story's page as a whole, which named no live key
        # before; an update's change (the coverage's newest change moving on) only its updates.
        touched.add(keys.story(instance.article_id))
    bump(touched)


def _update_changed(sender, instance, raw=False, **kwargs):
    # A live story's updates show on its page and its live pages only, never in lists.
    if not raw and _is_live(instance.article_id):
        bump({keys.live(instance.article_id)})


def _section_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump({keys.SECTIONS, keys.section_stories(instance.pk)})


def _tag_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump({keys.tag(instance.pk), keys.tag_stories(instance.pk)})


def _person_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump({keys.person(instance.pk), keys.PEOPLE})


def _person_link_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump({keys.person(instance.author_id)})


def _picture_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump({keys.picture(instance.pk)})


def _rendition_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        bump({keys.picture(instance.image_id)})


def _renditions_made(sender, image, **kwargs):
    bump({keys.picture(image.pk)})


def connect():
    def on_save_and_delete(receiver, model):
        name = model.__name__
        post_save.connect(receiver, sender=model, dispatch_uid=f"pagecache-{name}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"pagecache-{name}-delete")

    pre_save.connect(_remember_place, sender=Article, dispatch_uid="pagecache-article-place")
    post_save.connect(_story_saved, sender=Article, dispatch_uid="pagecache-article-save")
    pre_delete.connect(_story_deleted, sender=Article, dispatch_uid="pagecache-article-delete")
    pre_save.connect(_remember_author, sender=Byline, dispatch_uid="pagecache-byline-author")
    on_save_and_delete(_byline_changed, Byline)
    on_save_and_delete(_correction_changed, Correction)
    on_save_and_delete(_old_address_changed, SlugRedirect)
    m2m_changed.connect(_tags_changed, sender=Article.tags.through, dispatch_uid="pagecache-tags")
    m2m_changed.connect(_figures_changed, sender=Article.body_images.through, dispatch_uid="pagecache-figures")
    on_save_and_delete(_coverage_changed, LiveCoverage)
    on_save_and_delete(_update_changed, LiveEntry)
    on_save_and_delete(_section_changed, Section)
    on_save_and_delete(_tag_changed, Tag)
    on_save_and_delete(_person_changed, Author)
    on_save_and_delete(_person_link_changed, AuthorLink)
    on_save_and_delete(_picture_changed, Image)
    on_save_and_delete(_rendition_changed, Rendition)
    renditions_made.connect(_renditions_made, dispatch_uid="pagecache-renditions-made")
