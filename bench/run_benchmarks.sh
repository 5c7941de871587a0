#!/usr/bin/env bash
# Full benchmark: lloyd vs scikit-learn on Fashion-MNIST (60000×784), in one run on this machine,
# from the same starting centres. lloyd is timed through its command-line tool, `lloyd_kmeans ...
# --json` (every assignment policy is in its --algorithm registry; --update picks the update policy:
# reproducible is the default, mean the double-sum alternative). Prints one JSON line per measurement and a
# table of ratios (lloyd time / sklearn time; below 1 means lloyd is faster).
#
#   [BENCH_THREADS=2] [ITERS=30] bench/run_benchmarks.sh [WORKDIR] [--quick]
#
# BENCH_THREADS sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS for both lloyd and scikit-learn (the
# speed targets are for 2 threads; on a machine shared with other jobs, BENCH_THREADS=1 avoids
# OpenMP/OpenBLAS threads waiting for a core another process holds, which penalises whichever
# implementation synchronises more). The 1 vs 2 threads speed-up of lloyd is always measured.
#
# Times compared: sklearn_reference.py reports the whole fit()'s seconds and seconds / n_iter; for
# lloyd the same is seconds_total (validation, first assignment, iterations, final inertia; reading
# the file excluded) and seconds_total / n_iter. The CLI's own ms_per_iter (Lloyd iterations only)
# is shown next to it.
#
# Needs: apt-get install -y python3-sklearn python3-numpy dataset-fashion-mnist libopenblas0-pthread
# (without OpenBLAS, Debian's sklearn runs on the netlib reference BLAS, ~10x slower). The helper
# scripts are next to this one: prepare_fmnist.py (the data as X.npy), make_init.py (the starting
# centres) and sklearn_reference.py (scikit-learn's timings).
# Builds `lloyd_kmeans` as the README does (`cmake` Release, no -march: the launcher picks the
# baseline, AVX2 or AVX-512 variant at start-up) in WORKDIR/build; NATIVE=1 also builds
# tools/lloyd_kmeans/main.cpp with -O3 -march=native and adds its K=10/K=256 rows. Besides
# Fashion-MNIST it runs the low-dimension comparison (bench/low_dim_vs_sklearn.py: 250,000 × 2/3/8
# smooth densities, K = 16 and 64) and many clusters (bench/large_k.py: Fashion-MNIST K = 1024, and
# 200,000 × 128 K = 4096 generated, against scikit-learn and FAISS where python3-faiss is installed).
# Takes ~40-60 minutes on 2 cores; --quick runs fewer iterations and skips the default fits, the
# fits to tolerance and the 200,000 × 128 case.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/lloyd-bench}
quick=0
[ "${2:-}" = "--quick" ] || [ "${1:-}" = "--quick" ] && quick=1
[ "${1:-}" = "--quick" ] && work=/tmp/lloyd-bench
helpers=$here/bench  # prepare_fmnist.py, make_init.py, sklearn_reference.py
py=/usr/bin/python3
mkdir -p "$work"
log="$work/results.jsonl"
: > "$log"

echo "# machine: $(nproc) cores, $(uptime)"
echo "# build: the README's (cmake Release, runtime ISA dispatch) in $work/build"
cmake -S "$here" -B "$work/build" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$work/build" -j2 --target lloyd_kmeans > /dev/null
L="$work/build/tools/lloyd_kmeans/lloyd_kmeans"
if [ "${NATIVE:-0}" = 1 ]; then
  echo "# build: g++ -O3 -march=native -fopenmp -DNDEBUG tools/lloyd_kmeans/main.cpp (NATIVE=1)"
  g++ -O3 -march=native -fopenmp -DNDEBUG -std=c++17 -I"$here/include" -I/usr/include/eigen3 \
      "$here/tools/lloyd_kmeans/main.cpp" -o "$work/lloyd_kmeans_native"
fi
g++ -O3 -march=native -fopenmp -DNDEBUG -I/usr/include/eigen3 "$here/bench/bandwidth.cpp" -o "$work/bandwidth"

cd "$work"
[ -f X.npy ] || $py "$helpers/prepare_fmnist.py" X.npy
[ -f X64.npy ] || $py -c "import numpy as np; np.save('X64.npy', np.load('X.npy').astype(np.float64))"
for k in 10 256; do
  [ -f C$k.npy ] || $py "$helpers/make_init.py" X.npy $k 0 C$k.npy
done
[ -f C256_64.npy ] || $py -c "import numpy as np; np.save('C256_64.npy', np.load('C256.npy').astype(np.float64))"
for n in 15000 30000; do  # the first N rows, for time vs N
  [ -f X$n.npy ] || $py -c "import numpy as np; np.save('X$n.npy', np.ascontiguousarray(np.load('X.npy')[:$n]))"
done

run() {  # run LABEL command... : prints and records {"case": LABEL, ...result}
  local label=$1; shift
  echo "+ $*" >&2
  local out
  out=$("$@" | tail -1)
  echo "{\"case\": \"$label\", \"cmd\": \"$*\", \"load\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"result\": $out}" | tee -a "$log"
}
SK="$py $helpers/sklearn_reference.py"
iters=${ITERS:-30}; [ $quick = 1 ] && iters=10
export OMP_NUM_THREADS=${BENCH_THREADS:-2} OPENBLAS_NUM_THREADS=${BENCH_THREADS:-2}
echo "# threads for both: OMP_NUM_THREADS=$OMP_NUM_THREADS OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, $iters iterations"
fixed="--tol 0 --json --quiet"  # --init C.npy: one run from the given centres

run k10_lloyd        $L X.npy --init C10.npy --max-iter $iters $fixed --update mean
run k10_lloyd_exact  $L X.npy --init C10.npy --max-iter $iters $fixed --update reproducible
run k10_sklearn      $SK X.npy --init C10.npy --max-iter $iters
run k256_lloyd       $L X.npy --init C256.npy --max-iter $iters $fixed --update mean
run k256_lloyd_exact $L X.npy --init C256.npy --max-iter $iters $fixed --update reproducible
run k256_lloyd_gemm  $L X.npy --init C256.npy --max-iter $iters $fixed --algorithm gemm --update mean
run k256_sklearn     $SK X.npy --init C256.npy --max-iter $iters
if [ "${NATIVE:-0}" = 1 ]; then
  run k10_native  "$work/lloyd_kmeans_native" X.npy --init C10.npy --max-iter $iters $fixed
  run k256_native "$work/lloyd_kmeans_native" X.npy --init C256.npy --max-iter $iters $fixed
fi
run k256_sklearn_elkan $SK X.npy --init C256.npy --max-iter $iters --algorithm elkan
run f64_k256_lloyd   $L X64.npy --init C256_64.npy --max-iter $iters $fixed --update mean
run f64_k256_lloyd_exact $L X64.npy --init C256_64.npy --max-iter $iters $fixed --update reproducible
run f64_k256_sklearn $SK X64.npy --init C256_64.npy --max-iter $iters
for rep in 1 2 3; do  # three alternating runs per thread count (10 iterations are short; noisy machine)
  for t in 1 2; do
    run threads${t}_k256_$rep $L X.npy --init C256.npy --max-iter 10 $fixed --update reproducible --threads $t
    run threads${t}_k10_$rep  $L X.npy --init C10.npy --max-iter 10 $fixed --update reproducible --threads $t
  done
done
# What bounds a memory-bound fit's thread speed-up: a streaming read of 188 MB on 1 and 2 threads.
run bandwidth "$work/bandwidth"
for n in 15000 30000; do
  run n${n}_k256 $L X$n.npy --init C256.npy --max-iter 10 $fixed --update reproducible
done
run n60000_k256 $L X.npy --init C256.npy --max-iter 10 $fixed --update reproducible
# Peak memory: /usr/bin/time -v reports the maximum resident set size (kB).
for k in 10 256; do
  for u in mean exact; do
    /usr/bin/time -v $L X.npy --init C$k.npy --max-iter 5 $fixed --update $u > /dev/null 2> "$work/time_k${k}_$u.txt"
    rss=$(awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}' "$work/time_k${k}_$u.txt")
    echo "{\"case\": \"rss_k${k}_$u\", \"cmd\": \"/usr/bin/time -v $L X.npy --init C$k.npy --max-iter 5 $fixed --update $u\", \"result\": {\"max_rss_kb\": $rss, \"data_kb\": $(( $(stat -c %s X.npy) / 1024 ))}}" | tee -a "$log"
  done
done
if [ $quick = 0 ]; then
  run tol_k256_lloyd       $L X.npy --init C256.npy --max-iter 300 --tol 1e-4 --json --quiet --update mean
  run tol_k256_lloyd_exact $L X.npy --init C256.npy --max-iter 300 --tol 1e-4 --json --quiet --update reproducible
  run tol_k256_sklearn $SK X.npy --init C256.npy --max-iter 300 --tol 1e-4
  # k-means++ seeding + the first assignment (sklearn: seeding + 1 iteration), one run, seed 0.
  run kpp_k256_lloyd   $L X.npy --k 256 --init k-means++ --n-init 1 --max-iter 1 --seed 0 --json --quiet
  run kpp_k256_sklearn $SK X.npy --k 256 --init k-means++ --max-iter 1 --seed 0
  # Each library's default fit (scikit-learn 1.2: k-means++, n_init 10, tol 1e-4), K=10, seed 0.
  run default_k10_lloyd   $L X.npy --k 10 --seed 0 --json --quiet
  run default_k10_sklearn $SK X.npy --k 10 --init k-means++ --n-init 10 --tol 1e-4 --seed 0
fi

$py - "$log" <<'PY'
import json, sys
r, load = {}, {}
for line in open(sys.argv[1]):
    j = json.loads(line)
    x = j["result"]
    if "seconds_total" in x:  # lloyd_kmeans --json: compare whole fits, as sklearn_reference.py does
        x["seconds"] = x["seconds_total"]
        x["ms_iter_cli"] = x["ms_per_iter"]
        x["ms_per_iter"] = 1000 * x["seconds_total"] / max(1, x["n_iter"])
    r[j["case"]] = x
    load[j["case"]] = j.get("load", "")
def ratio(a, b, key):
    if a in r and b in r:
        x, y = r[a][key], r[b][key]
        return f"{x:10.1f} {y:10.1f} {x / y:7.3f}"
    return "   (not run)                 "
print()
print("lloyd: whole fit (seconds_total; per iteration = seconds_total / n_iter), like sklearn's fit()")
print(f"{'case':46s} {'lloyd':>10s} {'sklearn':>10s} {'ratio':>7s} target")
rows = [
    ("K=10 ms/iter (auto, update mean)", "k10_lloyd", "k10_sklearn", "ms_per_iter", "<= 0.12"),
    ("K=10 ms/iter (auto, update exact: default)", "k10_lloyd_exact", "k10_sklearn", "ms_per_iter", "<= 0.12"),
    ("K=256 ms/iter (auto, update mean)", "k256_lloyd", "k256_sklearn", "ms_per_iter", "<= 0.3"),
    ("K=256 ms/iter (auto, update exact: default)", "k256_lloyd_exact", "k256_sklearn", "ms_per_iter", "<= 0.3"),
    ("K=10 ms/iter, README build / -march=native", "k10_lloyd_exact", "k10_native", "ms_per_iter", "<= 1.05"),
    ("K=256 ms/iter, README build / -march=native", "k256_lloyd_exact", "k256_native", "ms_per_iter", "<= 1.05"),
    ("K=256 ms/iter (gemm, update mean)", "k256_lloyd_gemm", "k256_sklearn", "ms_per_iter", ""),
    ("K=256 ms/iter (auto, exact) vs sklearn elkan", "k256_lloyd_exact", "k256_sklearn_elkan", "ms_per_iter", ""),
    ("K=256 fit to tol=1e-4, s (update mean)", "tol_k256_lloyd", "tol_k256_sklearn", "seconds", "<= 0.33"),
    ("K=256 fit to tol=1e-4, s (update exact: default)", "tol_k256_lloyd_exact", "tol_k256_sklearn", "seconds", "<= 0.33"),
    ("K=256 k-means++ + 1st assignment, s", "kpp_k256_lloyd", "kpp_k256_sklearn", "seconds", "<= 0.04"),
    ("K=10 default fit, s (each library's defaults)", "default_k10_lloyd", "default_k10_sklearn", "seconds", "<= 0.15"),
    ("float64 K=256 ms/iter (auto, update mean)", "f64_k256_lloyd", "f64_k256_sklearn", "ms_per_iter", "<= 0.5"),
    ("float64 K=256 ms/iter (auto, update exact: default)", "f64_k256_lloyd_exact", "f64_k256_sklearn", "ms_per_iter", "<= 0.5"),
]
for name, a, b, key, target in rows:
    print(f"{name:46s} {ratio(a, b, key)}  {target}")
print()
for c in [c for c in r if "ms_iter_cli" in r[c]]:
    x = r[c]
    print(f"  {c:22s} n_iter {x['n_iter']:3d}  total {x['seconds_total']:8.3f} s  seeding+1st pass {x['seconds_seeding']:7.3f} s"
          f"  Lloyd iterations only {x['ms_iter_cli']:8.1f} ms/iter  (load {load[c]})")
for k in ("k256", "k10"):
    t1 = [r[c]["seconds"] for c in r if c.startswith(f"threads1_{k}_")]
    t2 = [r[c]["seconds"] for c in r if c.startswith(f"threads2_{k}_")]
    if t1 and t2:
        med = lambda v: sorted(v)[len(v) // 2]
        print(f"{'1 -> 2 threads speed-up ' + k:44s} {med(t1) / med(t2):7.2f}x  (>= 1.8; medians of {len(t1)} runs: "
              f"{med(t1):.3f} s / {med(t2):.3f} s; best-to-best {min(t1) / min(t2):.2f}x)")
if "bandwidth" in r:
    b = r["bandwidth"]
    print(f"{'streaming read bandwidth 1 -> 2 threads':44s} {b['speedup']:7.2f}x  ({b['gbs_1_thread']:.1f} -> "
          f"{b['gbs_2_threads']:.1f} GB/s: the most a memory-bound fit can gain from a second thread)")
ns = [c for c in ("n15000_k256", "n30000_k256", "n60000_k256") if c in r]
if ns:
    print("time vs N (K=256, 10 iterations): " + ", ".join(f"N={r[c]['n']}: {r[c]['seconds']:.2f}s" for c in ns))
for k in ("k10", "k256"):
    for u in ("mean", "exact"):
        c = f"rss_{k}_{u}"
        if c in r:
            x = r[c]
            print(f"peak RSS {k} update {u}: {x['max_rss_kb'] / 1024:.0f} MiB for {x['data_kb'] / 1024:.0f} MiB of data"
                  f" ({x['max_rss_kb'] / x['data_kb']:.2f}x)")
for a, b in (("k10_lloyd", "k10_sklearn"), ("k10_lloyd_exact", "k10_sklearn"), ("k256_lloyd", "k256_sklearn"),
             ("k256_lloyd_exact", "k256_sklearn"), ("f64_k256_lloyd", "f64_k256_sklearn"),
             ("tol_k256_lloyd", "tol_k256_sklearn"), ("tol_k256_lloyd_exact", "tol_k256_sklearn"),
             ("default_k10_lloyd", "default_k10_sklearn")):
    if a in r and b in r:
        x, y = r[a]["inertia"], r[b]["inertia"]
        print(f"inertia {a}: {x:.6g} vs {y:.6g} (relative difference {abs(x - y) / y:.1e}, n_iter {r[a]['n_iter']} vs {r[b]['n_iter']})")
PY

# Low dimension and many clusters: these scripts print their own ratios (lloyd / the others).
echo
echo "# low dimension: /usr/bin/python3 bench/low_dim_vs_sklearn.py $L $work/lowdim --threads $OMP_NUM_THREADS"
lowdim_args=(--iters "$iters" --threads "$OMP_NUM_THREADS")
[ $quick = 0 ] && lowdim_args+=(--default-fit)
$py "$here/bench/low_dim_vs_sklearn.py" "$L" "$work/lowdim" "${lowdim_args[@]}"
echo
echo "# many clusters: /usr/bin/python3 bench/large_k.py $L $work/largek --data X.npy --k 1024 --iters 10"
$py "$here/bench/large_k.py" "$L" "$work/largek" --data X.npy --k 1024 --iters 10 --threads "$OMP_NUM_THREADS"
if [ $quick = 0 ]; then
  echo "# many clusters: /usr/bin/python3 bench/large_k.py $L $work/largek --n 200000 --d 128 --k 4096 --iters 10"
  $py "$here/bench/large_k.py" "$L" "$work/largek" --n 200000 --d 128 --k 4096 --iters 10 \
    --threads "$OMP_NUM_THREADS"
fi
