"""`python -m kg …` runs the `kg` command (useful where the venv's scripts folder is not on PATH)."""

import sys

from kg.cli import main

sys.exit(main())
