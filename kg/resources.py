"""Where the project's data files live: vocabulary, shapes and saved queries are data, not code.

Their canonical copies are the repository's top-level folders `ontology/`, `shapes/` and `sparql/`.
A built wheel carries them inside the package as `kg/data/<folder>` (copied by the build hook in
`setup.py`), so an installed kg finds them wherever it runs; a source checkout or an editable install
has no `kg/data` and reads the top-level folders themselves, so edits there take effect at once.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DATA_FOLDERS = ("ontology", "shapes", "sparql")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder `name` (one of DATA_FOLDERS): the packaged copy if this kg is installed from a wheel,
    else the repository's own."""
    packaged = resources.files("kg").joinpath("data", name)
    return Path(str(packaged)) if packaged.is_dir() else PROJECT_ROOT / name


ONTOLOGY_DIR = data_dir("ontology")
SHAPES_DIR = data_dir("shapes")
SPARQL_DIR = data_dir("sparql")


def saved_queries() -> dict[str, Path]:
    """The saved SPARQL queries by name (file name without `.rq`)."""
    return {path.stem: path for path in sorted(SPARQL_DIR.glob("*.rq"))}


def require_dir(path: Path) -> Path:
    """Fail loudly when the data folders are missing (an install built without the setup.py hook)."""
    if not path.is_dir():
        raise FileNotFoundError(
            f"{path} is missing: kg reads its vocabulary, shapes and queries from it; reinstall kg "
            "from the repository (`pip install .`) or its wheel"
        )
    return path
