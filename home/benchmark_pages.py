"""Page benchmark (`make benchmark-pages`): the production stack on loopback, measured.

    make benchmark-pages                                   # 10,000 lessons, 2,000 sites
    make benchmark-pages BENCHMARK_ARGS="--lessons 500 --sites 100 --seconds 5"

Generates the content in a throwaway SQLite database (home.loopback_stack), starts gunicorn
(production settings, 2 workers of site/deploy/gunicorn.conf.py: gthread, 4 threads), Varnish
(site/deploy/varnish.vcl) and nginx serving a static copy of the home page, all on loopback,
and prints requests per second, p50 and p99 for

- static: nginx serving the copy (the physical limit of this machine),
- varnish: the home page from Varnish,
- app-cached: the home page from the site's page cache (Varnish bypassed; answered by the page
  cache's WSGI middleware in front of Django, home.page_cache.PageCacheWSGIMiddleware),
- uncached: the home page rendered by Django each time (an Authorization header bypasses the
  page cache, as it would for any private request),

then the latency of single pages rendered without the page cache, the GeoJSON cold (right
after a change) and warm, the workers' memory, and `update_index` on the database backend.
The load comes from wrk (Debian's `wrk`) with a few keep-alive connections on the same machine;
it shares the two cores with what it measures, so the static and Varnish figures are bounded by
it. The last line is:

    pages: app-cached/uncached=<ratio> varnish/static=<ratio>"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

from home.loopback_stack import Stack

UNCACHED = {"Authorization": "Bearer benchmark-bypasses-the-page-cache"}
BUMP_MAP = "from bases.sites.cache import bump_map_cache; bump_map_cache()"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


WRK_LATENCY = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
WRK_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def load(url, seconds, connections, headers=None):
    """Requests per second, p50 and p99 (ms) of GET url over `seconds`, keep-alive, measured by
    wrk (Debian's `wrk`: C, an event loop per thread). A client in Python spends more CPU per
    request than the cached page itself on this 2-core machine, so it measured itself: it held
    nginx's static copy to about 4,000-10,000 req/s and the app cache to about 2,000."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("The page benchmark needs wrk (Debian: apt-get install wrk).")
    command = [wrk, "--latency", "-t", str(min(2, connections)), "-c", str(connections)]
    command += ["-d", f"{seconds:g}s", "--timeout", "60s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return wrk_figures(url, output)


def wrk_figures(url, output):
    """(req/s, p50 ms, p99 ms) from the report of `wrk --latency`; any error answer or socket
    error fails the round (a fast error page is no measure of a page)."""
    if "Non-2xx or 3xx responses" in output or "Socket errors" in output:
        raise RuntimeError(f"{url}: not every answer was a success\n{output}")
    latency = {int(p): float(v) * WRK_UNITS[unit] for p, v, unit in WRK_LATENCY.findall(output)}
    return float(WRK_RATE.search(output).group(1)), latency[50], latency[99]


def timed_get(url, headers=None):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    started = time.perf_counter()
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{url}: {response.status}")
    return elapsed * 1000, len(body)


def worker_rss_mb(stack):
    gunicorn = stack.processes[0][0]
    children = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(gunicorn.pid)], capture_output=True, text=True
    ).stdout.split()
    return [int(kb) / 1024 for kb in children]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=10_000)
    parser.add_argument("--sites", type=int, default=2_000)
    parser.add_argument("--seconds", type=float, default=10, help="length of each load round")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page for the latencies")
    parser.add_argument(
        "--cache-url", default="", help="Redis for the workers' cache (default: a file cache in the folder)"
    )
    args = parser.parse_args()
    if args.cache_url:
        os.environ["STACK_CACHE_URL"] = args.cache_url

    with tempfile.TemporaryDirectory(prefix="benchmark-pages-") as folder:
        stack = Stack(Path(folder), workers=2)
        try:
            print(f"Generating {args.lessons} lessons and {args.sites} sites ...", flush=True)
            started = time.perf_counter()
            print(stack.prepare("--lessons", str(args.lessons), "--sites", str(args.sites)).strip())
            print(
                f"  ready in {time.perf_counter() - started:.0f} s (migrate, collectstatic, generate)",
                flush=True,
            )

            # Saved pages feed the suggestion vocabulary one by one; bulk-created ones do not.
            started = time.perf_counter()
            stack.manage("rebuild_search_vocabulary")
            print(f"  suggestion vocabulary rebuilt in {time.perf_counter() - started:.0f} s", flush=True)

            started = time.perf_counter()
            stack.manage("update_index")
            index_seconds = time.perf_counter() - started

            stack.start_app()
            stack.start_varnish()
            static_root = Path(folder) / "static-copy"
            static_root.mkdir()
            # nginx's workers may run as another user (started by root): a readable copy.
            Path(folder).chmod(0o755)
            static_root.chmod(0o755)
            with urllib_open(stack.app_url + "/") as body:
                (static_root / "index.html").write_bytes(body)
            (static_root / "index.html").chmod(0o644)
            static_url = stack.start_nginx(static_root)

            print(f"\nThroughput of the home page ({args.connections} connections, {args.seconds:g} s each)")
            rounds = {
                "static (nginx)": (static_url + "/", None),
                "varnish": (stack.varnish_url + "/", None),
                "app-cached": (stack.app_url + "/", None),
                "uncached": (stack.app_url + "/", UNCACHED),
            }
            results = {}
            for name, (url, headers) in rounds.items():
                load(url, min(2, args.seconds), args.connections, headers)  # warm-up
                results[name] = load(url, args.seconds, args.connections, headers)
                rps, p50, p99 = results[name]
                print(f"  {name:<15} {rps:9.1f} req/s   p50 {p50:8.2f} ms   p99 {p99:8.2f} ms", flush=True)

            print(f"\nSingle pages rendered by Django (page cache bypassed), {args.repeat} requests each")
            pages = [
                "/",
                "/lessons/",
                "/map/",
                "/map/sites.geojson",
                "/search/?q=亲子",
                "/search/suggest?q=qinzi",
            ]
            for path in pages:
                url = stack.app_url + urllib.parse.quote(path, safe="/?=&")
                timed_get(url, UNCACHED)
                samples = [timed_get(url, UNCACHED) for _ in range(args.repeat)]
                times = [ms for ms, _size in samples]
                label = path + (" (warm)" if path.endswith(".geojson") else "")
                p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
                size = samples[-1][1] / 1024
                print(f"  {label:<28} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   {size:8.1f} KB", flush=True)
            cold = []
            for _ in range(3):
                stack.manage("shell", "-c", BUMP_MAP)
                cold.append(timed_get(stack.app_url + "/map/sites.geojson", UNCACHED)[0])
            print(f"  {'/map/sites.geojson (cold)':<28} p50 {statistics.median(cold):8.1f} ms   (3 changes)")

            rss = worker_rss_mb(stack)
            print(f"\nWorker memory after the run: {', '.join(f'{mb:.0f} MB' for mb in rss)}")
            print(f"update_index (database backend): {index_seconds:.1f} s")
        finally:
            stack.close()

    cached_ratio = results["app-cached"][0] / results["uncached"][0]
    varnish_ratio = results["varnish"][0] / results["static (nginx)"][0]
    print(f"pages: app-cached/uncached={cached_ratio:.1f} varnish/static={varnish_ratio:.1f}")


def urllib_open(url):
    import contextlib
    import urllib.request

    @contextlib.contextmanager
    def opened():
        with urllib.request.urlopen(url, timeout=60) as response:
            yield response.read()

    return opened()


if __name__ == "__main__":
    main()
