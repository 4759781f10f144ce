#!/usr/bin/env bash
# Proves that two nodes of one engine started by engine.sh on two HTTP ports run alone: each
# reports one node, its own cluster name and its own cluster UUID (they would share one if
# the second had joined the first). Starts the nodes that are not running and stops them after.
#
#   check_isolation.sh [opensearch|elasticsearch] PORT_A PORT_B
#
# .ci/run runs it once for OpenSearch.
set -euo pipefail
cd "$(dirname "$0")/../.."

KIND=opensearch
case "${1:-}" in
opensearch | elasticsearch)
    KIND=$1
    shift
    ;;
esac
[ $# -eq 2 ] || {
    echo "usage: $0 [opensearch|elasticsearch] PORT_A PORT_B" >&2
    exit 2
}
VAR=OPENSEARCH_PORT
[ "$KIND" = elasticsearch ] && VAR=ELASTICSEARCH_PORT

started=()
cleanup() {
    for port in "${started[@]}"; do
        env "$VAR=$port" bash search/engine/engine.sh "$KIND" stop >/dev/null || true
    done
}
trap cleanup EXIT

for port in "$1" "$2"; do
    if ! env "$VAR=$port" bash search/engine/engine.sh "$KIND" status >/dev/null 2>&1; then
        started+=("$port")
        env "$VAR=$port" bash search/engine/engine.sh "$KIND" start
    fi
done

python3 - "$1" "$2" <<'PY'
import json
import sys
import urllib.request


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.load(response)


seen = {}
for port in sys.argv[1:]:
    # (not GET /: the bare Elasticsearch build lacks that endpoint)
    uuid = get(port, "/_cluster/state/metadata?filter_path=metadata.cluster_uuid")["metadata"]["cluster_uuid"]
    health = get(port, "/_cluster/health")
    print(f"port {port}: cluster {health['cluster_name']} uuid {uuid} nodes {health['number_of_nodes']}")
    assert health["number_of_nodes"] == 1, f"port {port}: {health['number_of_nodes']} nodes in the cluster"
    assert uuid not in seen, f"ports {seen.get(uuid)} and {port} share a cluster"
    seen[uuid] = port
print("isolated: one node each, different clusters")
PY
