"""Authors: the people behind the bylines, and their columnist profiles."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse

from newsroom.richtext import RichTextField

# Profiles link out to the web only: no javascript:, data: or ftp: links.
web_url = URLValidator(schemes=["http", "https"])


class AuthorQuerySet(models.QuerySet):
    def for_index(self):
        """Columnists first, in the desk's chosen order, then everyone else active."""
        return self.filter(is_active=True).order_by("-is_columnist", "order", "name")


class Author(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The account that may edit this profile, if the author has one.",
    )
    name = models.CharField("display name", max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=150, blank=True, help_text='e.g. "Space Insider Columnist"')
    short_bio = models.TextField(blank=True, max_length=600, help_text="One or two sentences for the author box.")
    long_bio = RichTextField(blank=True, kind="bio", help_text="The full biography on the profile page.")
    headshot = models.ForeignKey(
        "media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="author_headshots"
    )
    website = models.URLField(blank=True, validators=[web_url])
    email = models.EmailField(blank=True, help_text="Where workflow notices go when the author has no account.")
    is_columnist = models.BooleanField("columnist", default=False)
    order = models.PositiveIntegerField(default=0, help_text="Position on the columnists index.")
    is_active = models.BooleanField("active", default=True, help_text="Former contributors stay listed on stories.")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})

    @property
    def notify_email(self):
        return (self.user.email if self.user_id and self.user.email else "") or self.email


class AuthorLink(models.Model):
    """A labelled link on a profile: a social account, a book, a newsletter."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=80)
    url = models.URLField(validators=[web_url])
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.label
