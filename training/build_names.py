"""Build kg/nlp/data/first_names.txt: first names seen in the NER training data plus common ones.

    python training/build_names.py [--data ../shared/data]

A word counts as a first name when it opens a multi-word PER span of the GermEval 2014 training
part (the same 9/10 of NER-de-test.tsv that convert.py trains on; never the held-out dev file) at
least twice, is capitalised, and never occurs outside an entity in that data. A short list of
common German given names is added. Only CC BY 4.0 data is read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.nlp.evaluate import read_germeval  # noqa: E402

COMMON = """
Alexander Andreas Anna Annalena Anne Barbara Bernd Birgit Brigitte Christian Christina Christine
Claudia Daniel Daniela David Dieter Dirk Elisabeth Emma Eva Felix Florian Frank Franz Friedrich
Gabriele Georg Gerhard Hans Heike Heinz Helmut Jan Jana Jens Johann Johannes Jonas Josef Julia
Jürgen Karin Karl Katharina Klaus Lars Laura Lea Lena Leon Lisa Lukas Manfred Manuela Maria Marie
Markus Martin Martina Matthias Maximilian Michael Monika Nicole Niklas Olaf Paul Peter Petra Philipp
Ralf Robert Sabine Sandra Sarah Sebastian Simone Sophie Stefan Stefanie Susanne Thomas Tim Tobias
Torsten Ursula Uwe Werner Wolfgang
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "kg" / "nlp" / "data" / "first_names.txt")
    args = parser.parse_args(argv)
    sents = list(read_germeval(args.data / "germeval2014" / "NER-de-test.tsv"))
    train = [s for i, s in enumerate(sents) if i % 10 != 9]
    openers: Counter = Counter()
    outside: Counter = Counter()
    for sent in train:
        inside = set()
        for start, end, label in sent.ents:
            inside.update(range(start, end))
            if label == "PER" and end - start >= 2:
                openers[sent.words[start]] += 1
        for i, word in enumerate(sent.words):
            if i not in inside:
                outside[word] += 1
    names = {
        w for w, n in openers.items()
        if n >= 2 and w[:1].isupper() and w.isalpha() and not w.isupper() and outside[w] == 0 and len(w) > 2
    }  # fmt: skip
    names |= set(COMMON.split())
    header = (
        "# Given names: GermEval 2014 training part (CC BY 4.0) + common German names;"
        " see training/build_names.py\n"
    )
    args.out.write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"wrote {len(names)} names to {args.out}")


if __name__ == "__main__":
    main()
