"""
The story form on the desk as a browser posts it: its addresses, its fields (a story's own, changed
where a test says), its inline rows, and the errors it shows back.
"""

from django.utils import timezone

ADD_URL = "/admin/articles/article/add/"


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def inline_rows(prefix, rows, initial=0):
    """An inline formset as the browser posts it: management form plus one block per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def story_form(article=None, bylines=None, corrections=(), **fields):
    """
    The story form's fields: those of ``article`` (unchanged) or of a new story, then ``fields``.

    ``bylines`` are (author, role) pairs for a new story; an existing story posts its own.
    """
    if article is None:
        data = {"headline": "", "slug": "", "dek": "", "section": "", "tags": [], "hero_image": ""}
        data |= {"hero_caption": "", "hero_credit": "", "body": "", "seo_title": "", "seo_description": ""}
        data |= {"updated_at_0": "", "updated_at_1": "", "editorial_note": ""}
        rows = [{"order": order, "author": author.pk, "role": role} for order, (author, role) in enumerate(bylines)]
        data |= inline_rows("bylines", rows)
        data |= inline_rows("corrections", [])
    else:
        updated = timezone.localtime(article.updated_at) if article.updated_at else None
        data = {
            "headline": article.headline,
            "slug": article.slug,
            "dek": article.dek,
            "section": article.section_id or "",
            "tags": [tag.pk for tag in article.tags.all()],
            "hero_image": article.hero_image_id or "",
            "hero_caption": article.hero_caption,
            "hero_credit": article.hero_credit,
            "body": article.body,
            "seo_title": article.seo_title,
            "seo_description": article.seo_description,
            "updated_at_0": f"{updated:%Y-%m-%d}" if updated else "",
            "updated_at_1": f"{updated:%H:%M:%S}" if updated else "",
            "editorial_note": article.editorial_note,
            # The version this edit starts from: a save from an older one is refused.
            "started_from_version": article.version,
        }
        if article.featured:
            data["featured"] = "on"
        rows = [
            {"id": b.pk, "article": article.pk, "order": b.order, "author": b.author_id, "role": b.role}
            for b in article.bylines.all()
        ]
        data |= inline_rows("bylines", rows, initial=len(rows))
        existing = list(article.corrections.all())
        rows = [
            {"id": c.pk, "article": article.pk, "kind": c.kind, "text": c.text, **_split("published_at", c)}
            for c in existing
        ]
        rows += list(corrections)
        data |= inline_rows("corrections", rows, initial=len(existing))
    return data | fields


def _split(name, obj):
    moment = timezone.localtime(getattr(obj, name))
    return {f"{name}_0": f"{moment:%Y-%m-%d}", f"{name}_1": f"{moment:%H:%M:%S}"}


def errors_of(response):
    """The main form's errors by field, and the inline formsets' own errors, as a user reads them."""
    form = response.context["adminform"].form
    inline = [
        str(error) for formset in response.context["inline_admin_formsets"] for error in formset.non_form_errors()
    ]
    return {name: list(messages) for name, messages in form.errors.items()}, inline
