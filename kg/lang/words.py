"""German function words, marks (`data/function_words.toml`) and Konjunktiv forms
(`data/verb_forms.toml`), loaded once at import."""

from __future__ import annotations

import tomllib
from importlib import resources


def _load(name: str) -> dict:
    return tomllib.loads(resources.files("kg.lang").joinpath("data", name).read_text("utf-8"))


_WORDS = _load("function_words.toml") | _load("verb_forms.toml")


def _set(name: str) -> frozenset[str]:
    return frozenset(_WORDS[name])


ARTICLES = _set("articles")
NOMINATIVE_ARTICLES = _set("nominative_articles")
OBLIQUE_ARTICLES = _set("oblique_articles")
NOMINATIVE_OR_ACCUSATIVE_ARTICLES = _set("nominative_or_accusative_articles")
NOUN_PHRASE_TAGS = _set("noun_phrase_tags")
OBLIQUE_AFTER_NOUN = _set("oblique_after_noun")
INDEFINITE_ARTICLES = _set("indefinite_articles")
INDEFINITE_ARTICLE_FORMS = _set("indefinite_article_forms")
DEFINITE_SINGULAR = _set("definite_singular")
PREPOSITIONS = _set("prepositions")
ADDRESSEE_PREPOSITIONS = _set("addressee_prepositions")
FIRST_PERSON = _set("first_person")
RELATIVE_PRONOUNS = _set("relative_pronouns")
NOMINATIVE_RELATIVES = _set("nominative_relatives")
COMPLEMENTIZERS = _set("complementizers")
COORDINATORS = _set("coordinators")
SUBORDINATORS = _set("subordinators")
SUBORDINATE_TAGS = _set("subordinate_tags")
CONDITIONALS = _set("conditionals")
NOBODY = _set("nobody")
COMPARATIVE_CORRELATES = _set("comparative_correlates")
INTERROGATIVES = _set("interrogatives")
ACCORDING_TO_BEFORE = _set("according_to_before")
ACCORDING_TO_AFTER = _set("according_to_after")
EPISTEMIC = _set("epistemic")
CLAUSE_END = _set("clause_end")
CLAUSE_BREAKS = _set("clause_breaks")
DASHES = _set("dashes")
QUOTE_MARKS = "".join(_WORDS["quote_marks"])
"""As a string, for `str.strip` and `in` tests on one character."""
DOUBLE_MARKS = "".join(_WORDS["double_marks"])
CLOSING_MARKS: dict[str, str] = dict(_WORDS["closing_marks"])
SUBJUNCTIVE_FORMS = _set("subjunctive_forms")
KONJUNKTIV_II = _set("konjunktiv_ii")
KONJUNKTIV_I_SEIN = _set("konjunktiv_i_sein")
FACTUAL_SUBORDINATORS = _set("factual_subordinators")
CLAIM_BREAKS = _set("claim_breaks")
