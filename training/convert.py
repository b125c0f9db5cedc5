"""Convert the staged corpora into spaCy DocBins for kg's German pipeline.

    python training/convert.py [--data ../shared/data] [--out training/corpus] [--seed 0]

Writes train.spacy (what the model learns from), dev.spacy (what training selects the best
checkpoint on) and raw.jsonl (unannotated text for `spacy pretrain`). The held-out evaluation
splits (GermEval 2014 dev, UD German GSD test) are NOT written here and must never be added:
`kg model evaluate` reads them straight from the data folder.

Only data whose license allows redistributing a trained model is used for training:
- GermEval 2014 test (CC BY 4.0): NER; every 10th sentence goes to dev.spacy.
- German LER (CC BY 4.0): NER, a seeded subsample of sentences whose entities all map to
  PER/LOC/ORG (sentences with norms/citations are skipped, so they never teach "O" for a
  GermEval-OTH-like name).
- MobIE (CC BY 4.0): NER, a seeded subsample of train sentences without hashtags/handles whose
  entities are capitalised (person/organisation/location types; routes and non-names → O).
- UD German GSD dev (CC BY-SA 4.0) + UD German PUD (CC BY-SA 3.0): tags (GSD only: PUD's
  XPOS is not STTS), POS, morphology, dependencies; every 10th sentence of each goes to dev.spacy.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402

from kg.nlp.evaluate import read_conllu, read_germeval, read_ler, read_mobie, to_doc  # noqa: E402

LER_COURTS = ("bag", "bfh", "bgh", "bpatg", "bsg", "bverfg", "bverwg")


def chunks(items, size):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "training" / "corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ler-sentences", type=int, default=2500)
    parser.add_argument("--mobie-sentences", type=int, default=1000)
    parser.add_argument("--sents-per-doc", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    nlp = spacy.blank("de")
    args.out.mkdir(parents=True, exist_ok=True)
    train, dev = DocBin(store_user_data=False), DocBin(store_user_data=False)
    stats: Counter = Counter()

    germeval = list(read_germeval(args.data / "germeval2014" / "NER-de-test.tsv"))
    ner_train = [s for i, s in enumerate(germeval) if i % 10 != 9]
    ner_dev = [s for i, s in enumerate(germeval) if i % 10 == 9]
    stats["germeval_train"] = len(ner_train)
    stats["germeval_dev"] = len(ner_dev)

    ler = []
    for court in LER_COURTS:
        for sent in read_ler(args.data / "legal-ner-ler" / f"{court}.conll.gz"):
            if sent.ents and not sent.dropped and len(sent.words) <= 80:
                ler.append(sent)
    rng.shuffle(ler)
    ler = ler[: args.ler_sentences]
    stats["ler_train"] = len(ler)

    with zipfile.ZipFile(args.data / "mobie" / "ner_conll03_formatted.zip") as archive:
        raw = archive.read("train.conll2003").decode("utf-8")
    mobie_all = list(read_mobie(io.StringIO(raw)))
    mobie = [
        s for s in mobie_all
        if s.ents and len(s.words) >= 5 and not any(w.startswith(("#", "@", "http")) for w in s.words)
        and all(s.words[a][:1].isupper() or s.words[a][:1].isdigit() for a, _, _ in s.ents)
    ]  # fmt: skip
    rng.shuffle(mobie)
    mobie = mobie[: args.mobie_sentences]
    stats["mobie_train"] = len(mobie)

    ud = list(read_conllu(args.data / "ud-german-gsd" / "de_gsd-ud-dev.conllu"))
    # UD German PUD's XPOS column holds Penn-style tags, not STTS: its tags are left missing.
    pud = list(read_conllu(args.data / "ud-german-pud" / "de_pud-ud-test.conllu", stts=False))
    ud_train = [s for i, s in enumerate(ud) if i % 10 != 9] + [s for i, s in enumerate(pud) if i % 10 != 9]
    ud_dev = [s for i, s in enumerate(ud) if i % 10 == 9] + [s for i, s in enumerate(pud) if i % 10 == 9]
    stats["ud_train"] = len(ud_train)
    stats["ud_dev"] = len(ud_dev)

    ner_all = ner_train + ler + mobie
    rng.shuffle(ner_all)
    for group in chunks(ner_all, args.sents_per_doc):
        train.add(to_doc(nlp.vocab, group))
    for group in chunks(ud_train, args.sents_per_doc):
        train.add(to_doc(nlp.vocab, group))
    for group in chunks(ner_dev, args.sents_per_doc):
        dev.add(to_doc(nlp.vocab, group))
    for group in chunks(ud_dev, args.sents_per_doc):
        dev.add(to_doc(nlp.vocab, group))
    train.to_disk(args.out / "train.spacy")
    # raw text for `spacy pretrain`: training texts plus unannotated redistributable text
    # (all of LER, SpkAtt-2023 speeches, MobIE train). Never GermEval dev or GSD test.
    with open(args.out / "raw.jsonl", "w", encoding="utf-8") as raw_out:
        texts = [" ".join(s.words) for s in ner_all + ud_train + mobie_all]
        for court in LER_COURTS:
            texts += [" ".join(s.words) for s in read_ler(args.data / "legal-ner-ler" / f"{court}.conll.gz")]
        for split in ("train", "dev"):
            for path in sorted((args.data / "spkatt2023-gepade" / split).glob("*.json")):
                speech = json.loads(path.read_text(encoding="utf-8"))
                texts += [" ".join(s["Tokens"]) for s in speech["Sentences"]]
        rng.shuffle(texts)
        for text in texts:
            raw_out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        stats["raw_text_sentences"] = len(texts)
    dev.to_disk(args.out / "dev.spacy")
    for key, value in stats.items():
        print(f"{key}: {value} sentences")
    print(f"wrote {args.out / 'train.spacy'} ({len(train)} docs), {args.out / 'dev.spacy'} ({len(dev)} docs)")


if __name__ == "__main__":
    main()
