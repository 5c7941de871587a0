"""Shared data and helpers of the Python package's tests (run by ctest as python_tests, or
`PYTHONPATH=<build>/python python3 -m pytest python/tests`)."""
import json
import os
import shutil
import subprocess

import numpy as np
import pytest


def blobs(n=600, d=3, centres=4, seed=0, dtype=np.float64):
    """n points around `centres` well-separated Gaussian centres."""
    rng = np.random.default_rng(seed)
    C = rng.uniform(-10, 10, size=(centres, d))
    X = C[rng.integers(0, centres, size=n)] + rng.normal(size=(n, d))
    return X.astype(dtype)


@pytest.fixture
def X64():
    return blobs()


@pytest.fixture
def X32():
    return blobs(dtype=np.float32)


def cli_path():
    """lloyd_kmeans: $LLOYD_KMEANS (set by ctest) or the PATH; None when there is none."""
    path = os.environ.get("LLOYD_KMEANS") or shutil.which("lloyd_kmeans")
    return path if path and os.path.exists(path) else None


@pytest.fixture
def cli():
    path = cli_path()
    if path is None:
        pytest.skip("lloyd_kmeans not built (set LLOYD_KMEANS to its path)")

    def run(*args):
        out = subprocess.run([path, *map(str, args), "--json", "--quiet"], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    return run
