"""The engine node of this checkout runs alone (search/engine/engine.sh): one node, single-node
discovery on loopback, and a cluster name and transport port derived from its HTTP port, so
that another checkout's node on another port never joins it (two nodes on two ports are
checked against each other by search/engine/check_isolation.sh, run in CI)."""

import json
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings


def _get(path):
    with urllib.request.urlopen(settings.SEARCH_TEST_URL + path, timeout=10) as response:
        return json.load(response)


def test_the_test_node_is_a_cluster_of_its_own(engine):
    port = urlsplit(settings.SEARCH_TEST_URL).port
    health = _get("/_cluster/health")
    assert health["number_of_nodes"] == 1
    assert health["cluster_name"].endswith(f"-{port}")
    (node,) = _get("/_nodes/_local/settings")["nodes"].values()
    assert node["settings"]["discovery"]["type"] == "single-node"
    assert node["settings"]["transport"]["port"] == str(port + 1000)
    assert node["settings"]["network"]["host"] == "127.0.0.1"
