"""Load the demo newsroom: idempotent, and refused in production unless forced."""

import datetime
import os
import secrets

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import live, workflow
from articles.models import Article, Byline, Section, Status, Tag
from articles.roles import EDITORS, JOURNALISTS, role_group
from authors.models import Author, AuthorLink
from demo import content, images, live_content
from media.models import Image

DEMO_USERS = [
    # username, group, superuser, display name
    ("admin", None, True, "Site administrator"),
    ("editor", EDITORS, False, "Desk Editor"),
    ("journalist", JOURNALISTS, False, "Maya Okafor"),
]


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, images, stories, users). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: this looks like production. "
                "Use --force if you really want demo content here."
            )
        now = timezone.now()
        with transaction.atomic():
            password, created_users = self._users()
            sections = self._sections()
            tags = self._tags()
            pictures = self._images(created_by=created_users.get("editor"))
            authors = self._authors(pictures)
            made = self._stories(now, sections, tags, authors, pictures)
            made += self._live_story(now, sections, tags, authors, pictures)

        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready: {made} new stories."))
        self.stdout.write("Demo logins at /admin/: admin (superuser), editor (Editors), journalist (Journalists).")
        if password:
            self.stdout.write(f"Password for all three: {password}")
        else:
            self.stdout.write("Passwords unchanged (printed when the users were created; DEMO_PASSWORD sets one).")
        if settings.TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "Two-factor sign-in is on: admin and editor set up an authenticator app at their first sign-in."
            )
        else:
            self.stdout.write(
                "Two-factor sign-in is off here (TWO_FACTOR_REQUIRED follows DEBUG): the password is enough."
            )

    # People -----------------------------------------------------------------

    def _users(self):
        User = get_user_model()
        chosen = os.environ.get("DEMO_PASSWORD", "").strip()
        generated = None
        created = {}
        for username, group_name, superuser, full_name in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                generated = generated or chosen or secrets.token_urlsafe(12)
                first, _, last = full_name.partition(" ")
                user = User.objects.create_user(
                    username,
                    email=f"{username}@newsroom.example",
                    password=generated,
                    first_name=first,
                    last_name=last,
                    is_staff=True,
                    is_superuser=superuser,
                )
                created[username] = user
            elif chosen and not user.check_password(chosen):
                user.set_password(chosen)
                user.save(update_fields=["password"])
                generated = chosen
            if group_name:
                user.groups.add(role_group(group_name))
        return generated, created

    def _authors(self, pictures):
        User = get_user_model()
        authors = {}
        for data in content.AUTHORS:
            author = Author.objects.filter(slug=data["slug"]).first()
            if author is None:
                kind, seed, tint = data["headshot"]
                headshot = self._draw_image(
                    title=f"Portrait of {data['name']}",
                    picture=images.headshot(seed=seed, tint=tint),
                    alt_text=f"Portrait of {data['name']}",
                    credit="The Orbital Desk",
                    focal=(0.5, 0.4),
                )
                author = Author.objects.create(
                    slug=data["slug"],
                    name=data["name"],
                    title=data["title"],
                    short_bio=data["short_bio"],
                    long_bio=data["long_bio"],
                    website=data["website"],
                    is_columnist=data["is_columnist"],
                    order=data["order"],
                    headshot=headshot,
                    user=User.objects.filter(username=data.get("user") or "").first(),
                )
                for order, (label, url) in enumerate(data["links"]):
                    AuthorLink.objects.create(author=author, label=label, url=url, order=order)
            authors[data["slug"]] = author
        return authors

    # Taxonomy ---------------------------------------------------------------

    def _sections(self):
        sections = {}
        for order, (name, slug, description) in enumerate(content.SECTIONS):
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "order": order}
            )
        return sections

    def _tags(self):
        return {slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in content.TAGS}

    # Pictures ---------------------------------------------------------------

    def _images(self, created_by=None):
        pictures = {}
        for key, data in content.IMAGES.items():
            kind, seed = data["draw"]
            pictures[key] = Image.objects.filter(title=data["title"]).first() or self._draw_image(
                title=data["title"],
                picture=images.spacewalk(seed=seed) if kind == "spacewalk" else images.scene(kind, seed=seed),
                alt_text=data["alt_text"],
                caption=data["caption"],
                credit=data["credit"],
                source=data["source"],
                focal=data["focal"],
                uploaded_by=created_by,
            )
        return pictures

    def _draw_image(self, *, title, picture, focal, **fields):
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        image = Image(title=title, focal_x=focal[0], focal_y=focal[1], **fields)
        data = images.to_jpeg_bytes(picture)
        image.file_size = len(data)
        image.file.save("demo.jpg", ContentFile(data), save=False)
        image.width, image.height = picture.size
        image.save()
        return image

    # Stories ----------------------------------------------------------------

    def _stories(self, now, sections, tags, authors, pictures):
        editor = get_user_model().objects.filter(username="editor").first()
        made = 0
        for data in content.STORIES:
            if Article.objects.filter(slug=data["slug"]).exists():
                continue
            picture = pictures.get(data["image"]) if data["image"] else None
            body = data.get("body") or "".join(f"<p>{text}</p>" for text in data["paragraphs"])
            mirror = pictures["mirror"]
            body = body.replace("{mirror}", str(mirror.pk)).replace("{mirror_url}", mirror.file.url)
            published_at = None
            if data["hours"] is not None:
                published_at = (now + datetime.timedelta(hours=data["hours"])).replace(microsecond=0)
            with reversion.create_revision():
                reversion.set_comment("Loaded with the demo newsroom")
                article = self._create_story(data, sections, tags, authors, picture, body, editor)
            # Stories reach their state the way the desk's do: through the workflow.
            if data["status"] == Status.IN_REVIEW:
                workflow.submit(article, editor, notify=False)
            elif data["status"] == Status.PUBLISHED:
                workflow.publish(article, editor, at=published_at, notify=False)
            made += 1
        return made

    def _live_story(self, now, sections, tags, authors, pictures):
        """Launch day, covered live: published hours ago through the workflow, its updates posted since."""
        data = live_content.LIVE_STORY
        if Article.objects.filter(slug=data["slug"]).exists():
            return 0
        editor = get_user_model().objects.filter(username="editor").first()
        began = (now + datetime.timedelta(hours=data["hours"])).replace(microsecond=0)
        body = "".join(f"<p>{text}</p>" for text in data["paragraphs"])
        with reversion.create_revision():
            reversion.set_comment("Loaded with the demo newsroom")
            article = self._create_story(data, sections, tags, authors, pictures[data["image"]], body, editor)
        workflow.publish(article, editor, at=began, notify=False)
        live.start_coverage(article, editor, at=began)
        for minutes, title, text, pinned, key_event, slug in live_content.LIVE_UPDATES:
            live.post_entry(
                article,
                editor,
                title=title,
                body=f"<p>{text}</p>",
                authors=[authors[slug]],
                pinned=pinned,
                key_event=key_event,
                published_at=began + datetime.timedelta(minutes=minutes),
            )
        return 1

    def _create_story(self, data, sections, tags, authors, picture, body, editor):
        article = Article.objects.create(
            slug=data["slug"],
            headline=data["headline"],
            dek=data["dek"],
            section=sections[data["section"]],
            hero_image=picture,
            body=body,
            featured=data.get("featured", False),
            created_by=editor,
        )
        article.tags.set([tags[slug] for slug in data["tags"]])
        for order, (slug, role) in enumerate(data["authors"]):
            Byline.objects.create(article=article, author=authors[slug], role=role, order=order)
        return article
