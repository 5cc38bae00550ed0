"""A person's profile form on the desk as a browser posts it: its address and its fields, changed where a test says."""


def change_url(author):
    return f"/admin/authors/author/{author.pk}/change/"


def profile_form(author, **fields):
    """The profile form as a browser posts it, unchanged apart from ``fields``."""
    data = {
        "name": author.name,
        "slug": author.slug,
        "title": author.title,
        "user": author.user_id or "",
        "headshot": author.headshot_id or "",
        "short_bio": author.short_bio,
        "long_bio": author.long_bio,
        "website": author.website,
        "email": author.email,
        "order": author.order,
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    if author.is_columnist:
        data["is_columnist"] = "on"
    if author.is_active:
        data["is_active"] = "on"
    return data | fields
