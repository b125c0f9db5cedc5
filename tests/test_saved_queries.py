from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.resources import SPARQL_DIR

QUERIES = sorted(SPARQL_DIR.glob("*.rq"))


def test_there_are_saved_queries() -> None:
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_each_saved_query_is_titled_documented_and_parses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# title: ")
    assert lines[1].startswith("# ") and len(lines[1]) > 20  # says what it answers
    list(ox.Store().query(text))  # raises SyntaxError when malformed
