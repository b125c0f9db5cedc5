"""Every confidence and window size of the extraction rules, in one table.

Confidences say how often a rule's attribution held when read by hand on the seeds; windows bound
how far a rule looks. Change one here and the README seed table must be re-measured.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    # --- quotations (kg.extract.speech) ---
    block_quote: float = 0.8
    """A paragraph followed by its "Name, Role" line."""
    block_quote_trailing: float = 0.75
    """A paragraph that ends with "– Name, Role" (the line may belong to the text)."""
    headline_direct: float = 0.85
    """ "Name: „…“" headline."""
    headline_indirect: float = 0.7
    """ "Name: paraphrase" headline without marks."""
    direct_named: float = 0.9
    """A quotation with its cue and a named speaker."""
    direct_described: float = 0.75
    """A quotation with its cue and a pronoun or description as speaker."""
    direct_continued: float = 0.6
    """A quotation without a cue, given to the speaker just before."""
    according_to: float = 0.8
    """ "laut X", "X zufolge", ", so X"."""
    reporting_named: float = 0.8
    """A verb of saying with its complement and a named subject."""
    reporting_described: float = 0.65
    """The same with a pronoun, relative or description as subject."""
    konjunktiv_one: float = 0.6
    """A Konjunktiv I sentence continuing a report."""
    konjunktiv_two: float = 0.5
    """A Konjunktiv II sentence continuing a report (also conditional, so weaker)."""
    partial_quote: float = 0.6
    """Words in quote marks inside indirect speech."""
    named_by_verb: float = 0.6
    """A few words in quote marks after a verb of naming ("nannte es „Wortbruch“")."""
    next_sentence_cue: int = 3
    """Tokens at the head of the next sentence searched for a quotation's cue ("„…“ Das sagte X")."""
    naming_reach: int = 12
    """Tokens before a quote searched for its verb of naming."""
    unattributed_cap: float = 0.3
    """Highest confidence of a quotation without a speaker."""
    source_phrase_reach: int = 12
    """Tokens a source phrase may span before "zufolge"."""
    source_attributes: int = 3
    """Attributes a source phrase may chain ("des Sprechers des Ministeriums in Wien")."""
    attribute_gap: int = 4
    """Tokens between a noun of information and the noun of its attribute ("Angaben der
    britischen Zeitung")."""
    quoted_name_reach: int = 7
    """Tokens a quoted or bracketed name in a source phrase may take, marks included."""
    prefield_rest: int = 4
    """Words a source phrase opening its sentence may have past its noun phrase before the finite
    verb ("für Menschenrechte"), besides a relative clause."""
    max_chain_gap: int = 1
    """Units a continuation may be away from the last attributed unit."""
    mostly_consumed: float = 0.6
    """Share of a unit already quoted above which no indirect rule reads it."""
    # --- speakers (kg.extract.speakers) ---
    subject_window: int = 7
    """Tokens tried as subject on each side of a verb of saying."""
    # --- statements (kg.extract.roles, kg.extract.derived) ---
    role: float = 0.85
    """A role statement ("Role Name", "Name, Role")."""
    derived_compound: float = 0.9
    """A compound pointing at an entity ("US-Präsident")."""
    derived_word: float = 0.8
    """An adjective or demonym pointing at an entity ("russische", "Ukrainer")."""
    # --- claims (kg.extract.claims) ---
    quote_cover: float = 0.5
    """Share of a clause a quotation must cover to give the clause its speaker."""
    same_claim: float = 0.5
    """Mutual overlap at which a clause and a quotation are one assertion."""
    quotation_claim: float = 0.9
    """Factor from a quotation's confidence to its content's claim."""
    verb_claimant: float = 0.7
    """A claim whose claimant is the subject of its verb of saying, or that has none."""
    partly_quoted: float = 0.7
    """Factor for a claim that a quotation covers less than `quote_cover` of."""


WEIGHTS = Weights()
