"""Plain data that leaves the NLP stage: what extraction needs of a parse, picklable and testable."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PipelineInfo:
    """Which pipeline produced a parse; recorded as the PROV activity's `prov:used`."""

    name: str
    version: str


@dataclass(frozen=True)
class Token:
    i: int
    """Index of the token in the document."""
    start: int
    """Character offset into the stored text (end exclusive)."""
    end: int
    text: str
    lemma: str
    pos: str
    """Universal POS (`PROPN`, `VERB`, …); empty when the pipeline has no tagger."""
    tag: str
    """STTS tag (`NE`, `VVFIN`, …); empty when the pipeline has no tagger."""
    morph: str
    """UD features as `Mood=Sub|Number=Sing`; empty when unknown."""
    dep: str
    """Dependency label; empty when the pipeline has no parser."""
    head: int
    """Index of the syntactic head (the token itself for roots or when unparsed)."""
    sentence: int
    """Index of the sentence the token belongs to."""
    whitespace: str = ""

    def has_feature(self, name: str, value: str) -> bool:
        return f"{name}={value}" in self.morph.split("|")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    first_token: int
    end_token: int
    """One past the index of the sentence's last token."""


@dataclass(frozen=True)
class NamedSpan:
    """A named-entity span from the pipeline (`PER`, `ORG`, `LOC`, `MISC`)."""

    start: int
    end: int
    label: str
    text: str
    first_token: int
    end_token: int


@dataclass(frozen=True)
class ParsedDoc:
    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[NamedSpan, ...]
    pipeline: PipelineInfo
    extras: dict = field(default_factory=dict, compare=False)
    """Room for component output that has no field yet (kept out of equality)."""

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing the character `offset` (the nearest one before it)."""
        low, high = 0, len(self.sentences) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.sentences[middle].start <= offset:
                low = middle
            else:
                high = middle - 1
        return low

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        sentence = self.sentences[index]
        return self.tokens[sentence.first_token : sentence.end_token]
