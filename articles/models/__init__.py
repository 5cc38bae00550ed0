"""The stories app's models, one module per concept; importing from ``articles.models`` finds them all."""

from .live import LiveCoverage, LiveEntry
from .records import AuditEntry, EditorialNote
from .recovery import RecoveryCopy
from .sharing import ShareLink, ShareLinkVisit
from .stories import (
    FIGURE_FILE_RE,
    LARGEST_ID,
    Article,
    Byline,
    Correction,
    FormerAddress,
    SlugRedirect,
    Status,
    TagListing,
    article_url,
    figure_image_id,
    former_address,
    local_date,
    slug_taken,
    tags_changed,
)
from .taxonomy import Section, Tag

__all__ = [
    "FIGURE_FILE_RE",
    "LARGEST_ID",
    "Article",
    "AuditEntry",
    "Byline",
    "Correction",
    "EditorialNote",
    "FormerAddress",
    "LiveCoverage",
    "LiveEntry",
    "RecoveryCopy",
    "Section",
    "ShareLink",
    "ShareLinkVisit",
    "SlugRedirect",
    "Status",
    "Tag",
    "TagListing",
    "article_url",
    "figure_image_id",
    "former_address",
    "local_date",
    "slug_taken",
    "tags_changed",
]
