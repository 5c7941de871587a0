"""Runtime ISA dispatch of the extension (lloyd/_dispatch.py): lloyd.isa names the build in use,
LLOYD_ISA forces one (with a clear error when it is not built or the CPU lacks it), and every build
this CPU runs gives the same bits — centres, labels, inertia, n_iter — for float32 and float64,
weights, several algorithms and the bisecting and mini-batch estimators. Each build is imported in a
subprocess of its own (a process loads one)."""
import os
import pickle
import subprocess
import sys

import pytest

import lloyd
from lloyd import _core, _cpu, _dispatch

FITS = r"""
import pickle, sys
import numpy as np
import lloyd
sys.path.insert(0, sys.argv[2])
from conftest import blobs

X64 = blobs(n=900, d=5, centres=6, seed=3)
X32 = blobs(n=900, d=5, centres=6, seed=4, dtype=np.float32)
w = np.random.default_rng(1).uniform(0.5, 2, size=900)
F = blobs(n=2000, d=40, centres=12, seed=5, dtype=np.float32)  # wide enough for vector code
fits = {
    "float64": lloyd.KMeans(6, n_init=3, random_state=1).fit(X64),
    "float32 weights": lloyd.KMeans(6, n_init=2, random_state=2).fit(X32, sample_weight=w),
    "elkan": lloyd.KMeans(6, algorithm="elkan", init="k-means++", n_init=2, random_state=3).fit(X64),
    "gemm wide": lloyd.KMeans(12, algorithm="gemm", n_init=2, random_state=4).fit(F),
    "yinyang wide": lloyd.KMeans(12, algorithm="yinyang", init="random", n_init=2, random_state=5).fit(F),
    "random swap": lloyd.KMeans(6, refine="random-swap", n_init=1, random_state=6).fit(X32),
    "spherical": lloyd.SphericalKMeans(6, n_init=2, random_state=7).fit(F),
    "bisecting": lloyd.BisectingKMeans(8, random_state=8).fit(F, sample_weight=np.ones(len(F))),
    "mini-batch": lloyd.MiniBatchKMeans(6, batch_size=128, random_state=9).fit(X64),
}
out = {name: (km.cluster_centers_, km.labels_, km.inertia_, km.n_iter_) for name, km in fits.items()}
out["transform"] = fits["gemm wide"].transform(F[:50])
with open(sys.argv[1], "wb") as f:
    pickle.dump((lloyd.isa, out), f)
"""


def run_with(isa, tmp_path):
    env = dict(os.environ, LLOYD_ISA=isa)
    path = tmp_path / f"{isa}.pkl"
    out = subprocess.run([sys.executable, "-c", FITS, str(path), os.path.dirname(__file__)], env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    with open(path, "rb") as f:
        return pickle.load(f)


def runnable():
    return [isa for isa in _dispatch.built_variants() if _cpu.supports(isa)]


def test_isa_is_the_best_build_this_cpu_runs():
    assert _core.isa == lloyd.isa
    if not os.environ.get("LLOYD_ISA"):
        assert lloyd.isa == runnable()[0]
    assert "baseline" in _dispatch.built_variants()
    assert _cpu.supports("baseline") and not _cpu.supports("sse9")


def test_every_build_gives_the_same_bits(tmp_path):
    isas = runnable()
    if len(isas) < 2:
        pytest.skip(f"this CPU runs one build of the extension ({isas})")
    results = {isa: run_with(isa, tmp_path) for isa in isas}
    base_isa, base = results["baseline"]
    assert base_isa == "baseline"
    for isa, (reported, fits) in results.items():
        assert reported == isa
        for name, value in base.items():
            other = fits[name]
            if name == "transform":
                assert other.tobytes() == value.tobytes(), (isa, name)
                continue
            assert other[0].tobytes() == value[0].tobytes(), (isa, name, "centres")
            assert (other[1] == value[1]).all(), (isa, name, "labels")
            assert other[2:] == value[2:], (isa, name, "inertia, n_iter")


@pytest.mark.parametrize("isa", ["sse9", "avx512"])
def test_forcing_a_build_that_cannot_run_fails_clearly(isa):
    if isa in runnable():
        pytest.skip(f"this CPU runs the {isa} build")
    env = dict(os.environ, LLOYD_ISA=isa)
    out = subprocess.run([sys.executable, "-c", "import lloyd"], env=env, capture_output=True, text=True)
    assert out.returncode != 0
    if isa in _dispatch.built_variants():
        assert f"LLOYD_ISA={isa} but this CPU does not support it" in out.stderr
    else:
        assert f"LLOYD_ISA={isa} is not one of the built variants" in out.stderr
