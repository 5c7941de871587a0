// lloyd._cpu: which builds of the extension this CPU can run. The package is compiled once per
// instruction set (lloyd._core_baseline, _core_avx2 = x86-64-v3, _core_avx512 = x86-64-v4;
// docs/ARCHITECTURE.md, "Runtime ISA dispatch"), and lloyd/_dispatch.py asks this module which of
// them to import. Compiled for the baseline, with Python's C API only (no lloyd, Eigen or pybind11
// code), the same test as lloyd_kmeans' launcher (tools/lloyd_kmeans/launcher.cpp).
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <cstring>

namespace {

bool cpu_has(const char* isa) {
  if (std::strcmp(isa, "baseline") == 0) return true;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12  // the levels themselves
  if (std::strcmp(isa, "avx2") == 0) return __builtin_cpu_supports("x86-64-v3");
  if (std::strcmp(isa, "avx512") == 0) return __builtin_cpu_supports("x86-64-v4");
#else  // their defining features (clang knows no level names)
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi") &&
                    __builtin_cpu_supports("bmi2");
  if (std::strcmp(isa, "avx2") == 0) return avx2;
  if (std::strcmp(isa, "avx512") == 0)
    return avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512cd");
#endif
#endif
  return false;
}

PyObject* supports(PyObject*, PyObject* name) {
  const char* isa = PyUnicode_AsUTF8(name);
  if (isa == nullptr) return nullptr;
  return PyBool_FromLong(cpu_has(isa) ? 1 : 0);
}

PyMethodDef methods[] = {
    {"supports", supports, METH_O,
     "supports(isa) -> bool: whether this CPU runs the 'baseline', 'avx2' (x86-64-v3) or 'avx512' (x86-64-v4) "
     "build"},
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef module = {PyModuleDef_HEAD_INIT,
                      "_cpu",
                      "The instruction sets this CPU supports (lloyd's ISA dispatch)",
                      -1,
                      methods,
                      nullptr,
                      nullptr,
                      nullptr,
                      nullptr};

}  // namespace

PyMODINIT_FUNC PyInit__cpu() { return PyModule_Create(&module); }
