"""Speech-event extraction on WikiNews (SpkAtt-2023 train, 700 articles), both halves of a fixed split.

The development set `../shared/eval/wikinews-train/` (CC BY-NC-SA: measured here, never shipped)
is split once by article id: ids ending in 0-6 are the half rules may be developed on ("dev"),
ids ending in 7-9 are only measured ("measure"). The seeds are printed too, as a regression check.

    python bench/eval_speech.py                 # tables for dev, measure and the seeds
    python bench/eval_speech.py --errors dev    # also every miss and false alarm on the dev half

The gold says a quotation is direct when its message lies inside quote marks; 83 of its "direct"
items do not (their SpkAtt form is Indirect, FreeIndirect or Reported: a slip of the conversion).
They are scored as indirect, by the gold's own rule (`by_its_own_rule`).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from kg.evaluation import score_gold, speaker_judge, summary_table
from kg.extract import extract
from kg.extract.records import Extraction
from kg.ingest import IngestError, read_documents
from kg.lang import words
from kg.nlp import load_pipeline, parse_documents

ROOT = Path(__file__).resolve().parents[1]
WIKINEWS = ROOT.parent / "shared" / "eval" / "wikinews-train"
SEEDS_GOLD = ROOT.parent / "shared" / "eval" / "seeds-gold.json"
DEV_ENDINGS = tuple("0123456")


def half_of(file_name: str) -> str:
    """The fixed split: by the last digit of the article id."""
    return "dev" if Path(file_name).stem.endswith(DEV_ENDINGS) else "measure"


def extract_all(paths: list[Path]) -> tuple[list[Extraction], float]:
    documents = [d for d in read_documents(paths) if not isinstance(d, IngestError)]
    nlp = load_pipeline()
    pairs = list(parse_documents(nlp, documents))
    extract_started = time.perf_counter()
    extractions = [extract(document, parsed) for document, parsed in pairs]
    per_article = (time.perf_counter() - extract_started) / max(1, len(extractions)) * 1000
    return extractions, per_article


def by_its_own_rule(gold_path: Path, folder: Path) -> tuple[Path, int]:
    """A copy of the gold in `folder` where a "direct" quotation whose message has no quote mark
    before it is indirect, and how many were relabelled."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    relabelled = 0
    for doc in gold["documents"]:
        text = (gold_path.parent / "texts" / doc["file"]).read_text(encoding="utf-8")
        for quote in doc["quotations"]:
            if quote["kind"] == "direct" and not (
                quote["start"] and text[quote["start"] - 1] in words.QUOTE_MARKS
            ):
                quote["kind"] = "indirect"
                relabelled += 1
    copy = folder / "gold.json"
    copy.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return copy, relabelled


def print_errors(extractions: list[Extraction], gold_path: Path, half: str) -> None:
    """Misses (gold not found) and false alarms (found, no gold), with the sentence around them."""
    from kg.evaluation import match_quotations

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    by_file = {e.document.identifier: e for e in extractions}
    for doc in gold["documents"]:
        extraction = by_file.get(doc["file"])
        if extraction is None or half_of(doc["file"]) != half:
            continue
        text = extraction.document.text
        for kind in ("direct", "indirect"):
            golds = [q for q in doc["quotations"] if q["kind"] == kind]
            preds = [q for q in extraction.quotations if q.kind == kind]
            pairs = match_quotations(preds, golds)
            matched_p, matched_g = {p for run, _ in pairs for p in run}, {g for _, g in pairs}
            for g, quote in enumerate(golds):
                if g in matched_g or quote.get("borderline") or quote.get("speaker_unresolvable"):
                    continue
                who = quote.get("speaker_text") or quote["speaker"]
                print(f"MISS {kind} {doc['file']} [{who}] cue={quote.get('cue')!r}: {quote['text'][:160]!r}")
            for p, quote in enumerate(preds):
                if p not in matched_p:
                    near = [g for g in golds if g["start"] < quote.span.end and quote.span.start < g["end"]]
                    note = " (overlaps unscored/other gold)" if near else ""
                    content = text[quote.span.start : quote.span.end][:160]
                    print(f"FALSE {kind} {doc['file']} [{quote.speaker_key}]{note}: {content!r}")
            right = speaker_judge(extraction, doc)
            for run, g in pairs:
                quote = golds[g]
                if quote.get("speaker_unresolvable") or quote.get("borderline"):
                    continue
                if not right(preds[run[0]].speaker_key, quote):
                    who = quote.get("speaker_text")
                    print(f"WRONG {kind} {doc['file']} gold=[{who}] pred=[{preds[run[0]].speaker_key}]")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", choices=("dev",), help="list misses and false alarms of that half")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory()
    gold_path, relabelled = by_its_own_rule(WIKINEWS / "gold.json", Path(scratch.name))
    print(f"({relabelled} gold quotations labelled direct lie outside quote marks: scored as indirect)\n")
    extractions, per_article = extract_all([WIKINEWS / "texts"])
    files = [e.document.identifier for e in extractions]
    for half in ("dev", "measure"):
        chosen = {f for f in files if half_of(f) == half}
        print(
            f"== wikinews-train, {half} half ({len(chosen)} articles, ids ending in "
            f"{'0-6' if half == 'dev' else '7-9'})"
        )
        print(summary_table(score_gold(extractions, gold_path, chosen)))
        print()
    print(f"extraction: {per_article:.2f} ms per article (spaCy not included)")
    if SEEDS_GOLD.is_file():
        seed_extractions, _ = extract_all([ROOT / "seeds"])
        print("\n== seeds")
        print(summary_table(score_gold(seed_extractions, SEEDS_GOLD)))
    if args.errors:
        print()
        print_errors(extractions, gold_path, args.errors)


if __name__ == "__main__":
    main()
