# Varnish in front of gunicorn (README: "Page cache and the production stack").
#
#   varnishd -a :80 -f /path/to/varnish.vcl -s malloc,256m
#
# Anonymous GET/HEAD of public pages are cached for as long as the site's Cache-Control says
# (PAGE_CACHE_SECONDS). The site purges them (FRONT_CACHE_URL, wagtail.contrib.frontend_cache):
# PURGE <url> drops one page when it is published; PURGE /.purge-all bans every page of the
# host when content shown on many pages changes. PURGE is accepted from loopback only.
# The benchmark and tests/cache/test_varnish.py rewrite the backend's port.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE not allowed"));
        }
        if (req.url == "/.purge-all") {
            ban("obj.http.X-Cache-Host == " + req.http.host);
            return (synth(200, "Banned"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, the API (its own ETags and per-client rate limit) and documents (privacy per
    # collection) always go to the site.
    if (req.url ~ "^/(admin|api|documents)/") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Logged-in editors and visitors with pending messages have their own pages.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Nothing else changes a public page: one copy for everyone. (A page with a form sets a
    # fresh CSRF cookie in its answer, and an answer setting a cookie is never cached.)
    unset req.http.Cookie;
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_backend_response {
    # For bans by host (evaluated by the ban lurker, which sees objects only).
    set beresp.http.X-Cache-Host = bereq.http.host;
}

sub vcl_deliver {
    unset resp.http.X-Cache-Host;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
