"""
Pictures in S3-compatible object storage (django-storages and boto3): originals private, renditions public.

The settings name this storage when ``AWS_STORAGE_BUCKET_NAME`` is set. Originals, and the files kept
between two tries of an upload form, stay private in the bucket: readers and the desk reach them through
the app at ``MEDIA_URL`` (``newsroom.views.serve_upload`` reads them through this storage), so their
addresses never expire and never name the bucket. Renditions are public, at their own address (a CDN in
front of the bucket, ``RENDITIONS_URL``), and sent with a long ``Cache-Control``: a rendition's name holds
its picture's file name and its crop, so the same name never shows other pixels.
"""

from urllib.parse import urljoin

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .specs import RENDITIONS_FOLDER

# A year: a browser or CDN keeps a rendition for as long as it likes.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"


def is_public(name):
    """Whether the stored file ``name`` is one readers fetch from the bucket: a rendition."""
    return clean_name(name).startswith(RENDITIONS_FOLDER)


class PictureStorage(S3Storage):
    """
    One bucket for the library: renditions public at ``renditions_url``, with a long ``Cache-Control``
    and the ``renditions_acl`` grant (empty where a bucket policy makes the folder public instead);
    everything else private, addressed at ``originals_url`` (the app's ``MEDIA_URL``).
    """

    # Two workers making the same rendition each store their own file; the one whose row lost removes
    # its own file (media.renditions), which must not be the winner's.
    file_overwrite = False

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "renditions_url": "",
            "renditions_acl": "public-read",
            "originals_url": "/uploads/",
        }

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if is_public(name):
            parameters["CacheControl"] = RENDITION_CACHE_CONTROL
            if self.renditions_acl:
                parameters["ACL"] = self.renditions_acl
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        """A rendition's public address; any other file's address in the app. Neither is signed."""
        base = self.renditions_url if is_public(name) else self.originals_url
        return urljoin(base, filepath_to_uri(clean_name(name)))
