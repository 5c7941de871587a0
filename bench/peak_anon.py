#!/usr/bin/env python3
"""Runs a command and reports its peak anonymous memory (RssAnon) next to its peak resident set.

usage: peak_anon.py COMMAND [ARGS...]

Samples /proc/PID/status every 5 ms while the command runs. Peak RSS (VmHWM, what /usr/bin/time -v
calls "Maximum resident set size") counts the pages of a memory-mapped input file, which belong to
the page cache; RssAnon counts only the process's own memory (heap, stacks). Prints one line on
stderr after the command's own output: peak_rss_anon_kb, peak_rss_file_kb, max_rss_kb, seconds.
"""
import resource
import subprocess
import sys
import time


def status_kb(pid, keys):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                name, _, value = line.partition(":")
                if name in keys:
                    out[name] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    t0 = time.monotonic()
    p = subprocess.Popen(sys.argv[1:])
    peak = {"RssAnon": 0, "RssFile": 0}
    while p.poll() is None:
        s = status_kb(p.pid, peak.keys())
        for k, v in s.items():
            peak[k] = max(peak[k], v)
        time.sleep(0.005)
    seconds = time.monotonic() - t0
    max_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak_rss_anon_kb={peak['RssAnon']} peak_rss_file_kb={peak['RssFile']} max_rss_kb={max_rss} "
          f"seconds={seconds:.2f}", file=sys.stderr)
    sys.exit(p.returncode)


if __name__ == "__main__":
    main()
