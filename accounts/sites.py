"""The desk's admin site: every admin view needs the second sign-in step where the account needs it."""

from functools import update_wrapper
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import two_factor, views


class NewsroomAdminSite(admin.AdminSite):
    """
    Django's admin site, where a password alone opens the desk only to accounts that need no second step.

    Its home page is the desk: each role's stories first, the rest of the admin beside them.
    """

    index_template = "admin/desk.html"

    def has_permission(self, request):
        # admin_view asks this before every admin view runs, GET or POST.
        return super().has_permission(request) and two_factor.passes_second_step(request)

    def awaits_second_step(self, request):
        """A signed-in staff account that has given its password but still owes the second step."""
        user = request.user
        return user.is_active and user.is_staff and not two_factor.passes_second_step(request)

    def second_step_url(self, request, next_url=None):
        """Where such an account goes next: the code page, or the setup page if it has no authenticator yet."""
        name = "two_factor_verify" if two_factor.has_authenticator(request.user) else "two_factor_setup"
        url = reverse(f"admin:{name}", current_app=self.name)
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def login(self, request, extra_context=None):
        if request.method == "GET" and self.awaits_second_step(request):
            return HttpResponseRedirect(self.second_step_url(request, request.GET.get("next")))
        response = super().login(request, extra_context)
        if request.method == "POST" and response.status_code == 302 and self.awaits_second_step(request):
            # The password was right: on to the second step, then where the login form was going.
            return HttpResponseRedirect(self.second_step_url(request, response.url))
        return response

    def index(self, request, extra_context=None):
        # Imported here: the story admin registers on this site, so it loads after the site is built.
        from desk.home import desk_for

        return super().index(request, {"desk": desk_for(request.user), **(extra_context or {})})

    def signed_in_view(self, view):
        """
        For the second-step pages themselves: any active staff account that gave its password,
        verified or not (admin_view would send it round in a circle).
        """

        def inner(request, *args, **kwargs):
            if not (request.user.is_active and request.user.is_staff):
                return redirect_to_login(request.get_full_path(), reverse("admin:login", current_app=self.name))
            return view(request, *args, **kwargs)

        return csrf_protect(never_cache(update_wrapper(inner, view)))

    def get_urls(self):
        return [
            path(
                "two-factor/",
                self.signed_in_view(views.VerifyView.as_view(admin_site=self)),
                name="two_factor_verify",
            ),
            path(
                "two-factor/setup/",
                self.signed_in_view(views.SetupView.as_view(admin_site=self)),
                name="two_factor_setup",
            ),
            path(
                "two-factor/recovery-codes/",
                self.admin_view(views.RecoveryCodesView.as_view(admin_site=self)),
                name="two_factor_recovery_codes",
            ),
            path(
                "two-factor/sign-out/",
                self.signed_in_view(views.SignOutView.as_view(admin_site=self)),
                name="two_factor_sign_out",
            ),
            *super().get_urls(),
        ]
