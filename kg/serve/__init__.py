"""serve: SPARQL 1.1 endpoint, graph store reads, dumps, VoID and linked-data pages over a kg store."""

from kg.serve.app import create_app
from kg.serve.server import push_graph, run_server, serving_info, store_lock_message

__all__ = ["create_app", "push_graph", "run_server", "serving_info", "store_lock_message"]
