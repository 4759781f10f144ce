"""gunicorn in production (README: "Page cache and the production stack"):

    gunicorn config.wsgi -c site/deploy/gunicorn.conf.py --bind 127.0.0.1:8000 --workers 4

Threaded workers (gthread) instead of gunicorn's default sync workers. A sync worker serves one
connection at a time, closes it after every response (no keep-alive, so Varnish or nginx opens
a new connection per request) and then waits for the peer to close its side before taking the
next one; a page-cache hit (home/page_cache.py) is mostly that overhead plus one Redis round
trip. With threads, a worker keeps connections alive and serves another request while one
waits for Redis or the database. On the loopback benchmark (2 workers, a loaded 2-core
machine) the app-cached home page went from about 300 to about 650 req/s with 4 threads, CPU
per request unchanged; uncached pages are no slower. Django, the database connections (one per
thread) and the caches (one client per thread) are thread-safe. The number of worker processes
stays on the command line (or WEB_CONCURRENCY)."""

worker_class = "gthread"
threads = 4
keepalive = 5
timeout = 120
# gunicorn 27 opens a control socket at one path per user (~/.gunicorn/gunicorn.ctl) unless told
# otherwise: two gunicorns of one user (the loopback tests, the benchmark, a second checkout)
# would take it from each other. Nothing here uses gunicornc.
control_socket_disable = True
# Each worker listens on its own socket (SO_REUSEPORT) and the kernel spreads new connections
# over them. With one shared socket, the worker that wakes first accepts every connection that is
# waiting: the few keep-alive connections Varnish or nginx open could all land on one worker
# while the other idles (seen on the loopback benchmark: 4 connections, one worker at 100 % CPU).
reuse_port = True
