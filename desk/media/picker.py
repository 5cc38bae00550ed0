"""
The picture picker that the rich-text editor's Figure button opens (django-prose-editor's ``pickerUrl``):
the library's usable pictures to choose from, and a form to upload a new one and insert it at once.
"""

import re
from urllib.parse import urlencode

import reversion
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import modelform_factory
from django.shortcuts import redirect
from django.views.generic import TemplateView

from media.history import UPLOADED
from media.models import Image, Rendition

from .forms import ImageForm
from .pictures import picture_url, thumbnail_url

PICTURES_PER_PAGE = 24
# Body figures use the uncropped picture at this width.
FIGURE_WIDTH = 1200

# The editor numbers its callbacks with small integers.
FUNC_NUM = re.compile(r"-?\d{1,9}")

# What the picker's upload form asks for; the rest (source, licence, focal point) waits on the library page.
UPLOAD_FIELDS = ["file", "title", "alt_text", "caption", "credit"]


class PickerView(TemplateView):
    """
    Usable library pictures to choose from, searchable, for staff who may view the library; those who
    may add pictures can upload one here too.

    The page's script hands the chosen picture back to the editor window through
    ``window.opener.CKEDITOR.tools.callFunction(funcNum, url, {id, alternative_text, caption})``;
    the editor stores the id in the figure's ``data-file`` attribute. An upload that succeeds
    redirects here with ``uploaded=<id>``, and the page hands that picture over at once.
    """

    model_admin = None
    template_name = "admin/media/image/picker.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def upload_form_class(self):
        form_class = modelform_factory(Image, form=ImageForm, fields=UPLOAD_FIELDS)
        # Every file sent here counts against this person's hourly upload limit.
        form_class.uploader = self.request.user
        return form_class

    def post(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        form = self.upload_form_class()(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(upload_form=form))
        # As the library's own add form saves: one revision, the uploader recorded, a line in the admin log.
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(UPLOADED)
            image = form.save(commit=False)
            self.model_admin.save_model(request, image, form, change=False)
        self.model_admin.log_addition(request, image, [{"added": {}}])
        query = {"uploaded": image.pk}
        if self.func_num():
            query["CKEditorFuncNum"] = self.func_num()
        return redirect(f"{request.path}?{urlencode(query)}")

    def func_num(self):
        func_num = self.request.GET.get("CKEditorFuncNum", "")
        return func_num if FUNC_NUM.fullmatch(func_num) else ""

    def get_context_data(self, upload_form=None, **kwargs):
        request = self.request
        query = request.GET.get("q", "").strip()
        wanted = Rendition.objects.at_ratios("free").filter(format="jpeg") | Rendition.objects.thumbnails()
        images = Image.objects.usable().prefetch_related(Prefetch("renditions", queryset=wanted))
        uploaded = None
        if request.GET.get("uploaded", "").isdigit():
            uploaded = images.filter(pk=request.GET["uploaded"]).first()
        if query:
            images, duplicates = self.model_admin.get_search_results(request, images, query)
            if duplicates:
                images = images.distinct()
        page = Paginator(images, PICTURES_PER_PAGE).get_page(request.GET.get("page"))
        may_upload = self.model_admin.has_add_permission(request)
        if upload_form is None and may_upload:
            upload_form = self.upload_form_class()()
        return {
            **super().get_context_data(**kwargs),
            **self.model_admin.admin_site.each_context(request),
            "opts": Image._meta,
            "title": "Choose a picture",
            "is_popup": True,
            "query": query,
            "func_num": self.func_num(),
            "page_obj": page,
            "choices": [self.choice(image) for image in page],
            "uploaded": self.choice(uploaded) if uploaded else None,
            "upload_form": upload_form,
            "upload_open": bool(upload_form is not None and (upload_form.errors or not page.paginator.count)),
        }

    @staticmethod
    def choice(image):
        return {"image": image, "thumbnail": thumbnail_url(image), "url": picture_url(image, "free", FIGURE_WIDTH)}
