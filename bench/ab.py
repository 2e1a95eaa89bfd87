#!/usr/bin/env python3
"""Paired A/B timing of two executables on a noisy machine.

    bench/ab.py [--pairs 100] [--cwd DIR] OLD NEW -- ARGS...

Runs `OLD ARGS` and `NEW ARGS` alternately (the order swapped every pair,
after three warm-up pairs), so that a burst of load from another process
hits both alike, and prints the medians, the median of the paired
differences with its interquartile range, and NEW/OLD. Only the wall
clock is measured; use callgrind for instructions (docs/performance.md).

Example, from bench/out/mb5/annal:
    ../../../ab.py --pairs 150 /tmp/annal-before ../../../../.build-bench/release/annal -- check .
"""
import argparse
import statistics
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--cwd", default=".")
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args

    def run(executable):
        start = time.perf_counter()
        subprocess.run([executable] + args, cwd=options.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    for _ in range(3):
        run(options.old)
        run(options.new)
    old, new, differences = [], [], []
    for pair in range(options.pairs):
        if pair % 2:
            a = run(options.old)
            b = run(options.new)
        else:
            b = run(options.new)
            a = run(options.old)
        old.append(a)
        new.append(b)
        differences.append(b - a)
    differences.sort()
    quartile = lambda q: differences[min(len(differences) - 1, int(len(differences) * q))] * 1000
    print(f"old {statistics.median(old) * 1000:.2f} ms, new {statistics.median(new) * 1000:.2f} ms; "
          f"median(new - old) {statistics.median(differences) * 1000:+.2f} ms, IQR [{quartile(0.25):+.2f}, {quartile(0.75):+.2f}]; "
          f"new/old {statistics.median(new) / statistics.median(old):.3f} ({options.pairs} pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
