"""The per-article stages on a real local Dask cluster of worker processes give the same graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.ingest import Document, read_documents
from kg.nlp.pipeline import BUNDLED_MODELS_DIR, DEFAULT_MODEL
from kg.store import KgStore

pytest.importorskip("dask.distributed")
pytestmark = pytest.mark.skipif(
    not (BUNDLED_MODELS_DIR / DEFAULT_MODEL).is_dir(), reason="the bundled German model is not built yet"
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BASE = "https://test.example.org/"


def test_cluster_build_equals_local_build(tmp_path: Path) -> None:
    from kg.distributed import build_on_cluster, load_nquads_dir

    paths = sorted(SEEDS.glob("*.txt"))[3:]
    documents = [d for d in read_documents(paths) if isinstance(d, Document)]
    report = build_on_cluster(documents, tmp_path / "nquads", base_iri=BASE, workers=2)
    assert len(report.written) == len(documents) and not report.invalid
    assert all(Path(o.path).read_text("utf-8").count(o.graph_iri) > 100 for o in report.written)

    on_cluster = KgStore(tmp_path / "cluster", base_iri=BASE)
    assert load_nquads_dir(on_cluster, report.written) == len(documents)
    local = KgStore(tmp_path / "local", base_iri=BASE)
    build(paths, local)
    entities_graph = f"{BASE}graph/entities"
    assert [g for g in local.named_graphs() if g != entities_graph] == on_cluster.named_graphs()
    for graph in on_cluster.named_graphs():
        assert on_cluster.export("nquads", graph) == local.export("nquads", graph)
