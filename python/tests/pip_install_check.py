"""The ctest python_pip_install: `pip install --no-build-isolation --no-index --no-deps --target DIR .`
from the repository root, offline with the distribution's setuptools and pybind11, then `import
lloyd` from DIR gives the bits of the CMake build of the package (run with LLOYD_ISA=baseline).
Only the baseline build of the extension is compiled (LLOYD_ISA_VARIANTS), in a fresh build folder,
to keep the test to a few minutes.

    python3 pip_install_check.py REPOSITORY_ROOT WORK_FOLDER CMAKE_PACKAGE_FOLDER
"""
import os
import shutil
import subprocess
import sys

FIT = ("import sys, numpy as np, lloyd; X = np.random.default_rng(0).normal(size=(500, 6)).astype(np.float32); "
       "km = lloyd.KMeans(5, n_init=2, random_state=3).fit(X); bk = lloyd.BisectingKMeans(4, random_state=3).fit(X); "
       "print(lloyd.__file__, lloyd.isa, km.cluster_centers_.tobytes().hex(), km.inertia_, km.n_iter_, "
       "bk.cluster_centers_.tobytes().hex(), bk.inertia_)")


def run(cmd, **kw):
    out = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stdout[-4000:]}\n{out.stderr[-4000:]}")
    return out.stdout


def main(root, work, cmake_package):
    os.makedirs(work, exist_ok=True)
    target, build = os.path.join(work, "target"), os.path.join(work, "setuptools-build")
    for d in (target, build):
        shutil.rmtree(d, ignore_errors=True)
    env = dict(os.environ, LLOYD_ISA_VARIANTS="baseline", LLOYD_BUILD_DIR=build, PIP_NO_INPUT="1")
    env.pop("PYTHONPATH", None)
    run([sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps", "--target", target,
         "."], cwd=root, env=env)
    fits = []
    for path in (target, cmake_package):
        env = dict(os.environ, PYTHONPATH=path, LLOYD_ISA="baseline")
        fits.append(run([sys.executable, "-c", FIT], cwd=work, env=env).split())
    installed, built = fits
    if not installed[0].startswith(os.path.realpath(target)) and not installed[0].startswith(target):
        sys.exit(f"imported {installed[0]}, not the package installed in {target}")
    if installed[1:] != built[1:]:
        sys.exit(f"the pip-installed package and the CMake build differ:\n{installed}\n{built}")
    print(f"pip install . from {root}: import lloyd works ({installed[0]}), the CMake build's bits")


if __name__ == "__main__":
    main(*sys.argv[1:4])
