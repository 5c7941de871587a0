"""Runtime ISA dispatch: the extension is built once per instruction set (lloyd._core_baseline,
_core_avx2 for x86-64-v3, _core_avx512 for x86-64-v4; docs/ARCHITECTURE.md, "Runtime ISA
dispatch"), and this module imports the best one the CPU runs, or the one the environment variable
LLOYD_ISA names (as lloyd_kmeans does), as lloyd._core: every other module reaches the extension
only through `from . import _core`. All builds give the same bits; only the time differs.
"""
import importlib
import importlib.util
import os
import sys

from . import _cpu

#: The instruction sets the extension can be built for, best first.
VARIANTS = ("avx512", "avx2", "baseline")


def built_variants():
    """The builds of the extension that are installed, best first."""
    return tuple(v for v in VARIANTS if importlib.util.find_spec(f"{__package__}._core_{v}") is not None)


def choose():
    """LLOYD_ISA's variant (checked), else the best installed one this CPU runs."""
    built = built_variants()
    forced = os.environ.get("LLOYD_ISA", "")
    if forced:
        if forced not in built:
            raise ImportError(f"lloyd: LLOYD_ISA={forced} is not one of the built variants of the extension "
                              f"({', '.join(built) or 'none'}); unset LLOYD_ISA to choose from the CPU")
        if not _cpu.supports(forced):
            raise ImportError(f"lloyd: LLOYD_ISA={forced} but this CPU does not support it")
        return forced
    for isa in built:
        if _cpu.supports(isa):
            return isa
    raise ImportError(f"lloyd: no build of the extension this CPU runs is installed (built: {', '.join(built) or 'none'})")


#: The instruction set of the extension in use: "baseline", "avx2" or "avx512".
isa = choose()
_core = importlib.import_module(f"{__package__}._core_{isa}")
sys.modules[f"{__package__}._core"] = _core
setattr(sys.modules[__package__], "_core", _core)
