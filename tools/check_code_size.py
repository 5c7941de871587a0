#!/usr/bin/env python3
"""Keeps lloyd's headers readable: no header in include/ over 400 lines, no function body over 80.

Function bodies are found by brace matching from lines that end a function signature with `{`
(a heuristic for the project's formatting; lambdas and control statements are skipped). Prints each
violation and exits 1 if there is one. Run from the repository root: python3 tools/check_code_size.py
"""
import pathlib
import re
import sys

MAX_HEADER_LINES = 400
MAX_FUNCTION_LINES = 80
SIGNATURE = re.compile(r"\)\s*(const)?\s*(noexcept)?\s*(->\s*[\w:<>, ]+)?\s*(override)?\s*\{\s*$")
CONTROL = re.compile(r"\s*(if|for|while|switch|else|catch|do|return)\b")


def long_functions(lines):
    for i, line in enumerate(lines):
        if not SIGNATURE.search(line) or CONTROL.match(line) or "[" in line.split("(")[0]:
            continue
        depth, j = 0, i
        while j < len(lines):
            depth += lines[j].count("{") - lines[j].count("}")
            if depth <= 0 and j > i:
                break
            j += 1
        if j - i + 1 > MAX_FUNCTION_LINES:
            yield i + 1, j - i + 1, line.strip()[:70]


def main():
    bad = 0
    for path in sorted(pathlib.Path("include").rglob("*.hpp")):
        lines = path.read_text(encoding="utf-8").split("\n")
        if len(lines) - 1 > MAX_HEADER_LINES:
            print(f"{path}: {len(lines) - 1} lines (at most {MAX_HEADER_LINES})")
            bad += 1
        for line_no, length, text in long_functions(lines):
            print(f"{path}:{line_no}: function of {length} lines (at most {MAX_FUNCTION_LINES}): {text}")
            bad += 1
    print(f"check_code_size: {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
