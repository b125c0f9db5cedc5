"""Quotations, direct and indirect, with speaker, cue and addressee.

Small rules read one fixed view of the article (`ArticleView`) and what the rules before them found
(`Speech`), and return what they add (`Additions`); `rules.py` lists them in the order they run and
folds their additions into the next `Speech`. Units (sentences cut at line breaks) are read in
order; a speaker found in one unit may continue into the next:
- direct (`direct.py`, `blocks.py`): quote-mark utterances and their cue, block and pull quotes
  with their "Name, Role" line, "Name: …" headlines, cue-less continuations;
- indirect (`indirect.py`, `clauses.py`): source phrases ("laut X", "X zufolge", ", so X") and
  verbs of saying with their complement clause;
- continuation (`continuation.py`): Konjunktiv sentences continuing the last report, and quoted
  words inside indirect speech.
"""

from kg.extract.speech.rules import ARTICLE_RULES, UNIT_RULES, SpeechResult, article_view, find_speech

__all__ = ["ARTICLE_RULES", "UNIT_RULES", "SpeechResult", "article_view", "find_speech"]
