"""Score extractions against a gold file in the format of `shared/eval/seeds-gold.json`.

Matching rules (the same for every article; gold documents pair with extractions by
`document.identifier == gold["file"]`):

- Mentions: exact character span; "typed" also requires the same label (PER/ORG/LOC/MISC).
- Span overlap (quotations, claims): a predicted span matches a gold span when their character
  overlap covers at least half of the gold span AND at least half of the predicted span.
  Pairs are matched one-to-one, greedily by largest overlap. Quotations are matched within the
  same kind (direct with direct, indirect with indirect). Runs: kg publishes one quotation per
  sentence, some gold one per run of reported sentences; predictions of one speaker that lie (by
  half) inside a gold quotation are one prediction — with the one that matched it alone, or, when
  none did, together when they cover half of it (`match_quotations`).
- Scare quotes: a predicted direct quotation that matches a gold scare quote marked
  `acceptable_as_quotation` is ignored (neither true nor false positive); one that matches
  any other scare quote counts in "scare quotes reported" (share of gold scare quotes that are
  not acceptable as quotations).
- Unscored gold: quotations marked `borderline` or `speaker_unresolvable` count neither as gold
  nor, when a prediction matches them, as predictions.
- Speaker correctness: for each matched quotation pair, the predicted speaker key must denote
  the gold speaker (or one of its co-speakers). A predicted key denotes the gold entity whose
  mentions share the most spans with the predicted entity's mentions in that article; failing
  that, the gold entity whose name (or surface form) slugs to the key's name part. A speaker is
  also right when one of its mention spans in the article covers a gold speaker span (the
  quotation's `speaker_span`, a mention of the gold speaker, or a word derived from it such as
  "Bloomberg-Bericht") with Jaccard >= 0.5, with or without a leading article — so described
  speakers ("ein Sprecher der Polizei") can be right — or when that mention is the name the gold
  speaker phrase is about: the name closing a title ("Berlins Innensenator Frank Henkel"), or set
  off by a comma or a parenthesis ("der Chef der Behörde, Anna Beispiel"; "Anna Beispiel, Chefin
  der Behörde"; "Anna Beispiel (SPD)"). A name inside an attribute of the phrase is not ("der Chef
  des Vereins X", "Anna Beispiel vom Verlag X").
  Speaker accuracy is reported separately for named and described gold speakers
  (`speaker_named`). Claims use the name rule for the claimant; a gold claimant of null needs a
  predicted claimant of None.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.records import Extraction, Quotation
from kg.extract.text import slugify
from kg.lang import words

MIN_OVERLAP = 0.5


@dataclass
class Score:
    """Counts for one layer; precision/recall/F1 derived from them."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    speaker_correct: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """Share of matched items whose speaker (claimant) is correct."""
        return self.speaker_correct / self.true_positives if self.true_positives else 0.0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.gold += other.gold
        self.speaker_correct += other.speaker_correct


@dataclass
class Evaluation:
    """All scores, overall (`total`) and per article (`articles`)."""

    total: dict[str, Score] = field(default_factory=dict)
    articles: dict[str, dict[str, Score]] = field(default_factory=dict)
    scare_reported: int = 0
    scare_gold: int = 0

    @property
    def scare_rate(self) -> float:
        return self.scare_reported / self.scare_gold if self.scare_gold else 0.0


LAYERS = (
    "mentions",
    "mentions PER",
    "mentions ORG",
    "mentions LOC",
    "mentions MISC",
    "mentions (typed)",
    "quotations direct",
    "quotations indirect",
    "claims",
    "claims (correct claimant)",
)
SPEAKER_GROUPS = tuple(
    f"speaker {kind} {group}" for kind in ("direct", "indirect") for group in ("named", "described")
)
"""Matched quotations by the kind of their gold speaker: `gold` counts them, `speaker_correct` the
right ones (a name, or a description such as "ein Sprecher der Polizei")."""


def score_gold(
    extractions: Sequence[Extraction], gold_path: Path, files: Collection[str] | None = None
) -> Evaluation:
    """Scores over the gold documents (only those named in `files`, when given)."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    by_file = {e.document.identifier: e for e in extractions}
    evaluation = Evaluation(total={layer: Score() for layer in LAYERS + SPEAKER_GROUPS})
    for gold_doc in gold["documents"]:
        extraction = by_file.get(gold_doc["file"])
        if extraction is None or (files is not None and gold_doc["file"] not in files):
            continue
        scores, scare_reported, scare_gold = _score_document(extraction, gold_doc)
        evaluation.articles[gold_doc["file"]] = scores
        evaluation.scare_reported += scare_reported
        evaluation.scare_gold += scare_gold
        for layer, score in scores.items():
            evaluation.total[layer].add(score)
    return evaluation


def evaluate_gold(extractions: Sequence[Extraction], gold_path: Path) -> str:
    """The table `kg evaluate` prints: overall scores, then one line per article and layer."""
    evaluation = score_gold(extractions, gold_path)
    lines = [summary_table(evaluation)]
    for name, scores in evaluation.articles.items():
        lines.append("")
        lines.append(f"== {name}")
        for layer in (
            "mentions (typed)",
            "quotations direct",
            "quotations indirect",
            "claims (correct claimant)",
        ):
            lines.append(_row(layer, scores[layer]))
    return "\n".join(lines)


def summary_table(evaluation: Evaluation) -> str:
    """Overall scores, one line per layer, then speaker accuracy by kind of gold speaker."""
    lines = [f"{'layer':28s} {'gold':>5s} {'pred':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'speaker':>8s}"]
    for layer in LAYERS:
        lines.append(_row(layer, evaluation.total[layer]))
    lines.append(
        f"{'scare quotes as quotations':28s} {evaluation.scare_gold:5d} {evaluation.scare_reported:5d} "
        f"rate {evaluation.scare_rate:.2f}"
    )
    for group in SPEAKER_GROUPS:
        score = evaluation.total[group]
        share = score.speaker_correct / score.gold if score.gold else 0.0
        lines.append(f"{group:28s} {score.gold:5d} {score.speaker_correct:5d} right {share:.2f}")
    return "\n".join(lines)


def _row(layer: str, score: Score) -> str:
    speaker = f"{score.speaker_accuracy:8.2f}" if layer.startswith("quotations") else " " * 8
    return (
        f"{layer:28s} {score.gold:5d} {score.predicted:5d} {score.precision:6.2f} {score.recall:6.2f} "
        f"{score.f1:6.2f} {speaker}"
    )


def _score_document(extraction: Extraction, gold_doc: dict) -> tuple[dict[str, Score], int, int]:
    scores = {layer: Score() for layer in LAYERS + SPEAKER_GROUPS}
    _score_mentions(extraction, gold_doc, scores)
    resolve = _key_resolver(extraction, gold_doc)
    speaker_right = speaker_judge(extraction, gold_doc)
    scare_reported = 0
    for kind in ("direct", "indirect"):
        all_gold = [q for q in gold_doc["quotations"] if q["kind"] == kind]
        predicted = [q for q in extraction.quotations if q.kind == kind]
        pred_spans = [(q.span.start, q.span.end) for q in predicted]
        # unscored gold (borderline, unresolvable speaker) is matched too, so a prediction on it
        # is neither rewarded nor penalised
        runs = match_quotations(predicted, all_gold)
        ignored = {p for run, g in runs if not _scored(all_gold[g]) for p in run}
        runs = [(run, g) for run, g in runs if _scored(all_gold[g])]
        in_runs = {p for run, _ in runs for p in run}
        unmatched = [i for i in range(len(predicted)) if i not in in_runs | ignored]
        if kind == "direct":
            scare = gold_doc.get("scare_quotes", [])
            scare_pairs = match_spans(
                [pred_spans[i] for i in unmatched], [(s["start"], s["end"]) for s in scare]
            )
            ignored |= {unmatched[p] for p, g in scare_pairs if scare[g].get("acceptable_as_quotation")}
            scare_reported += sum(1 for _, g in scare_pairs if not scare[g].get("acceptable_as_quotation"))
        score = scores[f"quotations {kind}"]
        score.gold = sum(1 for q in all_gold if _scored(q))
        score.predicted = len(predicted) - len(ignored) - sum(len(run) - 1 for run, _ in runs)
        score.true_positives = len(runs)
        for run, g in runs:
            gold_quote = all_gold[g]
            correct = speaker_right(predicted[run[0]].speaker_key, gold_quote)
            score.speaker_correct += correct
            group = "named" if gold_quote.get("speaker_named", True) else "described"
            scores[f"speaker {kind} {group}"].gold += 1
            scores[f"speaker {kind} {group}"].speaker_correct += correct
    scare_gold = sum(1 for s in gold_doc.get("scare_quotes", []) if not s.get("acceptable_as_quotation"))
    claims = extraction.claims
    gold_claims = gold_doc["claims"]
    pairs = match_spans(
        [(c.span.start, c.span.end) for c in claims], [(c["start"], c["end"]) for c in gold_claims]
    )
    for layer in ("claims", "claims (correct claimant)"):
        scores[layer].gold = len(gold_claims)
        scores[layer].predicted = len(claims)
    scores["claims"].true_positives = len(pairs)
    correct = sum(1 for p, g in pairs if resolve(claims[p].claimant_key) == gold_claims[g]["claimant"])
    scores["claims"].speaker_correct = correct
    scores["claims (correct claimant)"].true_positives = correct
    scores["claims (correct claimant)"].speaker_correct = correct
    return scores, scare_reported, scare_gold


def speaker_judge(extraction: Extraction, gold_doc: dict) -> Callable[[str | None, dict], bool]:
    """Is a predicted speaker key right for a gold quotation of this article (the speaker rule)?"""
    resolve = _key_resolver(extraction, gold_doc)
    covers = _span_resolver(extraction)

    def right(speaker_key: str | None, gold_quote: dict) -> bool:
        allowed = {gold_quote["speaker"], *gold_quote.get("co_speakers", [])}
        return resolve(speaker_key) in allowed or covers(
            speaker_key, _gold_speaker_spans(gold_doc, gold_quote)
        )

    return right


def _scored(gold_quote: dict) -> bool:
    """Borderline quotations and those whose speaker is only a pronoun or missing are not scored."""
    return not gold_quote.get("borderline") and not gold_quote.get("speaker_unresolvable")


GoldSpan = tuple[int, int, str]
"""Start, end and text of a place where the gold speaker is written."""


def _gold_speaker_spans(gold_doc: dict, gold_quote: dict) -> list[GoldSpan]:
    """Where the gold speaker is written: the quotation's source span, and the speaker's mentions
    (each with its source span) and the words derived from them ("Bloomberg-Bericht": a speaker
    named only inside a compound), every one also without a leading article."""
    spans = []
    if gold_quote.get("speaker_span"):
        spans.append(gold_quote["speaker_span"])
    speakers = {gold_quote["speaker"], *gold_quote.get("co_speakers", [])}
    for entity in gold_doc["entities"]:
        if entity["id"] in speakers:
            for mention in entity["mentions"]:
                spans.append(mention)
                if mention.get("source_span"):
                    spans.append(mention["source_span"])
    spans.extend(m for m in gold_doc.get("derived_mentions", []) if m.get("entity") in speakers)
    result = []
    for span in spans:
        result.append((span["start"], span["end"], span["text"]))
        first, _, rest = span["text"].partition(" ")
        if rest and first.lower() in words.ARTICLES:
            result.append((span["start"] + len(first) + 1, span["end"], rest))
    return result


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return 0.0
    return overlap / (max(a[1], b[1]) - min(a[0], b[0]))


def _span_resolver(extraction: Extraction):
    """Does one of a predicted speaker's mention spans in this article cover a gold speaker span?"""
    spans_by_key: dict[str, list[tuple[int, int]]] = {}
    for mention in extraction.mentions:
        spans_by_key.setdefault(mention.entity_key, []).append((mention.span.start, mention.span.end))

    def covers(key: str | None, gold_spans: list[GoldSpan]) -> bool:
        return key is not None and any(
            jaccard(own, gold[:2]) >= MIN_OVERLAP or names_phrase(own, gold)
            for own in spans_by_key.get(key, ())
            for gold in gold_spans
        )

    return covers


def names_phrase(mention: tuple[int, int], phrase: GoldSpan) -> bool:
    """Is the mention the name a longer speaker phrase is about? Gold speaker spans keep titles and
    appositions ("Berlins Innensenator Frank Henkel", "Anna Beispiel, Chefin der Behörde"), which
    the name alone never covers by half."""
    start, end, text = phrase
    if not start <= mention[0] < mention[1] <= end:
        return False
    before = text[: mention[0] - start].strip()
    after = text[mention[1] - start :].strip()
    if after and after[0] not in ",(":  # only an apposition may follow the name
        return False
    title = before.split()  # before it: nothing, a title, or a description and a comma
    if title and title[0].lower() in words.ARTICLES:
        title = title[1:]
    attribute = words.ARTICLES | words.PREPOSITIONS
    return before.endswith(",") or not any(word.lower() in attribute for word in title)


def _score_mentions(extraction: Extraction, gold_doc: dict, scores: dict[str, Score]) -> None:
    gold_typed = {(m["start"], m["end"], e["type"]) for e in gold_doc["entities"] for m in e["mentions"]}
    predicted_typed = {(m.span.start, m.span.end, m.label) for m in extraction.mentions}
    _set_counts(scores["mentions (typed)"], predicted_typed, gold_typed)
    _set_counts(scores["mentions"], {t[:2] for t in predicted_typed}, {t[:2] for t in gold_typed})
    for label in ("PER", "ORG", "LOC", "MISC"):
        _set_counts(
            scores[f"mentions {label}"],
            {t for t in predicted_typed if t[2] == label},
            {t for t in gold_typed if t[2] == label},
        )


def _set_counts(score: Score, predicted: set, gold: set) -> None:
    score.predicted, score.gold, score.true_positives = len(predicted), len(gold), len(predicted & gold)


def match_quotations(predicted: Sequence[Quotation], gold: list[dict]) -> list[tuple[tuple[int, ...], int]]:
    """(predicted indexes, gold index): one-to-one pairs under the overlap rule, then runs — a gold
    quotation no single prediction matched is matched by the predictions of one speaker that lie
    (by half) inside it and together cover half of it. Gold that joins a run of reported sentences
    into one quotation then meets kg's one quotation per sentence; the run counts as one prediction."""
    spans = [(q.span.start, q.span.end) for q in predicted]
    gold_spans = [(q["start"], q["end"]) for q in gold]
    pairs = match_spans(spans, gold_spans)
    used = {p for p, _ in pairs}
    matched = []
    for p, g in pairs:  # the rest of a run whose longest sentence matched alone
        run = (p, *_inside(predicted, spans, used, gold_spans[g], predicted[p].speaker_key))
        used.update(run)
        matched.append((tuple(sorted(run)), g))
    paired = {g for _, g in pairs}
    for g, gold_span in enumerate(gold_spans):
        runs = (
            []
            if g in paired
            else [_inside(predicted, spans, used, gold_span, key) for key in _keys(predicted)]
        )
        run = next((r for r in runs if len(r) > 1 and _covered(spans, r, gold_span) >= MIN_OVERLAP), ())
        if run:
            matched.append((run, g))
            used.update(run)
    return matched


def _keys(predicted: Sequence[Quotation]) -> list[str | None]:
    return list(dict.fromkeys(q.speaker_key for q in predicted))


def _inside(
    predicted: Sequence[Quotation],
    spans: list[tuple[int, int]],
    used: set[int],
    gold: tuple[int, int],
    key: str | None,
) -> tuple[int, ...]:
    """The unused predictions of one speaker that lie (by half) inside the gold span."""
    return tuple(
        p
        for p, span in enumerate(spans)
        if p not in used
        and predicted[p].speaker_key == key
        and _overlap(span, gold) >= MIN_OVERLAP * (span[1] - span[0])
    )


def _covered(spans: list[tuple[int, int]], run: tuple[int, ...], gold: tuple[int, int]) -> float:
    return sum(_overlap(spans[p], gold) for p in run) / (gold[1] - gold[0])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs under the half-and-half overlap rule."""
    candidates = []
    for p, (ps, pe) in enumerate(predicted):
        for g, (gs, ge) in enumerate(gold):
            overlap = min(pe, ge) - max(ps, gs)
            if overlap > 0 and overlap >= MIN_OVERLAP * (ge - gs) and overlap >= MIN_OVERLAP * (pe - ps):
                candidates.append((overlap, p, g))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, p, g in sorted(candidates, reverse=True):
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            pairs.append((p, g))
    return pairs


def _key_resolver(extraction: Extraction, gold_doc: dict):
    """Map a predicted entity key to the gold entity id it denotes in this article."""
    gold_by_span = {(m["start"], m["end"]): e["id"] for e in gold_doc["entities"] for m in e["mentions"]}
    votes: dict[str, Counter] = {}
    for mention in extraction.mentions:
        gold_id = gold_by_span.get((mention.span.start, mention.span.end))
        if gold_id:
            votes.setdefault(mention.entity_key, Counter())[gold_id] += 1
    by_slug: dict[str, str] = {}
    for entity in gold_doc["entities"]:
        for form in [entity["name"], *(m["text"] for m in entity["mentions"])]:
            by_slug.setdefault(slugify(form), entity["id"])

    def resolve(key: str | None) -> str | None:
        if key is None:
            return None
        if key in votes:
            return votes[key].most_common(1)[0][0]
        return by_slug.get(key.split(":", 1)[-1])

    return resolve
