"""Config callbacks for `spacy pretrain` (passed with `--code training/callbacks.py`).

`spacy train` loads `[initialize] vectors` itself, but `spacy pretrain` never initialises the
pipeline, so its tok2vec would be built without the Brown-cluster table and its weights would not
fit the trained model's tok2vec. `pretrain.cfg` loads the table right after creating the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.training.initialize import load_vectors_into_model
from spacy.util import registry


@registry.callbacks("kg.load_vectors.v1")
def make_load_vectors(path: str) -> Callable[[Language], Language]:
    def load_vectors(nlp: Language) -> Language:
        load_vectors_into_model(nlp, path, add_strings=False)
        return nlp

    return load_vectors
