"""Stories and what hangs off them: bylines, corrections, old addresses (their own and from a former site)."""

import functools
import re
from urllib.parse import quote

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from newsroom.richtext import RichTextField, reading_minutes, word_count

from .taxonomy import Section, Tag


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


FIGURE_FILE_RE = re.compile(r"""data-file\s*=\s*["']?([0-9]+)""")
LARGEST_ID = 2**63 - 1
# The longest former address kept: a unique index's entry must stay within PostgreSQL's limit for any text.
FORMER_ADDRESS_LENGTH = 600


def figure_image_id(value):
    """The library image a body figure's ``data-file`` names: a whole number a database id can be, or None."""
    value = value or ""
    if value.isascii() and value.isdigit() and int(value) <= LARGEST_ID:
        return int(value)
    return None


@reversion.register(follow=["bylines"])
class Article(models.Model):
    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, help_text="The last part of the story's address.")
    dek = models.TextField("dek", max_length=500, blank=True, help_text="The standfirst under the headline.")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField("authors.Author", through="Byline", related_name="articles")

    hero_image = models.ForeignKey(
        "media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="hero_usages"
    )
    hero_caption = models.TextField(
        "hero caption for this story", blank=True, help_text="Leave empty to use the library's caption."
    )
    hero_credit = models.CharField(
        "hero credit for this story", max_length=200, blank=True, help_text="Leave empty to use the library's credit."
    )
    body = RichTextField(blank=True)
    body_images = models.ManyToManyField(
        "media.Image", blank=True, editable=False, related_name="body_usages", help_text="Figures used in the body."
    )

    seo_title = models.CharField("SEO title", max_length=200, blank=True, help_text="Defaults to the headline.")
    seo_description = models.CharField("SEO description", max_length=300, blank=True, help_text="Defaults to the dek.")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(
        "publication time", null=True, blank=True, help_text="Readers see the story from this second on."
    )
    publication_date = models.DateField(null=True, blank=True, editable=False)
    # The first day of the month of the story's address: the sitemaps list the stories a month at a time.
    publication_month = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(
        "updated time",
        null=True,
        blank=True,
        help_text="Shown to readers as 'Updated' when an editor marks a substantive update.",
    )
    featured = models.BooleanField("lead story", default=False, help_text="Lead the home page with this story.")
    editorial_note = models.TextField("internal note", blank=True, help_text="For the desk only; never published.")

    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_time = models.PositiveIntegerField("reading time (minutes)", default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("approve_article", "Can approve stories and send them back"),
            ("publish_article", "Can publish, schedule and unpublish stories"),
            ("change_any_article", "Can edit any story in any state"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["publication_date", "slug"], name="unique_slug_per_day"),
        ]
        indexes = [
            # Live stories newest first, in the public order (the id breaks ties): listings read their
            # page's ids from the index alone, and a walk looking for a tag or an author never reads a
            # story it does not keep.
            models.Index(fields=["status", "-published_at", "-id"], name="article_published_idx"),
            models.Index(fields=["section", "status", "-published_at", "-id"], name="article_section_idx"),
            models.Index(fields=["-modified_at"], name="article_modified_idx"),
            # A month's live stories for its sitemap, newest first; each month's newest story, and the
            # month before it, in one step each (the sitemap index).
            models.Index(fields=["status", "publication_month", "-published_at", "-id"], name="article_month_idx"),
            # Each month's latest update, in one step: the few stories an editor updated.
            models.Index(
                fields=["status", "publication_month", "-updated_at"],
                name="article_month_updated_idx",
                condition=models.Q(updated_at__isnull=False),
            ),
            # The desk's story list: newest first, undated drafts on top (PostgreSQL's DESC order).
            models.Index(fields=["-published_at", "-id"], name="article_desk_list_idx"),
        ]

    def __str__(self):
        return self.headline

    # Saving -----------------------------------------------------------------

    def save(self, *args, **kwargs):
        self.publication_date = local_date(self.published_at)
        self.publication_month = self.publication_date.replace(day=1) if self.publication_date else None
        update_fields = kwargs.get("update_fields")
        # A save of the publication date (a workflow step's) saves its month with it.
        if update_fields is not None and "publication_date" in update_fields:
            kwargs["update_fields"] = {*update_fields, "publication_month"}
        # Cleaned here to count the words readers read; the field cleans a body only once per save.
        self.body = self._meta.get_field("body").sanitize(self.body)
        self.word_count = word_count(self.body)
        self.reading_time = reading_minutes(self.word_count)
        previous = None
        if self.pk:
            previous = Article.objects.filter(pk=self.pk).values("slug", "publication_date", "published_at").first()
        super().save(*args, **kwargs)
        self._keep_old_address(previous)
        self._sync_body_images()
        if previous and previous["published_at"] != self.published_at:
            # The copies of the time that order the author and tag pages follow the story.
            self.bylines.update(published_at=self.published_at)
            self.tag_listings.update(published_at=self.published_at)

    # Public address ---------------------------------------------------------

    def get_absolute_url(self):
        if not self.publication_date:
            return ""
        return article_url(self.publication_date, self.slug)

    def clean(self):
        super().clean()
        if self.hero_image_id and self.hero_image.is_expired():
            raise ValidationError(
                {"hero_image": "This image's usage rights expired; choose another or renew the rights."}
            )
        date = local_date(self.published_at)
        if slug_taken(self, date):
            raise ValidationError({"slug": f"Another story published on {date:%B %-d, %Y} already uses this address."})

    @property
    def display_title(self):
        return self.seo_title or self.headline

    @property
    def display_description(self):
        return self.seo_description or self.dek

    @property
    def is_live(self):
        """Published and due: what a reader may see."""
        return self.is_live_at(timezone.now())

    def is_live_at(self, moment):
        return self.status == Status.PUBLISHED and self.published_at is not None and self.published_at <= moment

    # Hero -------------------------------------------------------------------

    @property
    def hero(self):
        """The hero image if readers may see it today, else None."""
        image = self.hero_image
        if image is None or image.is_expired():
            return None
        return image

    @property
    def hero_caption_text(self):
        return self.hero_caption or (self.hero_image.caption if self.hero_image else "")

    @property
    def hero_credit_text(self):
        return self.hero_credit or (self.hero_image.credit if self.hero_image else "")

    def _keep_old_address(self, previous):
        if not previous or not previous["publication_date"]:
            return
        if (previous["slug"], previous["publication_date"]) == (self.slug, self.publication_date):
            return
        SlugRedirect.objects.update_or_create(
            publication_date=previous["publication_date"], slug=previous["slug"], defaults={"article": self}
        )
        # The story is back at an address it once had: that one is no redirect.
        SlugRedirect.objects.filter(publication_date=self.publication_date, slug=self.slug).delete()

    def _sync_body_images(self):
        from media.models import Image

        ids = {figure_image_id(match) for match in FIGURE_FILE_RE.findall(self.body or "")} - {None}
        self.body_images.set(Image.objects.filter(pk__in=ids) if ids else [])


def slug_taken(article, date):
    """Whether another story published on ``date`` already has ``article``'s address (one per day and slug)."""
    if not (date and article.slug):
        return False
    return Article.objects.filter(publication_date=date, slug=article.slug).exclude(pk=article.pk).exists()


def local_date(moment):
    """The newsroom's calendar day of a moment (the date in the story's address)."""
    return timezone.localtime(moment).date() if moment else None


def article_url(date, slug):
    """
    A story's address, ``/<yyyy>/<mm>/<dd>/<slug>/``: the day's part from the URL conf, the slug after it.

    Pages and sitemaps list stories by the thousand, and ``reverse`` costs tens of microseconds a
    call; the URL conf is asked once per day (and script prefix and URL conf), as the story form
    does for its address preview.
    """
    return f"{_day_address(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, date)}{quote(slug)}/"


@functools.lru_cache(maxsize=4096)
def _day_address(script_prefix, urlconf, date):
    kwargs = {"year": f"{date:%Y}", "month": f"{date:%m}", "day": f"{date:%d}", "slug": "slug"}
    return reverse("articles:detail", kwargs=kwargs, urlconf=urlconf).removesuffix("slug/")


@reversion.register()
class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(max_length=80, blank=True, help_text='e.g. "Additional reporting by"; empty for "By".')
    order = models.PositiveIntegerField(default=0)
    # The story's publication time, kept here by the story's save: an author's stories, newest first,
    # are then a walk down one index of their bylines that stops at the page's end, however many
    # stories the archive and the author hold. Whether a reader may see a story is still the story's.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_byline")]
        indexes = [models.Index(fields=["author", "-published_at", "-article"], name="byline_author_newest_idx")]

    def __str__(self):
        return f"{self.role or 'By'} {self.author}"

    def save(self, *args, **kwargs):
        self.published_at = self.article.published_at
        super().save(*args, **kwargs)


class TagListing(models.Model):
    """
    A story's place on one of its tags' pages: the tag, the story and the story's publication time,
    indexed on (tag, time, story) so a tag's stories, newest first, are a walk that stops at the
    page's end, however rare the tag and however big the archive. One per tag the story carries,
    kept by ``tags_changed`` as the tags change and by the story's save as its time does; whether a
    reader may see the story is still the story's to say.
    """

    # Their lookups go through the constraint's index (story first) and the tag's (tag first).
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="listings", db_index=False)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_listings", db_index=False)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "tag"], name="unique_tag_listing")]
        indexes = [models.Index(fields=["tag", "-published_at", "-article"], name="tag_listing_newest_idx")]

    def __str__(self):
        return f"{self.tag} – {self.article_id}"


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """
    Keep ``TagListing`` beside ``Article.tags`` (the ``m2m_changed`` receiver of its table), whether
    the tags were set from the story's side or the tag's.
    """
    if action == "post_add":
        if reverse:
            times = dict(Article.objects.filter(pk__in=pk_set).values_list("pk", "published_at"))
            pairs = [(article, instance.pk, times[article]) for article in pk_set]
        else:
            pairs = [(instance.pk, tag, instance.published_at) for tag in pk_set]
        listings = [TagListing(article_id=article, tag_id=tag, published_at=time) for article, tag, time in pairs]
        TagListing.objects.bulk_create(listings, ignore_conflicts=True)
    elif action in ("post_remove", "post_clear"):
        listings = TagListing.objects.filter(**{"tag" if reverse else "article": instance})
        if action == "post_remove":
            listings = listings.filter(**{"article__in" if reverse else "tag__in": pk_set})
        listings.delete()


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong, or what changed, in plain words.")
    published_at = models.DateTimeField(default=timezone.now)
    # On a live story, the update it corrects; the correction is the story's all the same.
    entry = models.ForeignKey(
        "articles.LiveEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
        verbose_name="live update",
        help_text="On a live story: the update this corrects.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["published_at", "id"]
        indexes = [models.Index(fields=["-published_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            now = timezone.now()
            changes = {"modified_at": now}
            if self.published_at <= now:
                # A correction is a substantive change: readers see the story as updated. One dated
                # later must not show its time before then; the story page counts it once it is due.
                changes["updated_at"] = self.published_at
            Article.objects.filter(pk=self.article_id).update(**changes)


class SlugRedirect(models.Model):
    """An address a published story once had; it answers 301 to the current one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_addresses")
    publication_date = models.DateField()
    slug = models.SlugField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publication_date", "slug"], name="unique_old_address"),
        ]

    def __str__(self):
        return article_url(self.publication_date, self.slug)


class FormerAddress(models.Model):
    """
    An address a story had on the site the newsroom moved from: a WordPress permalink such as
    ``/2014/05/slug/`` or ``/?p=123``. It answers 301 to the story's current address while the story is
    live, wherever on the site it points (``public.middleware.FormerAddressMiddleware``).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="former_addresses")
    address = models.CharField(
        max_length=FORMER_ADDRESS_LENGTH,
        unique=True,
        help_text="The path as readers asked for it, with the query that named the story there (?p=123).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "former addresses"

    def __str__(self):
        return self.address


def former_address(path, query=None):
    """
    The key a ``FormerAddress`` is stored and looked up under: the decoded path, with ``?name=value``
    when a query parameter named the story (WordPress's ``?p=123``); None when it is too long to keep,
    or holds a NUL (no address ever does, and PostgreSQL refuses it in text).
    """
    address = f"{path}?{query[0]}={query[1]}" if query else path
    return address if len(address) <= FORMER_ADDRESS_LENGTH and "\x00" not in address else None
