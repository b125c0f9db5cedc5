"""`kg evaluate`: scoring rules on a tiny gold file, and the thresholds reached on the seeds."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from test_extract_support import run

from kg.evaluation import evaluate_gold, match_spans, names_phrase, score_gold

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


def _write_gold(tmp_path: Path, documents: list[dict]) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"documents": documents}), encoding="utf-8")
    return path


def test_borderline_and_unresolvable_gold_is_neither_rewarded_nor_penalised(tmp_path: Path) -> None:
    text = "Paul Morel sagte: „Wir sind bereit.“ Anna Vogt sagte: „Wir kommen später.“"
    extraction = run(text, {"Paul Morel": "PER", "Anna Vogt": "PER"}, identifier="a.txt")
    first, second = text.index("Wir sind"), text.index("Wir kommen")
    quote = {"kind": "direct", "speaker": "morel"}
    entity = {"id": "morel", "name": "Paul Morel", "type": "PER", "mentions": []}
    scored = {**quote, "start": first, "end": first + 15}
    doc = {"file": "a.txt", "entities": [entity], "claims": []}
    for flag in ("borderline", "speaker_unresolvable"):
        unscored = {**quote, "start": second, "end": second + 17, flag: True}
        direct = score_gold([extraction], _write_gold(tmp_path, [{**doc, "quotations": [scored, unscored]}]))
        direct = direct.total["quotations direct"]
        assert (direct.gold, direct.predicted, direct.true_positives) == (1, 1, 1)
    # the same second quotation, scored, is a real miss of the speaker
    both = score_gold(
        [extraction],
        _write_gold(
            tmp_path, [{**doc, "quotations": [scored, {**quote, "start": second, "end": second + 17}]}]
        ),
    )
    assert both.total["quotations direct"].gold == 2
    assert both.total["quotations direct"].speaker_correct == 1


def test_described_speaker_is_right_when_its_mention_covers_the_gold_source_span(tmp_path: Path) -> None:

    from kg.extract.records import Mention, Span

    text = "Ein Sprecher der Polizei sagte: „Die Lage ist ruhig.“"
    extraction = run(text, {}, identifier="a.txt")
    start = text.index("Die Lage")
    quotation = next(q for q in extraction.quotations if q.kind == "direct")
    mention = Mention(Span(0, 24, text[:24]), "SRC:a/ein-sprecher-der-polizei", "PER", 0)
    extraction = replace(
        extraction,
        mentions=(mention,),
        quotations=(replace(quotation, speaker_key="SRC:a/ein-sprecher-der-polizei"),),
    )
    gold_quote = {
        "kind": "direct", "start": start, "end": start + 19, "speaker": "sprecher__a", "speaker_named": False,
        "speaker_span": {"text": "Ein Sprecher der Polizei", "start": 0, "end": 24},
    }  # fmt: skip
    entity = {"id": "sprecher__a", "name": "Sprecher der Polizei", "type": "ORG", "mentions": []}
    path = _write_gold(
        tmp_path, [{"file": "a.txt", "entities": [entity], "quotations": [gold_quote], "claims": []}]
    )
    evaluation = score_gold([extraction], path)
    assert evaluation.total["quotations direct"].speaker_correct == 1
    assert evaluation.total["speaker direct described"].speaker_correct == 1
    # a mention elsewhere in the sentence does not cover the source span
    elsewhere = Mention(
        Span(start, start + 8, text[start : start + 8]), "SRC:a/ein-sprecher-der-polizei", "PER", 0
    )
    moved = score_gold([replace(extraction, mentions=(elsewhere,))], path)
    assert moved.total["quotations direct"].speaker_correct == 0
    assert moved.total["speaker direct described"].gold == 1


def _phrase_test(phrase: str, name: str) -> bool:
    """`names_phrase` for the name's first place in a gold speaker phrase starting at 100."""
    at = 100 + phrase.index(name)
    return names_phrase((at, at + len(name)), (100, 100 + len(phrase), phrase))


def test_a_name_is_right_for_a_gold_phrase_that_is_about_it() -> None:
    assert _phrase_test("Berlins Innensenator Paul Morel", "Paul Morel")
    assert _phrase_test("Der norwegische Komiteechef Paul Morel", "Paul Morel")
    assert _phrase_test("der Chef der Bundesagentur für Arbeit, Paul Morel", "Paul Morel")
    assert _phrase_test("Paul Morel, Präsident des Verbands", "Paul Morel")
    assert _phrase_test("der Anwalt Paul Morel (SPD)", "Paul Morel")
    # a name inside an attribute of the phrase is someone else
    assert not _phrase_test("der Hauptgeschäftsführer des Brauerbunds Nordkap", "Brauerbunds Nordkap")
    assert not _phrase_test("Paul Morel vom Bankhaus Weiß Lenz", "Weiß Lenz")
    assert not _phrase_test("Morels Verteidiger Anna Vogt", "Morels")
    assert not _phrase_test("Paul Morel sagte", "Paul Morel")


def test_a_named_speaker_is_right_for_the_gold_phrase_with_its_title(tmp_path: Path) -> None:
    text = "Berlins Innensenator Paul Morel sagte: „Wir sind bereit.“"
    extraction = run(text, {"Paul Morel": "PER"}, identifier="a.txt")
    assert [q.speaker_key for q in extraction.quotations] == ["PER:paul-morel"]
    phrase = {"text": "Berlins Innensenator Paul Morel", "start": 0, "end": 31}
    entity = {"id": "innensenator", "name": phrase["text"], "type": "PER", "mentions": [phrase]}
    start = text.index("Wir")
    gold_quote = {"kind": "direct", "start": start, "end": start + 15, "speaker": "innensenator",
                  "speaker_span": phrase}  # fmt: skip
    document = {"file": "a.txt", "entities": [entity], "quotations": [gold_quote], "claims": []}
    evaluation = score_gold([extraction], _write_gold(tmp_path, [document]))
    assert evaluation.total["speaker direct named"].speaker_correct == 1
    # the same phrase naming someone else in an attribute is not this speaker
    other = {**phrase, "text": "Berlins Innensenator vom Paul Morel"}
    evaluation = score_gold(
        [extraction],
        _write_gold(tmp_path, [{**document, "quotations": [{**gold_quote, "speaker_span": other}],
                               "entities": [{**entity, "mentions": [other]}]}]),
    )  # fmt: skip
    assert evaluation.total["speaker direct named"].speaker_correct == 0


def test_a_gold_run_of_reported_sentences_matches_kgs_quotation_per_sentence(tmp_path: Path) -> None:
    text = (
        "Paul Morel sagte, die Lage sei ernst. Die Kosten seien hoch. Die Zeit sei knapp. Die Stadt sei arm."
    )
    extraction = run(text, {"Paul Morel": "PER"}, identifier="a.txt")
    assert len(extraction.quotations) == 4  # one per sentence
    entity = {"id": "morel", "name": "Paul Morel", "type": "PER", "mentions": []}

    def indirect(first: str, last: str) -> dict:
        start, end = text.index(first), text.index(last) + len(last)
        return {"kind": "indirect", "start": start, "end": end, "speaker": "morel"}

    gold = [indirect("die Lage", "ernst"), indirect("Die Kosten", "arm")]
    document = {"file": "a.txt", "entities": [entity], "quotations": gold, "claims": []}
    score = score_gold([extraction], _write_gold(tmp_path, [document])).total["quotations indirect"]
    assert (score.gold, score.predicted, score.true_positives, score.speaker_correct) == (2, 2, 2, 2)
    # a run needs one speaker: the same sentences from three speakers are three predictions
    quotations = list(extraction.quotations)
    quotations[2] = replace(quotations[2], speaker_key="PER:anna-vogt")
    quotations[3] = replace(quotations[3], speaker_key="PER:jonas-keller")
    score = score_gold(
        [replace(extraction, quotations=tuple(quotations))], _write_gold(tmp_path, [document])
    ).total["quotations indirect"]
    assert (score.predicted, score.true_positives) == (4, 1)


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
    # 25 of 26: an English tweet quoted in seed 004 ("…, “but we are …") has no German cue
    assert total["quotations direct"].speaker_accuracy >= 0.96
    assert total["quotations indirect"].f1 >= 0.88
    assert total["quotations indirect"].speaker_accuracy >= 0.96
    assert total["claims (correct claimant)"].recall >= 0.71
    assert total["claims (correct claimant)"].precision >= 0.71
    assert seed_evaluation.scare_rate <= 0.10
