"""The engine node of this checkout runs alone (search/engine/engine.sh): one node, single-node
discovery on loopback, and a cluster name and transport port derived from its HTTP port, so
that another checkout's node on another port never joins it (two nodes on two ports are
checked against each other by search/engine/check_isolation.sh, run in CI)."""

import json
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.conftest import IN_CI

from .conftest import engine_url


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def _cluster_uuid(url):
    # (the bare Elasticsearch build answers GET / with 405: it lacks the root endpoint)
    return _get(url + "/_cluster/state/metadata?filter_path=metadata.cluster_uuid")["metadata"][
        "cluster_uuid"
    ]


def test_the_test_node_is_a_cluster_of_its_own(engine):
    port = urlsplit(engine.url).port
    health = _get(engine.url + "/_cluster/health")
    assert health["number_of_nodes"] == 1
    assert health["cluster_name"].endswith(f"-{port}")
    (node,) = _get(engine.url + "/_nodes/_local/settings")["nodes"].values()
    assert node["settings"]["discovery"]["type"] == "single-node"
    assert node["settings"]["transport"]["port"] == str(port + 1000)
    assert node["settings"]["network"]["host"] == "127.0.0.1"


def test_the_opensearch_and_elasticsearch_nodes_are_two_clusters(db):
    urls = [engine_url("opensearch"), engine_url("elasticsearch")]
    if not all(urls) and not IN_CI:
        pytest.skip("needs both nodes (`make test` starts them)")
    assert _cluster_uuid(urls[0]) != _cluster_uuid(urls[1])
