"""
Staff sign-in: the desk's admin site, which asks for a second step after the password.

Editors and superusers always use an authenticator app (TOTP, with one-time recovery codes);
journalists when ``TWO_FACTOR_FOR_JOURNALISTS`` is on; anyone who has enrolled one. The
devices and their throttling come from django-otp; this app decides who needs them and
gives the pages to enrol, verify and renew recovery codes.
"""
