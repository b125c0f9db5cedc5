"""Where the project's data files live: vocabulary, shapes and saved queries are data, not code."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
SHAPES_DIR = PROJECT_ROOT / "shapes"
SPARQL_DIR = PROJECT_ROOT / "sparql"


def require_dir(path: Path) -> Path:
    """Fail loudly when kg runs from an install that lacks the data folders (use `pip install -e .`)."""
    if not path.is_dir():
        raise FileNotFoundError(
            f"{path} is missing: kg reads its vocabulary, shapes and queries from the source tree; "
            "install it with `pip install -e .` from a clone of the repository"
        )
    return path
