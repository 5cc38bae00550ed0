#
# Varnish in front of the newsroom: the production starting point (Varnish 7, `vcl 4.1`).
#
# Readers' pages are kept as long as their Cache-Control says (the app's PAGE_CACHE_MAX_AGE, with
# stale-while-revalidate as grace) and dropped the moment the desk changes what they show: the app
# sends a BAN request naming the keys a committed change touched (CDN_PURGE=varnish, VARNISH_URLS),
# and every kept page whose Surrogate-Key header holds one of them is banned. Staff (a session
# cookie) and the desk always reach the app.
#
# To adapt: the backend's address (one backend per app server, behind a director, for several), the
# addresses allowed to ban (`purgers`), and SESSION_COOKIE_NAME if the app changes it.
#

vcl 4.1;

import std;

# The app server (gunicorn). /healthz answers without touching the database; the probe names the
# backend's address as its host unless `.host_header` names another: either must be in ALLOWED_HOSTS.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = {
        .url = "/healthz";
        .timeout = 2s;
        .interval = 5s;
        .window = 5;
        .threshold = 2;
        .initial = 2;
    }
}

# Who may ban: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # The app's keys are letters, digits, ":", "_" and "-", separated by one space; anything else
        # is refused rather than put into a regular expression.
        if (req.http.Surrogate-Key !~ "^[A-Za-z0-9:_-]+( [A-Za-z0-9:_-]+)*$") {
            return (synth(400, "Surrogate-Key: keys separated by spaces"));
        }
        # Only obj.* in the expression, so the ban lurker can clear kept pages in the background too.
        if (std.ban("obj.http.Surrogate-Key ~ (^|\s)(" + regsuball(req.http.Surrogate-Key, " ", "|") + ")(\s|$)")) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk, previews, and staff anywhere: always fresh from the app.
    if (req.url ~ "^/(admin|preview)/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Any other cookie is a reader's (analytics and the like): the page is the same without it.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # What does not say how long it may be kept (a 404, an error page) is not kept: a story's address
    # that answered 404 before it was published answers the story as soon as it is.
    if (!beresp.http.Cache-Control) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for Varnish; readers need not see them.
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
