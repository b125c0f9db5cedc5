"""Build hook: the wheel carries the repository's data folders inside the package.

The vocabulary, shapes and saved queries live at the top of the repository (`ontology/`, `shapes/`,
`sparql/`: the project layout, and where people edit them). An installed kg has no repository
around it, so `build_py` copies those folders into the built package as `kg/data/<folder>`, where
`kg.resources` finds them. An editable install skips the copy and reads the folders in place.
Everything else is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("ontology", "shapes", "sparql")  # as kg.resources.DATA_FOLDERS


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in DATA_FOLDERS:
            shutil.copytree(ROOT / name, Path(self.build_lib, "kg", "data", name), dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithData})
