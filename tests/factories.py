"""Test data with factory_boy: real rows, real Pillow images."""

import datetime
import io
import time

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image as PILImage

from articles.models import Article, Byline, Correction, Section, Status, Tag
from articles.roles import EDITORS, JOURNALISTS, role_group
from authors.models import Author
from media.models import Image


def jpeg_bytes(size=(1600, 900), colour=(30, 60, 120), **save_options):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG", quality=85, **save_options)
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.example")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")
    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(role_group(extracted))
        if create:
            self.save()


def journalist(**kwargs):
    return UserFactory(role=JOURNALISTS, **kwargs)


def editor(**kwargs):
    return UserFactory(role=EDITORS, **kwargs)


def authenticator(user):
    """The user's authenticator app, set up and confirmed (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def code_from(key, at=None):
    """The six digits an authenticator app shows for the secret ``key`` (bytes) now, or at Unix time ``at``."""
    clock = TOTP(key)
    clock.time = time.time() if at is None else at
    return f"{clock.token():06d}"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Picture {n}")
    alt_text = "A test picture"
    caption = "A caption from the library"
    credit = "Library Credit Agency"
    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="picture.jpg"))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")
    title = "Staff Writer"
    short_bio = "Writes about space."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A live story by default; pass status/published_at for others, authors=[...] for bylines."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    dek = "A short standfirst."
    section = factory.SubFactory(SectionFactory)
    body = "<p>First paragraph of the story.</p><p>Second paragraph.</p>"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for order, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            Byline.objects.create(article=self, author=author, order=order)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    text = "An earlier version misstated the date of the meeting."
