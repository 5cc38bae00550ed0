"""The picture picker that the rich-text editor's Figure button opens (django-prose-editor's ``pickerUrl``)."""

import re

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.views.generic import TemplateView

from .models import Image, Rendition
from .renditions import THUMBNAIL_RATIO, THUMBNAIL_WIDTH, rendition_url, spec_name, thumbnail_url

PICTURES_PER_PAGE = 24
# Body figures use the uncropped picture at this width.
FIGURE_WIDTH = 1200

# The editor numbers its callbacks with small (negative) integers.
FUNC_NUM = re.compile(r"-?\d{1,9}")


class PickerView(TemplateView):
    """
    Usable library pictures to choose from, searchable, for staff who may view the library.

    The page's script hands the chosen picture back to the editor window through
    ``window.opener.CKEDITOR.tools.callFunction(funcNum, url, {id, alternative_text, caption})``;
    the editor stores the id in the figure's ``data-file`` attribute.
    """

    model_admin = None
    template_name = "admin/media/image/picker.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        request = self.request
        query = request.GET.get("q", "").strip()
        func_num = request.GET.get("CKEditorFuncNum", "")
        wanted = Rendition.objects.filter(
            Q(spec__startswith="free-") | Q(spec=spec_name(THUMBNAIL_RATIO, THUMBNAIL_WIDTH)), format="jpeg"
        )
        images = Image.objects.usable().prefetch_related(Prefetch("renditions", queryset=wanted))
        if query:
            images, duplicates = self.model_admin.get_search_results(request, images, query)
            if duplicates:
                images = images.distinct()
        page = Paginator(images, PICTURES_PER_PAGE).get_page(request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            **self.model_admin.admin_site.each_context(request),
            "opts": Image._meta,
            "title": "Choose a picture",
            "is_popup": True,
            "query": query,
            "func_num": func_num if FUNC_NUM.fullmatch(func_num) else "",
            "page_obj": page,
            "choices": [
                {"image": image, "thumbnail": thumbnail_url(image), "url": rendition_url(image, "free", FIGURE_WIDTH)}
                for image in page
            ],
        }
