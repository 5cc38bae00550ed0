"""What the reader's site keeps of its own: the parts of story pages drawn once (``public.parts``)."""

from django.db import models
from django.utils import timezone


class StoryPart(models.Model):
    """
    A part of a story page drawn once and kept: its HTML and data (``content``, JSON), the keys of
    what it shows (``pagecache.dependencies``, a JSON list) and the content version read before
    it was drawn. It is current while none of its keys carries a newer version, until ``good_until``
    (a picture's rights ending, a related story falling due) and while the site draws story pages as
    it did (``recipe``).
    """

    class Kind(models.TextChoices):
        STORY = "story", "the story itself"
        RELATED = "related", "its related stories"
        DOCUMENT = "document", "its content API document"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipe = models.CharField(max_length=16)
    version = models.BigIntegerField()
    keys = models.TextField()
    good_until = models.DateTimeField(null=True, blank=True)
    content = models.TextField()
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "kind"], name="unique_story_part")]

    def __str__(self):
        return f"{self.get_kind_display()} of story {self.article_id} at {self.version}"
