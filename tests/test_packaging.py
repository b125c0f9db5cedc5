"""A wheel of kg works where there is no repository: data folders packaged, `python -m kg`, `kg info`."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_wheel_carries_its_data_and_builds_queries_and_validates_from_another_folder(
    tmp_path: Path,
) -> None:
    dist = tmp_path / "dist"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip_wheel, "-q", "-w", str(dist)], check=True, capture_output=True)  # venv's setuptools
    (wheel,) = dist.glob("kg-*.whl")
    site = tmp_path / "site"  # the wheel installed: unpacked onto the path (a pure-Python wheel)
    zipfile.ZipFile(wheel).extractall(site)
    assert {p.name for p in (site / "kg" / "data" / "sparql").glob("*.rq")} == {
        p.name for p in (ROOT / "sparql").glob("*.rq")
    }
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def kg(*argv: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "kg", *argv],
            cwd=elsewhere,
            env={**os.environ, "PYTHONPATH": str(site)},  # ahead of the venv's editable install
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    info = kg("info").splitlines()
    assert info[0].startswith("kg 0.") and info[0].endswith(f"({site / 'kg'})")
    assert f"({site / 'kg' / 'nlp' / 'models' / 'de_kg_news'})" in info[7]
    assert info[-1] == f"sparql/ {site / 'kg' / 'data' / 'sparql'}"
    kg("build", str(ROOT / "seeds"), "--workers", "1")
    assert "Rutte" in kg("query", "--saved", "top-speakers")
    assert kg("validate", "--workers", "1").endswith("all graphs conform\n")
    query_page = subprocess.run(
        [sys.executable, "-c", "from kg.serve import pages; print(len(pages.saved_queries()))"],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(query_page.stdout) == len(list((ROOT / "sparql").glob("*.rq")))  # the query page lists them
