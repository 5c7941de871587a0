"""Builds the lloyd Python package: the pure-Python layer (lloyd/) and the pybind11 extension
lloyd._core (src/*.cpp) over the C++ headers in ../include.

    pip install --no-build-isolation ./python          # from the repository root (see README.md)

Offline with the distribution's setuptools, wheel, pybind11 and numpy (Debian 12: python3-dev
python3-numpy python3-pybind11 pybind11-dev libeigen3-dev python3-pip). Environment variables:
LLOYD_INCLUDE_DIR (lloyd's headers; default ../include), EIGEN3_INCLUDE_DIR (default: pkg-config
eigen3, else the usual system folder), LLOYD_OPENMP=0 (build without OpenMP), LLOYD_BUILD_JOBS
(parallel compile jobs, default 2). The code is compiled for the baseline of the target
architecture: never -march=native, so the wheel runs on any machine of that architecture.
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

from pybind11.setup_helpers import ParallelCompile, Pybind11Extension, build_ext
from setuptools import setup

HERE = Path(__file__).resolve().parent
ParallelCompile("LLOYD_BUILD_JOBS", default=2).install()


def lloyd_include():
    path = Path(os.environ.get("LLOYD_INCLUDE_DIR", HERE.parent / "include"))
    if not (path / "lloyd" / "kmeans.hpp").is_file():
        raise SystemExit(f"lloyd's headers are not in {path}: build from a clone of the repository "
                         "(pip install ./python) or set LLOYD_INCLUDE_DIR")
    return path


def eigen_include():
    if os.environ.get("EIGEN3_INCLUDE_DIR"):
        return os.environ["EIGEN3_INCLUDE_DIR"]
    if shutil.which("pkg-config"):
        out = subprocess.run(["pkg-config", "--cflags-only-I", "eigen3"], capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip().split()[0][2:]
    for candidate in ("/usr/include/eigen3", "/usr/local/include/eigen3"):
        if Path(candidate, "Eigen", "Core").is_file():
            return candidate
    raise SystemExit("Eigen 3 was not found (Debian: apt-get install libeigen3-dev); set EIGEN3_INCLUDE_DIR")


def version(include):
    text = (include / "lloyd" / "version.hpp").read_text()
    parts = [re.search(rf"#define LLOYD_VERSION_{p} (\d+)", text).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


include = lloyd_include()
openmp = os.environ.get("LLOYD_OPENMP", "1") != "0"
ext = Pybind11Extension(
    "lloyd._core",
    sorted(str(p.relative_to(HERE)) for p in (HERE / "src").glob("*.cpp")),
    include_dirs=[str(include), eigen_include()],
    cxx_std=17,
    extra_compile_args=["-g0", "-O3", "-ffp-contract=off"] + (["-fopenmp"] if openmp else []),
    extra_link_args=["-fopenmp"] if openmp else [],
)

setup(
    name="lloyd",
    version=version(include),
    description="Fast, exact, reproducible k-means (lloyd's C++ library) as scikit-learn estimators",
    license="MIT",
    packages=["lloyd"],
    ext_modules=[ext],
    cmdclass={"build_ext": build_ext},
    python_requires=">=3.8",
    install_requires=["numpy"],
    extras_require={"sklearn": ["scikit-learn"]},
    zip_safe=False,
)
