"""The second sign-in step: the code page, setting up an authenticator, recovery codes, signing out."""

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from . import two_factor
from .forms import CodeForm


class DeskView(View):
    """A page of the admin site, drawn with its header and styles."""

    admin_site = None
    template_name = None
    title = ""

    def next_url(self):
        """Where the person was going: a local address from ``next``, else the desk's front page."""
        request = self.request
        url = request.POST.get("next") or request.GET.get("next")
        if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
            return url
        return reverse("admin:index", current_app=self.admin_site.name)

    def site_url(self, name):
        url = reverse(f"admin:{name}", current_app=self.admin_site.name)
        return f"{url}?{urlencode({'next': self.next_url()})}"

    def render(self, context=None, template_name=None, status=200):
        context = {
            **self.admin_site.each_context(self.request),
            "title": self.title,
            "next": self.next_url(),
            **(context or {}),
        }
        return render(self.request, template_name or self.template_name, context, status=status)


class VerifyView(DeskView):
    """The code page: six digits from the authenticator app, or one recovery code."""

    template_name = "accounts/verify.html"
    title = "Two-factor sign-in"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.is_verified(request.user):
            return HttpResponseRedirect(self.next_url())
        if not two_factor.has_authenticator(request.user):
            return HttpResponseRedirect(self.site_url("two_factor_setup"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render({"form": CodeForm()})

    def post(self, request):
        credentials = {"username": request.user.get_username()}
        # Wrong codes count with wrong passwords: the same lockout covers both steps.
        if not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, None, credentials)
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                device = two_factor.verify_code(request.user, form.cleaned_data["code"])
            except two_factor.CodeRefused as refusal:
                form.add_error("code", str(refusal))
                user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            else:
                two_factor.remember_verification(request, device)
                return HttpResponseRedirect(self.next_url())
        return self.render({"form": form})


def qr_code(text):
    """``text`` as a QR code, an SVG image in a data: address (no file, no extra request)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def written_out(device):
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class SetupView(DeskView):
    """
    Set up an authenticator app: scan the code (or type the secret), confirm with a first code,
    then note the recovery codes, shown this once.

    Open to an account without one; replacing one takes a verified session, so a stolen
    password cannot swap in the thief's phone.
    """

    template_name = "accounts/setup.html"
    title = "Set up two-factor sign-in"

    def dispatch(self, request, *args, **kwargs):
        if two_factor.has_authenticator(request.user) and not two_factor.is_verified(request.user):
            return HttpResponseRedirect(self.site_url("two_factor_verify"))
        return super().dispatch(request, *args, **kwargs)

    def page(self, form, device, status=200):
        context = {
            "form": form,
            "qr_code": qr_code(device.config_url),
            "secret": written_out(device),
            "replacing": two_factor.has_authenticator(self.request.user),
            "required": two_factor.must_verify(self.request.user),
        }
        return self.render(context, status=status)

    def get(self, request):
        return self.page(CodeForm(), two_factor.pending_authenticator(request.user))

    def post(self, request):
        device = two_factor.pending_authenticator(request.user)
        form = CodeForm(request.POST)
        if form.is_valid():
            try:
                codes = two_factor.confirm_authenticator(request.user, device, form.cleaned_data["code"])
            except two_factor.CodeRefused as refusal:
                form.add_error("code", str(refusal))
            else:
                device.refresh_from_db()
                two_factor.remember_verification(request, device)
                context = {"codes": codes, "enrolled": True, "title": "Two-factor sign-in is set up"}
                return self.render(context, template_name="accounts/recovery_codes.html")
        return self.page(form, device)


class RecoveryCodesView(DeskView):
    """See how many recovery codes are left, and make a new set (which cancels the old one)."""

    template_name = "accounts/recovery_codes.html"
    title = "Recovery codes"

    def dispatch(self, request, *args, **kwargs):
        if not two_factor.has_authenticator(request.user):
            return HttpResponseRedirect(self.site_url("two_factor_setup"))
        if not two_factor.is_verified(request.user):
            return HttpResponseRedirect(self.site_url("two_factor_verify"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render({"codes_left": two_factor.recovery_codes_left(request.user)})

    def post(self, request):
        return self.render({"codes": two_factor.new_recovery_codes(request.user)})


class SignOutView(DeskView):
    """Sign out from the second-step pages, where the admin's own log-out link is not shown."""

    http_method_names = ["post"]

    def post(self, request):
        logout(request)
        return HttpResponseRedirect(reverse("admin:login", current_app=self.admin_site.name))
