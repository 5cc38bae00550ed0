"""
A story's body as readers see it.

A stored body is already sanitized HTML. Its figures carry the library image's id (``data-file``);
each becomes a responsive ``<picture>`` built from stored renditions, with the library's alt text when
the editor left it empty and the library's current credit, so a credit fixed once is fixed on every
story. A figure whose image is gone or whose rights expired is dropped. The story page and the content
API write it the same way.
"""

from html.parser import HTMLParser

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import figure_image_id

FIGURE_TEMPLATE = "articles/includes/body_figure.html"
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _FigureRewriter(HTMLParser):
    """Copies a sanitized body, handing each ``<figure>`` to ``render_figure``."""

    def __init__(self, render_figure):
        super().__init__(convert_charrefs=True)
        self.render_figure = render_figure
        self.parts = []
        self.figure = None

    def handle_starttag(self, tag, attrs):
        if self.figure is None and tag == "figure":
            self.figure = {"image_id": None, "alt": "", "caption": [], "in_caption": False}
        elif self.figure is not None:
            attributes = dict(attrs)
            if tag == "img":
                self.figure["image_id"] = attributes.get("data-file")
                self.figure["alt"] = attributes.get("alt") or ""
            elif tag == "figcaption":
                self.figure["in_caption"] = True
        else:
            self.parts.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.figure is None:
            if tag not in VOID_ELEMENTS:
                self.parts.append(f"</{tag}>")
        elif tag == "figcaption":
            self.figure["in_caption"] = False
        elif tag == "figure":
            figure, self.figure = self.figure, None
            caption = " ".join("".join(figure["caption"]).split())
            self.parts.append(self.render_figure(figure["image_id"], figure["alt"].strip(), caption))

    def handle_data(self, data):
        if self.figure is None:
            self.parts.append(escape(data))
        elif self.figure["in_caption"]:
            self.figure["caption"].append(data)

    def rewrite(self, body):
        self.feed(body)
        self.close()
        return "".join(self.parts)


def story_body(article, *, absolute=False):
    """
    The body HTML readers see, with the library figures of ``article.figure_list`` (their renditions
    read); ``absolute``: the pictures' addresses on the public origin, for HTML read off the site.
    """
    images = {image.pk: image for image in article.figure_list}

    def render_figure(image_id, alt, caption):
        image = images.get(figure_image_id(image_id))
        if image is None or image.is_expired():
            return ""
        context = {"image": image, "alt": alt or image.alt_text, "caption": caption, "credit": image.credit}
        return render_to_string(FIGURE_TEMPLATE, {**context, "absolute": absolute})

    return mark_safe(_FigureRewriter(render_figure).rewrite(article.body or ""))  # noqa: S308
