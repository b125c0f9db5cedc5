"""Held-out accuracy of a German pipeline, and the corpus readers the training recipe shares.

`evaluate_model(model, data_dir)` returns the accuracy table that `kg model evaluate` prints.
The held-out splits are fixed (see `kg/nlp/models/de_kg_news/MODEL_CARD.md`):

- NER: GermEval 2014 **dev** (`NER-de-dev.tsv`, 2,200 sentences), outer layer, `*deriv`/`*part` → O,
  OTH → MISC. Never used for training or model selection.
- Sentences, POS, STTS, morphology, lemmas, dependencies: UD German GSD **test** (977 sentences).
- Extra out-of-domain check: Universal NER German PUD (PER/LOC/ORG only; not trained on).
- Seeds: `../shared/eval/seeds-gold.json` named mentions (PER/ORG/LOC) and quotation sentences.
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

LABEL_MAP_GERMEVAL = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}
LABEL_MAP_LER = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "ORG",
}  # fmt: skip


@dataclass
class Sent:
    """One pre-tokenised sentence with whatever annotation its corpus has."""

    words: list[str]
    spaces: list[bool]
    ents: list[tuple[int, int, str]] = field(default_factory=list)
    """Token spans (start, end exclusive, label)."""
    tags: list[str] | None = None
    pos: list[str] | None = None
    morphs: list[str] | None = None
    lemmas: list[str] | None = None
    heads: list[int] | None = None
    """Absolute token index of the head (self for the root)."""
    deps: list[str] | None = None
    has_ents: bool = False
    dropped: int = 0
    """Entities of the source that were mapped to O (e.g. LER norms)."""


def _iob_to_spans(tags: list[str], label_map: dict[str, str]) -> tuple[list[tuple[int, int, str]], int]:
    """IOB2 (or IOB1, an I- after another type starts a span) → spans; unmapped types are dropped."""
    spans: list[tuple[int, int, str]] = []
    dropped = 0
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and kind == label
        if not continues and kind is not None:
            if kind in label_map:
                spans.append((start, i, label_map[kind]))
            else:
                dropped += 1
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return spans, dropped


def _row_blocks(
    lines: Iterable[str], sep: str | None, comment: str | None = None
) -> Iterator[list[list[str]]]:
    """The blank-line separated blocks (sentences) of a column file, each row split into columns."""
    block: list[list[str]] = []
    for line in [*lines, "\n"]:
        line = line.rstrip("\r\n")
        if comment is not None and line.startswith(comment):
            continue
        if not line.strip():
            if block:
                yield block
            block = []
            continue
        block.append(line.split(sep))


def _iob_sent(words: list[str], tags: list[str], label_map) -> Sent:
    ents, dropped = _iob_to_spans(tags, label_map)
    return Sent(words, [True] * len(words), ents, has_ents=True, dropped=dropped)


def read_germeval(path: Path) -> Iterator[Sent]:
    """GermEval 2014 TSV, outer layer; `*deriv`/`*part` → O, OTH → MISC."""
    with open(path, encoding="utf-8") as handle:
        for rows in _row_blocks(handle, "\t", comment="#"):
            words = [cols[1].replace("\u00ad", "") or cols[1] for cols in rows]
            yield _iob_sent(words, [cols[2] for cols in rows], LABEL_MAP_GERMEVAL)


def read_iob_columns(
    lines: Iterator[str], word_col: int, tag_col: int, sep: str | None, label_map
) -> Iterator[Sent]:
    for rows in _row_blocks(lines, sep):
        yield _iob_sent([cols[word_col] for cols in rows], [cols[tag_col] for cols in rows], label_map)


def read_ler(path: Path) -> Iterator[Sent]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        yield from read_iob_columns(iter(handle), 0, -1, " ", LABEL_MAP_LER)


LABEL_MAP_MOBIE = {
    "person": "PER", "organization": "ORG", "organization-company": "ORG",
    "location": "LOC", "location-city": "LOC", "location-street": "LOC", "location-stop": "LOC",
}  # fmt: skip


def read_mobie(lines: Iterator[str]) -> Iterator[Sent]:
    """MobIE CoNLL-2003 export (token, STTS, chunk, NE); location-route and non-names → O."""
    kept = (line for line in lines if not line.startswith("-DOCSTART-"))
    yield from read_iob_columns(kept, 0, 3, "\t", LABEL_MAP_MOBIE)


def read_uner(path: Path) -> Iterator[Sent]:
    """UNER German PUD (PER/LOC/ORG). Contractions are split ("an dem"); kept as words."""
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("# ")]
    yield from read_iob_columns(iter(lines), 1, 2, "\t", {"PER": "PER", "LOC": "LOC", "ORG": "ORG"})


def read_conllu(path: Path, stts: bool = True) -> Iterator[Sent]:
    """CoNLL-U with multiword tokens merged into their surface form ("im" = APPRART, ADP).

    The merged token takes the first part's head and relation (for "in dem": case) and the
    article's morphology, as in the TIGER-style STTS tag APPRART.
    """
    with open(path, encoding="utf-8") as handle:
        for block in _row_blocks(handle, "\t", comment="#"):
            sent = _conllu_sentence(block)
            if not stts:  # XPOS is not STTS (UD German PUD uses Penn-style tags)
                sent.tags = [""] * len(sent.words)
            yield sent


def _conllu_sentence(rows: list[list[str]]) -> Sent:
    words, spaces, tags, pos, morphs, lemmas, heads_ud, deps = [], [], [], [], [], [], [], []
    ud_to_token: dict[int, int] = {}
    i = 0
    while i < len(rows):
        row = rows[i]
        if "." in row[0]:  # empty node
            i += 1
            continue
        if "-" in row[0]:
            first, last = (int(x) for x in row[0].split("-"))
            parts = [r for r in rows[i + 1 :] if r[0].isdigit() and first <= int(r[0]) <= last]
            index = len(words)
            for p in parts:
                ud_to_token[int(p[0])] = index
            head_part = parts[0]
            words.append(row[1])
            spaces.append("SpaceAfter=No" not in row[9])
            is_apprart = parts[0][3] == "ADP" and len(parts) == 2 and parts[1][3] == "DET"
            tags.append("APPRART" if is_apprart else head_part[4])
            pos.append(head_part[3])
            feats = parts[1][5] if is_apprart else head_part[5]
            morphs.append("" if feats == "_" else feats)
            lemmas.append(head_part[2])
            heads_ud.append(int(head_part[6]))
            deps.append(head_part[7])
            i += 1 + len(parts)
            continue
        ud_to_token[int(row[0])] = len(words)
        words.append(row[1])
        spaces.append("SpaceAfter=No" not in row[9])
        tags.append(row[4])
        pos.append(row[3])
        morphs.append("" if row[5] == "_" else row[5])
        lemmas.append(row[2])
        heads_ud.append(int(row[6]))
        deps.append(row[7])
        i += 1
    heads = []
    for index, head in enumerate(heads_ud):
        if head == 0:
            heads.append(index)
            deps[index] = "ROOT"
        else:
            target = ud_to_token[head]
            heads.append(target if target != index else index)
    spaces[-1] = False
    return Sent(words, spaces, tags=tags, pos=pos, morphs=morphs, lemmas=lemmas, heads=heads, deps=deps)


def to_doc(vocab, sents: list[Sent]):
    """Several sentences → one spaCy Doc (sentence starts set; entities only if annotated)."""
    from spacy.tokens import Doc, Span

    words, spaces, sent_starts = [], [], []
    tags, pos, morphs, lemmas, heads, deps = [], [], [], [], [], []
    ents = []
    has_parse = all(s.heads is not None for s in sents)
    for s in sents:
        offset = len(words)
        words += s.words
        sp = list(s.spaces)
        sp[-1] = True
        spaces += sp
        sent_starts += [True] + [False] * (len(s.words) - 1)
        tags += s.tags or [""] * len(s.words)
        pos += s.pos or [""] * len(s.words)
        morphs += s.morphs or [""] * len(s.words)
        lemmas += s.lemmas or [""] * len(s.words)
        if has_parse:
            heads += [h + offset for h in s.heads]
            deps += s.deps
        ents += [(a + offset, b + offset, label) for a, b, label in s.ents]
    spaces[-1] = False
    kwargs = {}
    if any(pos):
        kwargs.update(tags=tags, pos=[p or None for p in pos], morphs=morphs, lemmas=lemmas)
    if has_parse:
        kwargs.update(heads=heads, deps=deps)
    else:
        kwargs.update(sent_starts=sent_starts)
    doc = Doc(vocab, words=words, spaces=spaces, **kwargs)
    if all(s.has_ents for s in sents):
        doc.set_ents([Span(doc, a, b, label=label) for a, b, label in ents], default="outside")
    return doc


# --------------------------------------------------------------------------- scoring


class PRF:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def row(self, name: str) -> str:
        return f"| {name} | {self.p:.3f} | {self.r:.3f} | {self.f:.3f} | {self.tp + self.fn} |"


def _sent_text(sent: Sent) -> tuple[str, list[tuple[int, int]]]:
    """Text of a pre-tokenised sentence and each word's character span."""
    parts, offsets, pos = [], [], 0
    for word, space in zip(sent.words, sent.spaces, strict=True):
        offsets.append((pos, pos + len(word)))
        parts.append(word + (" " if space else ""))
        pos += len(word) + (1 if space else 0)
    return "".join(parts).rstrip(" "), offsets


@dataclass(frozen=True)
class SpanScores:
    """Precision, recall and F1 of one label as spaCy's `Scorer` reports them, and the gold count."""

    p: float
    r: float
    f: float
    gold: int

    def row(self, name: str) -> str:
        return f"| {name} | {self.p:.3f} | {self.r:.3f} | {self.f:.3f} | {self.gold} |"


def score_ner(nlp, sents: list[Sent], labels: tuple[str, ...]) -> dict[str, SpanScores]:
    """NER scores per label and overall ("ALL") from spaCy's own `Scorer.score_spans`.

    Each gold sentence becomes a reference `Doc` and is paired with the pipeline's output in an
    `Example`, exactly as `spacy evaluate` does, so the numbers are comparable with spaCy's
    published ones (exact spans, aligned over the two tokenisations). Predicted labels outside
    `labels` are dropped first (UNER has no MISC).
    """
    from spacy.scorer import Scorer
    from spacy.tokens import Span
    from spacy.training import Example

    examples = []
    gold_counts: Counter = Counter()
    texts = [_sent_text(s)[0] for s in sents]
    for sent, doc in zip(sents, nlp.pipe(texts), strict=True):
        doc.ents = [e for e in doc.ents if e.label_ in labels]
        reference = to_doc(nlp.vocab, [sent])
        reference.ents = [Span(reference, a, b, label=label) for a, b, label in sent.ents if label in labels]
        gold_counts.update(label for _, _, label in sent.ents if label in labels)
        examples.append(Example(doc, reference))
    scores = Scorer.score_spans(examples, "ents")
    per_type = scores["ents_per_type"] or {}
    result = {
        label: SpanScores(
            per_type.get(label, {}).get("p", 0.0),
            per_type.get(label, {}).get("r", 0.0),
            per_type.get(label, {}).get("f", 0.0),
            gold_counts[label],
        )
        for label in labels
    }
    result["ALL"] = SpanScores(
        scores["ents_p"], scores["ents_r"], scores["ents_f"], sum(gold_counts.values())
    )
    return result


FINAL_CHARS = set(".!?…\"'“”«»)")


@dataclass
class UDScores:
    tokens: int = 0
    aligned: int = 0
    counts: Counter = field(default_factory=Counter)
    sents: PRF = field(default_factory=PRF)
    mood_sub: PRF = field(default_factory=PRF)


def score_ud(nlp, sents: list[Sent], per_doc: int = 10) -> UDScores:
    """Tagging, morphology, lemmas, dependencies and sentence boundaries on UD sentences.

    Sentences are joined `per_doc` at a time into one text (separated by a space, as in running
    text) so that the sentence splitter has to find the boundaries. Token scores count every gold
    token; a gold token without an identically spanned predicted token counts as wrong.
    """
    result = UDScores()
    groups = [sents[i : i + per_doc] for i in range(0, len(sents), per_doc)]
    texts = []
    for group in groups:
        text, spans, sent_spans = "", [], []
        for sent in group:
            stext, offsets = _sent_text(sent)
            base = len(text)
            spans.append([(base + a, base + b) for a, b in offsets])
            sent_spans.append((base, base + len(stext)))
            text += stext + " "
        texts.append((text.rstrip(" "), spans, sent_spans))
    for group, (_, spans, sent_spans), doc in zip(groups, texts, nlp.pipe(t[0] for t in texts), strict=True):
        by_span = {(t.idx, t.idx + len(t.text)): t for t in doc}
        pred_sents = {(s.start_char, s.start_char + len(s.text.rstrip())) for s in doc.sents}
        result.sents.add(set(sent_spans), pred_sents)
        for sent, offsets in zip(group, spans, strict=True):
            for k, span in enumerate(offsets):
                result.tokens += 1
                token = by_span.get(span)
                gold_sub = "Mood=Sub" in (sent.morphs[k] or "").split("|")
                pred_sub = token is not None and "Mood=Sub" in str(token.morph).split("|")
                result.mood_sub.add({k} if gold_sub else set(), {k} if pred_sub else set())
                if token is None:
                    continue
                result.aligned += 1
                c = result.counts
                c["pos"] += token.pos_ == sent.pos[k]
                c["tag"] += bool(sent.tags[k]) and token.tag_ == sent.tags[k]
                c["tagged"] += bool(sent.tags[k])
                c["morph"] += str(token.morph) == sent.morphs[k]
                c["lemma"] += token.lemma_ == sent.lemmas[k]
                if doc.has_annotation("DEP"):
                    head_span = offsets[sent.heads[k]]
                    head_ok = (token.head.idx, token.head.idx + len(token.head.text)) == head_span
                    c["uas"] += head_ok
                    gold_dep, pred_dep = sent.deps[k].split(":")[0], token.dep_.split(":")[0]
                    c["las"] += head_ok and gold_dep.lower() == pred_dep.lower()
    return result


def score_seeds(nlp, seeds_dir: Path, gold_path: Path) -> tuple[PRF, dict[str, PRF]]:
    """Sentence boundaries of the annotated quotation sentences, and named-mention F1 (PER/ORG/LOC)."""
    from kg.nlp.pipeline import parse_documents

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    sents, mentions = PRF(), {label: PRF() for label in ("PER", "ORG", "LOC", "ALL")}
    for entry in gold["documents"]:
        path = seeds_dir / entry["file"]
        try:
            from kg.ingest import read_text_file

            document = read_text_file(path)
        except Exception:  # ingest unavailable or changed: read the plain text
            document = None
        if document is not None and document.text == path.read_text(encoding="utf-8"):
            parsed = next(parse_documents(nlp, [document]))
            if isinstance(parsed, tuple):  # (document, parse) pairs
                parsed = parsed[-1]
            pred_sents = {
                (s.start, s.start + len(parsed.text[s.start : s.end].rstrip())) for s in parsed.sentences
            }
            pred_ents = {(e.start, e.end, e.label) for e in parsed.entities}
        else:
            doc = nlp(path.read_text(encoding="utf-8"))
            pred_sents = {(s.start_char, s.start_char + len(s.text.rstrip())) for s in doc.sents}
            pred_ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        gold_sents = {(q["sentence_start"], q["sentence_end"]) for q in entry["quotations"]}
        # precision over predicted sentences that overlap an annotated sentence
        near = {p for p in pred_sents if any(p[0] < g[1] and g[0] < p[1] for g in gold_sents)}
        sents.add(gold_sents, near)
        gold_ents = set()
        for entity in entry["entities"]:
            if entity["type"] not in ("PER", "ORG", "LOC"):
                continue
            for m in entity["mentions"]:
                if not m.get("nested_in"):
                    gold_ents.add((m["start"], m["end"], entity["type"]))
        pred = {e for e in pred_ents if e[2] in ("PER", "ORG", "LOC")}
        for label in ("PER", "ORG", "LOC"):
            mentions[label].add({g for g in gold_ents if g[2] == label}, {p for p in pred if p[2] == label})
        mentions["ALL"].add(gold_ents, pred)
    return sents, mentions


def _without_rules(nlp, sents: list[Sent], labels: tuple[str, ...]) -> list[str]:
    """The ALL row with `kg_entities` switched off: what the statistical NER alone reaches."""
    if "kg_entities" not in nlp.pipe_names:
        return []
    with nlp.select_pipes(disable=["kg_entities"]):
        return [score_ner(nlp, sents, labels)["ALL"].row("ALL, NER model alone (kg_entities off)")]


def evaluate_model(model: str | None, data_dir: Path, enable: tuple[str, ...] = ()) -> str:
    """The accuracy table (Markdown) of `model` (None = the bundled de_kg_news) on the held-out sets.

    `data_dir` is the shared data folder (`../shared/data`); the seeds and their gold file are
    looked up next to it (`../shared/seeds`, `../shared/eval/seeds-gold.json`) and skipped when
    absent, as is every corpus that is missing. `enable` switches on components that the pipeline
    ships disabled (de_kg_news: `("parser",)`).
    """
    from kg.nlp.pipeline import load_pipeline, pipeline_info

    data_dir = Path(data_dir)
    nlp = load_pipeline(model)
    for name in enable:
        nlp.enable_pipe(name)
    info = pipeline_info(nlp)
    out = [f"# Accuracy of {info.name} {info.version}", "", f"components: {', '.join(nlp.pipe_names)}", ""]
    started = time.perf_counter()

    germeval = data_dir / "germeval2014" / "NER-de-dev.tsv"
    if germeval.exists():
        labels = ("PER", "ORG", "LOC", "MISC")
        scores = score_ner(nlp, list(read_germeval(germeval)), labels)
        out += [
            "## NER, GermEval 2014 dev (held out; spaCy Scorer, exact spans, outer layer, OTH = MISC)",
            "",
            "| label | P | R | F1 | gold |",
            "|---|---|---|---|---|",
        ]
        out += [scores[label].row(label) for label in (*labels, "ALL")]
        out += _without_rules(nlp, list(read_germeval(germeval)), labels)
        out.append("")
    uner = data_dir / "uner-german-pud" / "de_pud-ud-test.iob2"
    if uner.exists():
        scores = score_ner(nlp, list(read_uner(uner)), ("PER", "ORG", "LOC"))
        out += [
            "## NER, Universal NER German PUD (not trained on; spaCy Scorer; PER/ORG/LOC, MISC ignored)",
            "",
            "| label | P | R | F1 | gold |",
            "|---|---|---|---|---|",
        ]
        out += [scores[label].row(label) for label in ("PER", "ORG", "LOC", "ALL")]
        out += _without_rules(nlp, list(read_uner(uner)), ("PER", "ORG", "LOC"))
        out.append("")
    gsd = data_dir / "ud-german-gsd" / "de_gsd-ud-test.conllu"
    if gsd.exists():
        gsd_sents = list(read_conllu(gsd))
        ud = score_ud(nlp, gsd_sents)
        punctuated = [s for s in gsd_sents if s.words[-1][-1] in FINAL_CHARS]
        ud_punct = score_ud(nlp, punctuated)
        c, n = ud.counts, ud.tokens
        out += ["## UD German GSD test (held out; 10 sentences per text)", "",
                "| metric | score |", "|---|---|",
                f"| sentences P / R / F1 (all {len(gsd_sents)}) "
                f"| {ud.sents.p:.3f} / {ud.sents.r:.3f} / {ud.sents.f:.3f} |",
                f"| sentences P / R / F1 (the {len(punctuated)} that end in punctuation) "
                f"| {ud_punct.sents.p:.3f} / {ud_punct.sents.r:.3f} / {ud_punct.sents.f:.3f} |",
                f"| tokens aligned with gold | {ud.aligned / n:.3f} |",
                f"| UPOS accuracy | {c['pos'] / n:.3f} |",
                f"| STTS tag accuracy | {c['tag'] / max(c['tagged'], 1):.3f} |",
                f"| morphology (all features) accuracy | {c['morph'] / n:.3f} |",
                f"| Mood=Sub P / R / F1 | {ud.mood_sub.p:.3f} / {ud.mood_sub.r:.3f} / {ud.mood_sub.f:.3f} |",
                f"| lemma accuracy | {c['lemma'] / n:.3f} |"]  # fmt: skip
        if "parser" in nlp.pipe_names:
            out += [f"| UAS | {c['uas'] / n:.3f} |", f"| LAS (universal relation) | {c['las'] / n:.3f} |"]
        out.append("")
    pud = data_dir / "ud-german-pud" / "de_pud-ud-test.conllu"
    if pud.exists():
        pud_scores = score_ud(nlp, list(read_conllu(pud, stts=False)))
        sents = pud_scores.sents
        out += ["## Sentence boundaries, UD German PUD (news/wiki; not used to design the sentence rules)",
                "",
                "| metric | P | R | F1 | gold |", "|---|---|---|---|---|",
                sents.row("sentences, 10 per text")]  # fmt: skip
        out.append("")
    shared = data_dir.parent
    seeds_dir, gold_path = shared / "seeds", shared / "eval" / "seeds-gold.json"
    if seeds_dir.is_dir() and gold_path.exists():
        sents, mentions = score_seeds(nlp, seeds_dir, gold_path)
        out += [
            "## Seeds (../shared/eval/seeds-gold.json; a check, not tuned on)",
            "",
            "| metric | P | R | F1 | gold |",
            "|---|---|---|---|---|",
            sents.row("quotation sentences (boundaries)"),
        ]
        out += [mentions[label].row(f"named mentions {label}") for label in ("PER", "ORG", "LOC", "ALL")]
        out.append("")
    out.append(f"(evaluated in {time.perf_counter() - started:.0f} s)")
    return "\n".join(out)
