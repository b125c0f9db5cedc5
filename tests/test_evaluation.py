"""`kg evaluate`: scoring rules on a tiny gold file, and the thresholds reached on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_extract_support import run

from kg.evaluation import evaluate_gold, match_spans, score_gold

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "seeds-gold.json"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
MODEL = Path(__file__).resolve().parents[1] / "kg" / "nlp" / "models" / "de_kg_news"


def test_overlap_rule_needs_half_of_both_spans() -> None:
    assert match_spans([(0, 10)], [(0, 12)]) == [(0, 0)]
    assert match_spans([(0, 100)], [(0, 20)]) == []
    assert match_spans([(0, 10), (0, 10)], [(0, 10)]) == [(0, 0)] or match_spans(
        [(0, 10), (0, 10)], [(0, 10)]
    ) == [(1, 0)]


def test_scores_on_a_tiny_gold_file(tmp_path: Path) -> None:
    text = "Der Minister Paul Morel sagte: „Wir sind bereit.“ Er lobte den „Zukunftspakt“."
    extraction = run(text, {"Paul Morel": "PER"}, identifier="a.txt")
    start = text.index("Wir")
    gold = {
        "documents": [
            {
                "file": "a.txt",
                "entities": [{"id": "morel", "name": "Paul Morel", "type": "PER",
                              "mentions": [{"text": "Paul Morel", "start": 13, "end": 23}]}],
                "quotations": [{"kind": "direct", "start": start, "end": start + 16, "speaker": "morel"}],
                "scare_quotes": [{"start": text.index("Zukunft"), "end": text.index("Zukunft") + 11}],
                "claims": [],
            }
        ]
    }  # fmt: skip
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    evaluation = score_gold([extraction], path)
    direct = evaluation.total["quotations direct"]
    assert (direct.true_positives, direct.gold, direct.speaker_correct) == (1, 1, 1)
    assert evaluation.total["mentions (typed)"].f1 == 1.0
    assert evaluation.scare_reported == 0
    assert "quotations direct" in evaluate_gold([extraction], path)


@pytest.fixture(scope="module")
def seed_evaluation():
    if not MODEL.is_dir() or not GOLD.is_file():
        pytest.skip("bundled model de_kg_news or the seeds gold file is not available")
    from kg.extract import extract
    from kg.ingest import read_documents
    from kg.nlp import load_pipeline, parse_documents

    documents = list(read_documents([SEEDS]))
    pairs = list(parse_documents(load_pipeline(), documents))
    return score_gold([extract(d, p) for d, p in pairs], GOLD)


def test_seed_thresholds(seed_evaluation) -> None:
    """Just under what the bundled model and the rules achieve on the seeds (README table)."""
    total = seed_evaluation.total
    assert total["mentions"].f1 >= 0.90
    assert total["quotations direct"].f1 >= 0.96
    assert total["quotations direct"].speaker_accuracy >= 0.98
    assert total["quotations indirect"].f1 >= 0.88
    assert total["quotations indirect"].speaker_accuracy >= 0.96
    assert total["claims (correct claimant)"].recall >= 0.71
    assert total["claims (correct claimant)"].precision >= 0.71
    assert seed_evaluation.scare_rate <= 0.10
