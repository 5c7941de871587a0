#!/usr/bin/env bash
# Full benchmark: lloyd vs scikit-learn on Fashion-MNIST (60000×784), in one run on this machine,
# from the same starting centres. Prints one JSON line per measurement and a table of ratios
# (lloyd time / sklearn time; below 1 means lloyd is faster).
#
#   [BENCH_THREADS=2] [ITERS=30] bench/run_benchmarks.sh [WORKDIR] [--quick]
#
# BENCH_THREADS sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS for both lloyd and scikit-learn (the
# issue's targets are for 2 threads; on a machine shared with other jobs, BENCH_THREADS=1 avoids
# OpenMP/OpenBLAS threads waiting for a core another process holds, which penalises whichever
# implementation synchronises more). The 1 vs 2 threads speed-up of lloyd is always measured.
#
# Needs: apt-get install -y python3-sklearn python3-numpy dataset-fashion-mnist libopenblas0-pthread
# (without OpenBLAS, Debian's sklearn runs on the netlib reference BLAS, ~10x slower), and ../shared/bench
# (sklearn_reference.py, prepare_fmnist.py, make_init.py) next to the repository (or SHARED=dir).
# Builds bench/bench_lloyd.cpp with -O3 -march=native -fopenmp (a local benchmark build: the library
# itself needs no such flags). Takes ~15-25 minutes on 2 cores (sklearn's k-means++ and fit-to-tol
# dominate); --quick runs fewer iterations and skips those.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/lloyd-bench}
quick=0
[ "${2:-}" = "--quick" ] || [ "${1:-}" = "--quick" ] && quick=1
[ "${1:-}" = "--quick" ] && work=/tmp/lloyd-bench
shared=${SHARED:-$here/../shared/bench}
[ -d "$shared" ] || shared=/work/shared/bench
py=/usr/bin/python3
mkdir -p "$work"
log="$work/results.jsonl"
: > "$log"

echo "# machine: $(nproc) cores, $(uptime)"
echo "# build: g++ -O3 -march=native -fopenmp -DNDEBUG (bench/bench_lloyd.cpp)"
g++ -O3 -march=native -fopenmp -DNDEBUG -std=c++17 -I"$here/include" -I/usr/include/eigen3 \
    "$here/bench/bench_lloyd.cpp" -o "$work/bench_lloyd"
B="$work/bench_lloyd"

cd "$work"
[ -f X.npy ] || $py "$shared/prepare_fmnist.py" X.npy
[ -f X64.npy ] || $py -c "import numpy as np; np.save('X64.npy', np.load('X.npy').astype(np.float64))"
for k in 10 256; do
  [ -f C$k.npy ] || $py "$shared/make_init.py" X.npy $k 0 C$k.npy
done
[ -f C256_64.npy ] || $py -c "import numpy as np; np.save('C256_64.npy', np.load('C256.npy').astype(np.float64))"

run() {  # run LABEL command... : prints and records {"case": LABEL, ...result}
  local label=$1; shift
  echo "+ $*" >&2
  local out
  out=$("$@" | tail -1)
  echo "{\"case\": \"$label\", \"cmd\": \"$*\", \"result\": $out}" | tee -a "$log"
}
SK="$py $shared/sklearn_reference.py"
iters=${ITERS:-30}; [ $quick = 1 ] && iters=10
export OMP_NUM_THREADS=${BENCH_THREADS:-2} OPENBLAS_NUM_THREADS=${BENCH_THREADS:-2}
echo "# threads for both: OMP_NUM_THREADS=$OMP_NUM_THREADS OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, $iters iterations"

run k10_lloyd      $B X.npy --init C10.npy --algorithm auto --max-iter $iters
run k10_sklearn    $SK X.npy --init C10.npy --max-iter $iters
run k256_lloyd     $B X.npy --init C256.npy --algorithm auto --max-iter $iters
run k256_lloyd_yinyang $B X.npy --init C256.npy --algorithm yinyang --max-iter $iters
run k256_lloyd_gemm $B X.npy --init C256.npy --algorithm gemm --max-iter $iters
run k256_sklearn   $SK X.npy --init C256.npy --max-iter $iters
run k256_sklearn_elkan $SK X.npy --init C256.npy --max-iter $iters --algorithm elkan
run f64_k256_lloyd $B X64.npy --init C256_64.npy --algorithm auto --max-iter $iters --double
run f64_k256_sklearn $SK X64.npy --init C256_64.npy --max-iter $iters
run threads1_k256  env OMP_NUM_THREADS=1 $B X.npy --init C256.npy --algorithm auto --max-iter 10
run threads2_k256  env OMP_NUM_THREADS=2 $B X.npy --init C256.npy --algorithm auto --max-iter 10
run threads1_k10   env OMP_NUM_THREADS=1 $B X.npy --init C10.npy --algorithm auto --max-iter 10
run threads2_k10   env OMP_NUM_THREADS=2 $B X.npy --init C10.npy --algorithm auto --max-iter 10
for n in 15000 30000 60000; do
  run n${n}_k256 $B X.npy --init C256.npy --algorithm auto --max-iter 10 --n $n
done
# Peak memory: /usr/bin/time -v reports the maximum resident set size (kB).
for k in 10 256; do
  /usr/bin/time -v $B X.npy --init C$k.npy --algorithm auto --max-iter 5 > /dev/null 2> "$work/time_k$k.txt"
  rss=$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}' "$work/time_k$k.txt")
  echo "{\"case\": \"rss_k$k\", \"cmd\": \"/usr/bin/time -v $B X.npy --init C$k.npy --algorithm auto --max-iter 5\", \"result\": {\"max_rss_kb\": $rss, \"data_kb\": $(( $(stat -c %s X.npy) / 1024 ))}}" | tee -a "$log"
done
if [ $quick = 0 ]; then
  run tol_k256_lloyd   $B X.npy --init C256.npy --algorithm auto --max-iter 300 --tol 1e-4
  run tol_k256_sklearn $SK X.npy --init C256.npy --max-iter 300 --tol 1e-4
  run kpp_k256_lloyd   $B X.npy --kmeans++ 256 --seed 0
  run kpp_k256_sklearn $SK X.npy --k 256 --init k-means++ --max-iter 1 --seed 0
fi

$py - "$log" <<'PY'
import json, sys
r = {}
for line in open(sys.argv[1]):
    j = json.loads(line)
    r[j["case"]] = j["result"]
def ratio(a, b, key):
    if a in r and b in r:
        x, y = r[a][key], r[b][key]
        return f"{x:10.1f} {y:10.1f} {x / y:7.3f}"
    return "   (not run)"
print()
print(f"{'case':44s} {'lloyd':>10s} {'sklearn':>10s} {'ratio':>7s} target")
print(f"{'K=10 ms/iter':44s} {ratio('k10_lloyd', 'k10_sklearn', 'ms_per_iter')}  <= 0.33")
print(f"{'K=256 ms/iter (auto)':44s} {ratio('k256_lloyd', 'k256_sklearn', 'ms_per_iter')}  <= 0.5")
print(f"{'K=256 ms/iter (gemm)':44s} {ratio('k256_lloyd_gemm', 'k256_sklearn', 'ms_per_iter')}")
print(f"{'K=256 ms/iter (auto) vs sklearn elkan':44s} {ratio('k256_lloyd', 'k256_sklearn_elkan', 'ms_per_iter')}")
print(f"{'K=256 fit to tol=1e-4, seconds':44s} {ratio('tol_k256_lloyd', 'tol_k256_sklearn', 'seconds')}  <= 0.33")
print(f"{'K=256 k-means++ seconds (sklearn: + 1 iter)':44s} {ratio('kpp_k256_lloyd', 'kpp_k256_sklearn', 'seconds')}  <= 0.1")
print(f"{'float64 K=256 ms/iter':44s} {ratio('f64_k256_lloyd', 'f64_k256_sklearn', 'ms_per_iter')}  <= 0.5")
for k in ("k256", "k10"):
    if f"threads1_{k}" in r and f"threads2_{k}" in r:
        print(f"{'1 -> 2 threads speed-up ' + k:44s} {r[f'threads1_{k}']['seconds'] / r[f'threads2_{k}']['seconds']:7.2f}x  (>= 1.8)")
ns = [c for c in ("n15000_k256", "n30000_k256", "n60000_k256") if c in r]
if ns:
    print("time vs N (K=256, 10 iterations): " + ", ".join(f"N={r[c]['n']}: {r[c]['seconds']:.2f}s" for c in ns))
for k in ("k10", "k256"):
    if f"rss_{k}" in r:
        x = r[f"rss_{k}"]
        print(f"peak RSS {k}: {x['max_rss_kb'] / 1024:.0f} MiB for {x['data_kb'] / 1024:.0f} MiB of data ({x['max_rss_kb'] / x['data_kb']:.2f}x)")
for a, b in (("k10_lloyd", "k10_sklearn"), ("k256_lloyd", "k256_sklearn"), ("f64_k256_lloyd", "f64_k256_sklearn"),
             ("tol_k256_lloyd", "tol_k256_sklearn")):
    if a in r and b in r:
        x, y = r[a]["inertia"], r[b]["inertia"]
        print(f"inertia {a}: {x:.6g} vs {y:.6g} (relative difference {abs(x - y) / y:.1e}, n_iter {r[a]['n_iter']} vs {r[b]['n_iter']})")
PY
