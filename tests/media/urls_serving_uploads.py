"""The site's addresses plus the uploads route, as a laptop (``SERVE_UPLOADS``) has them."""

from newsroom.urls import urlpatterns as site_patterns
from newsroom.views import upload_patterns

urlpatterns = [*upload_patterns(), *site_patterns]
