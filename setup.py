"""`pip install --no-build-isolation .` from the repository root: builds the Python package of
python/ by running python/setup.py (see python/README.md)."""
import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parent / "python" / "setup.py"), run_name="__main__")
