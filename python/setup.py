"""Builds the lloyd Python package: the pure-Python layer (lloyd/) and the pybind11 extension
lloyd._core (src/*.cpp) over the C++ headers in ../include, once per instruction set.

    pip install --no-build-isolation ./python          # from the repository root (see README.md)
    pip install --no-build-isolation .                 # the same (../setup.py runs this file)

Offline with the distribution's setuptools, wheel, pybind11 and numpy (Debian 12: python3-dev
python3-numpy python3-pybind11 pybind11-dev libeigen3-dev python3-pip). Environment variables:
LLOYD_INCLUDE_DIR (lloyd's headers; default ../include), EIGEN3_INCLUDE_DIR (default: pkg-config
eigen3, else the usual system folder), LLOYD_OPENMP=0 (build without OpenMP), LLOYD_BUILD_JOBS
(parallel compile jobs, default 2), LLOYD_ISA_VARIANTS (the builds to make, e.g. "baseline";
default: every one the compiler can make), LLOYD_BUILD_DIR (setuptools' build folder; default
./build beside this file). Runtime ISA dispatch (docs/ARCHITECTURE.md): on x86-64
the extension is built as lloyd._core_baseline (the compiler's default), _core_avx2
(-march=x86-64-v3) and _core_avx512 (-march=x86-64-v4), all with -ffp-contract=off as lloyd_kmeans'
builds, and lloyd._cpu tells lloyd/_dispatch.py at import which one the CPU runs: never
-march=native, so the wheel runs on any machine of that architecture.
"""
import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

from pybind11.setup_helpers import ParallelCompile, Pybind11Extension, build_ext, has_flag
from setuptools import setup

HERE = Path(__file__).resolve().parent
# Paths relative to the folder pip runs in: this one, or the repository root (../setup.py).
REL = Path(os.path.relpath(HERE))
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


#: The instruction sets and their flags (cmake/LloydIsaVariants.cmake), best first.
ISA_FLAGS = {"avx512": ["-march=x86-64-v4"], "avx2": ["-march=x86-64-v3"], "baseline": []}


def isa_variants():
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return ["baseline"]
    wanted = os.environ.get("LLOYD_ISA_VARIANTS", "avx512,avx2,baseline").replace(" ", "").split(",")
    unknown = set(wanted) - set(ISA_FLAGS)
    if unknown or not wanted:
        raise SystemExit(f"LLOYD_ISA_VARIANTS={os.environ['LLOYD_ISA_VARIANTS']}: name some of {', '.join(ISA_FLAGS)}")
    return [isa for isa in ISA_FLAGS if isa in wanted]


class BuildVariants(build_ext):
    """build_ext that keeps each variant's object files apart (the same sources compiled with other
    flags) and leaves out the variants whose -march the compiler does not know."""

    def build_extensions(self):
        kept = []
        for ext in self.extensions:
            flags = ISA_FLAGS.get(ext.name.rsplit("_", 1)[-1], [])
            if ext.name.startswith("lloyd._core_") and flags and not has_flag(self.compiler, flags[0]):
                print(f"lloyd: {ext.name} is not built: the compiler does not take {flags[0]}")
                continue
            kept.append(ext)
        self.extensions = kept
        super().build_extensions()

    def build_extension(self, ext):
        base = self.build_temp
        self.build_temp = os.path.join(base, ext.name)
        try:
            super().build_extension(ext)
        finally:
            self.build_temp = base


include = lloyd_include()
openmp = os.environ.get("LLOYD_OPENMP", "1") != "0"
sources = sorted(str(REL / p.relative_to(HERE)) for p in (HERE / "src").glob("*.cpp"))
extensions = [
    Pybind11Extension(
        f"lloyd._core_{isa}",
        sources,
        include_dirs=[str(include), eigen_include()],
        define_macros=[("LLOYD_PY_MODULE", f"_core_{isa}"), ("LLOYD_PY_ISA", f'"{isa}"')],
        cxx_std=17,
        extra_compile_args=ISA_FLAGS[isa] + ["-g0", "-O3", "-ffp-contract=off"] + (["-fopenmp"] if openmp else []),
        extra_link_args=["-fopenmp"] if openmp else [],
    )
    for isa in isa_variants()
]
extensions.append(Pybind11Extension("lloyd._cpu", [str(REL / "src" / "cpu" / "cpu.cpp")]))

setup(
    name="lloyd",
    version=version(include),
    description="Fast, exact, reproducible k-means (lloyd's C++ library) as scikit-learn estimators",
    license="MIT",
    packages=["lloyd"],
    package_dir={"lloyd": str(REL / "lloyd")},
    ext_modules=extensions,
    cmdclass={"build_ext": BuildVariants},
    # setuptools' build folder beside this file (or LLOYD_BUILD_DIR), also when pip runs from the
    # repository root (whose build/ is CMake's).
    options={"build": {"build_base": os.environ.get("LLOYD_BUILD_DIR", str(REL / "build"))},
             "egg_info": {"egg_base": str(REL)}},
    python_requires=">=3.8",
    install_requires=["numpy"],
    extras_require={"sklearn": ["scikit-learn"]},
    zip_safe=False,
)
