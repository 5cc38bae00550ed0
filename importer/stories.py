"""
A WordPress post (or page) as a story, through the newsroom's own services: written and revised by
``articles.editing`` (each import a revision), brought to its state by ``articles.workflow`` (published
at its WordPress time, scheduled, or submitted for review, each step noted "Imported from WordPress"),
its old permalinks kept as former addresses that answer 301.

WordPress's states map so: ``publish`` and ``future`` → published at the post's time (a time still to
come is a schedule), ``pending`` → in review, ``draft`` and ``private`` → draft. A post that could not go
out here as it is (password-protected, no title, no text, nobody to byline) comes in as a draft, and the
report says why.
"""

import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles import editing, workflow
from articles.models import Article, Byline, FormerAddress, Status, former_address, local_date, slug_taken
from newsroom.richtext import sanitize_body

from . import bodies, filing, people, report
from .pictures import PictureFinder, plain_text
from .session import Kind

HEADLINE_LENGTH = Article._meta.get_field("headline").max_length
SLUG_LENGTH = Article._meta.get_field("slug").max_length
DEK_LENGTH = Article._meta.get_field("dek").max_length
STATES = {"publish": Status.PUBLISHED, "future": Status.PUBLISHED, "pending": Status.IN_REVIEW}
NOT_STORIES = {"trash": "in WordPress's trash", "auto-draft": "an empty auto-draft"}
# The query parameter that names an item on any WordPress site, whatever its permalinks.
ITEM_PARAMETER = {"post": "p", "page": "page_id"}


@dataclass
class Plan:
    """The story a post makes, before anything is written."""

    headline: str
    slug: str
    dek: str
    body: str
    section: object
    tags: list
    hero_image_id: int | None
    authors: list
    status: str
    published_at: object
    # Why the story comes in as less than its WordPress state, and what its body left out.
    held_back: list = field(default_factory=list)
    body_notes: object = None
    # Something it names (a picture, a hero) was not found: a later import looks at the post again.
    incomplete: bool = False


def fingerprint(item, session):
    """A digest of everything in the export (and the options) that shapes the story ``item`` makes."""
    shaped_by = [
        item.post_type,
        item.title,
        item.content,
        item.excerpt,
        item.status,
        item.date,
        item.date_gmt,
        item.slug,
        item.link,
        item.creator,
        item.password,
        [(term.taxonomy, term.slug, term.name) for term in item.terms],
        item.meta.get("_thumbnail_id", ""),
        session.options_digest,
    ]
    return hashlib.sha256(json.dumps(shaped_by).encode()).hexdigest()


def file_story(item, session):
    """
    Make the authors, section and tags ``item``'s story will be filed under, ahead of the story: stories
    imported side by side then only ever find them.
    """
    if item.status in NOT_STORIES:
        return
    if item.post_type == "page":
        filing.pages_section(session)
    else:
        filing.section_and_tags(item, session)
    people.writers(item, session)


def import_story(item, session):
    """
    One post or page as a story, in the caller's transaction: created; updated as a new revision when
    the post changed since the last import and the desk has not edited the story since (or
    ``--overwrite``); or left alone.
    """
    label = f"post {item.wordpress_id} “{plain_text(item.title) or item.slug}”"
    if item.status in NOT_STORIES:
        session.report.count(report.STORIES, report.SKIPPED)
        session.report.note(f"Posts not imported: {NOT_STORIES[item.status]}", label)
        return None
    digest = fingerprint(item, session)
    origin = session.origin(Kind.POST, item.wordpress_id)
    article = Article.objects.filter(pk=origin.object_id).first() if origin else None
    if origin is not None:
        left_alone = _left_alone(origin, article, digest, session)
        if left_alone is not None:
            outcome, reason = left_alone
            session.report.count(report.STORIES, outcome)
            if reason:
                session.report.note(reason, label)
            return article
    plan = _plan(item, session, article)
    if article is None:
        article, outcome = _create(item, plan, session), report.CREATED
    elif _unchanged(article, plan):
        outcome = report.UNCHANGED
    else:
        if article.version != origin.version:
            session.report.note("Stories whose desk edits this import replaced (--overwrite)", label)
        article, outcome = _update(item, article, plan, session), report.UPDATED
    if outcome != report.UNCHANGED:
        for reason in plan.held_back:
            session.report.note(f"Imported as drafts: {reason}", label)
        _note_body(plan.body_notes, label, session)
    # A story the post already made is recorded again only when what the export says of it changed.
    if outcome != report.UNCHANGED or (origin.fingerprint != digest and not plan.incomplete):
        record = session.record_new if origin is None else session.record
        record(
            Kind.POST,
            item.wordpress_id,
            article,
            wordpress_id=item.wordpress_id,
            old_url=item.link[:2000],
            fingerprint="" if plan.incomplete else digest,
            # The version the editing service and the workflow's steps left on the story.
            version=article.version,
        )
        _keep_former_addresses(item, article, session, label)
    session.report.count(report.STORIES, outcome)
    return article


def _left_alone(origin, article, digest, session):
    """Why a story an earlier import made is left as it is (its outcome and the reason to note), or None."""
    if article is None:
        return report.SKIPPED, "Stories deleted on the desk since their import (left deleted)"
    if origin.fingerprint == digest:
        return report.UNCHANGED, ""
    if article.version != origin.version and not session.overwrite:
        return (
            report.SKIPPED,
            "Stories changed in WordPress and edited on the desk since (--overwrite replaces the desk's edits)",
        )
    return None


# What the story will be ----------------------------------------------------------------------------


def _plan(item, session, article):
    finder = PictureFinder(session)
    body, notes = bodies.story_body(item.content, finder)
    if item.post_type == "page":
        section, tags = filing.pages_section(session), []
    else:
        section, tags = filing.section_and_tags(item, session)
    headline = plain_text(item.title)
    hero_id = _hero(item, finder)
    plan = Plan(
        headline=Truncator(headline).chars(HEADLINE_LENGTH) if headline else "Untitled",
        slug=article.slug if article else _slug(item),
        dek=Truncator(plain_text(item.excerpt)).chars(DEK_LENGTH),
        body=body,
        section=section,
        tags=tags,
        hero_image_id=hero_id,
        authors=people.writers(item, session),
        status=Status.DRAFT if session.as_draft else STATES.get(item.status, Status.DRAFT),
        published_at=item.published_at,
        body_notes=notes,
        incomplete=bool(notes.missing_pictures) or (bool(item.meta.get("_thumbnail_id")) and hero_id is None),
    )
    if plan.status != Status.DRAFT:
        _hold_back(item, plan, headline)
    if plan.published_at is not None and timezone.is_naive(plan.published_at):
        # Only a local time, with no zone: read in the newsroom's.
        plan.published_at = timezone.make_aware(plan.published_at)
    return plan


def _hold_back(item, plan, headline):
    """Keep as a draft what could not go out here as it is, saying why."""
    reasons = []
    if item.password:
        reasons.append("password-protected in WordPress")
    if not headline:
        reasons.append("no title")
    if not sanitize_body(plan.body).strip():
        reasons.append("no text")
    if not plan.authors:
        reasons.append("no author to byline")
    if reasons:
        plan.status = Status.DRAFT
        plan.held_back = reasons


def _hero(item, finder):
    number = item.meta.get("_thumbnail_id", "")
    image = finder("", int(number)) if number.isdigit() else None
    return image.pk if image else None


def _slug(item):
    """The story's address from the post's (which may be percent-encoded, in any script), in ASCII."""
    slug = slugify(unquote(item.slug)) or slugify(plain_text(item.title)) or f"story-{item.wordpress_id}"
    return slug[:SLUG_LENGTH].strip("-")


def _free_slug(article, published_at):
    """The story's slug, numbered if another story published that day has it (one address per day and slug)."""
    base, number = article.slug, 1
    date = local_date(published_at or timezone.now())
    while slug_taken(article, date):
        number += 1
        suffix = f"-{number}"
        article.slug = f"{base[: SLUG_LENGTH - len(suffix)]}{suffix}"


# Writing it ----------------------------------------------------------------------------------------


def _apply(article, plan):
    """The plan's words, picture and section on the story; a slug free on the day it is to go out."""
    if plan.status == Status.PUBLISHED and article.status != Status.PUBLISHED:
        _free_slug(article, plan.published_at)
    article.headline = plan.headline
    article.dek = plan.dek
    article.body = plan.body
    article.section = plan.section
    article.hero_image_id = plan.hero_image_id


def _related(article, plan):
    def save_related():
        article.tags.set(plan.tags)
        if [byline.author_id for byline in article.bylines.all()] != [author.pk for author in plan.authors]:
            article.bylines.all().delete()
            for order, author in enumerate(plan.authors):
                Byline.objects.create(article=article, author=author, order=order)

    return save_related


def _note(item):
    return f"Imported from WordPress (post {item.wordpress_id}: {item.link or item.guid})"


def _create(item, plan, session):
    article = Article(slug=plan.slug)
    _apply(article, plan)
    editing.create_story(article, session.editor, comment=_note(item), save_related=_related(article, plan))
    _reach_state(item, article, plan, session)
    return article


def _update(item, article, plan, session):
    _apply(article, plan)
    editing.save_story(
        article,
        session.editor,
        article.version,
        comment=f"Updated from WordPress (post {item.wordpress_id})",
        save_related=_related(article, plan),
    )
    _reach_state(item, article, plan, session)
    return article


def _reach_state(item, article, plan, session):
    """Move the story to the state its post has, through the workflow's own steps (and their checks)."""
    note = _note(item)
    if plan.status == Status.PUBLISHED and article.status != Status.PUBLISHED:
        workflow.publish(article, session.editor, at=plan.published_at, note=note, notify=False)
    elif plan.status == Status.IN_REVIEW and article.status == Status.DRAFT:
        workflow.submit(article, session.editor, note=note, notify=False)
    elif plan.status == Status.DRAFT and article.status == Status.PUBLISHED:
        workflow.unpublish(article, session.editor, note=f"{note}: no longer published there", notify=False)


def _unchanged(article, plan):
    """Whether the story already is what the post makes: nothing to write."""
    same_fields = (
        article.headline == plan.headline
        and article.dek == plan.dek
        and article.body == sanitize_body(plan.body)
        and article.section_id == (plan.section.pk if plan.section else None)
        and article.hero_image_id == plan.hero_image_id
    )
    same_filing = set(article.tags.values_list("pk", flat=True)) == {tag.pk for tag in plan.tags}
    same_bylines = list(article.bylines.values_list("author_id", flat=True)) == [author.pk for author in plan.authors]
    in_state = article.status == plan.status or (plan.status == Status.DRAFT and article.status != Status.PUBLISHED)
    return same_fields and same_filing and same_bylines and in_state


# Afterwards ----------------------------------------------------------------------------------------


def _keep_former_addresses(item, article, session, label):
    """The post's permalink and its ``?p=`` address answer 301 to the story (unless they are its address)."""
    base = urlsplit(session.site.base_url or session.site.link).path.rstrip("/")
    parameter = ITEM_PARAMETER.get(item.post_type, "p")
    addresses = {former_address(f"{base}/", (parameter, str(item.wordpress_id)))}
    if item.link:
        link = urlsplit(item.link)
        named = [(name, value) for name, value in parse_qsl(link.query) if name in ITEM_PARAMETER.values()]
        addresses.add(former_address(unquote(link.path) or "/", named[0] if named else None))
    addresses.discard(None)
    addresses.discard(article.get_absolute_url())
    kept = [FormerAddress(address=address, article=article) for address in sorted(addresses)]
    FormerAddress.objects.bulk_create(kept, ignore_conflicts=True)
    taken = FormerAddress.objects.filter(address__in=addresses).exclude(article=article)
    for address in taken.values_list("address", flat=True):
        session.report.note("Old addresses already answering for another story", f"{address} ({label})")


def _note_body(notes, label, session):
    if notes is None:
        return
    for what, count in notes.left_out.items():
        session.report.note(f"Left out of bodies: {what}", f"{label} ×{count}" if count > 1 else label)
    for what, count in notes.as_links.items():
        session.report.note(f"Turned into links in bodies: {what}", f"{label} ×{count}" if count > 1 else label)
    for src in notes.missing_pictures:
        session.report.note("Body pictures not in the library (left out)", f"{src} ({label})")
