"""The test suite.

It writes Python's bytecode caches even where the environment says not to: these machines set
``PYTHONDONTWRITEBYTECODE``, and every process of a run then compiled from source again what
the previous one had compiled. That is pytest's collection (9 s of CPU instead of 4, its
assertion rewriting included), each pytest-xdist worker, and each gunicorn worker and
``flask`` command a test starts (0.25 s each). The caches stay in ``__pycache__`` folders,
which git ignores and wheels leave out (pyproject.toml). Importing this package is the first
thing pytest does with the suite; the processes the tests start inherit the environment.
"""

import os
import sys

sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
