#!/usr/bin/env python3
"""Which functions of a run wait rather than work.

    bench/waiting.py [--runs 30] [--top 40] ANNAL DIR -- ARGS...

Counts the instructions of one `ANNAL ARGS` in DIR with valgrind's
callgrind, samples the time of RUNS more with `perf record -e cpu-clock`,
and prints, for the functions that take the most time, their share of the
time, their share of the instructions and the ratio of the two. A ratio
well above 1 is a function that waits: cache misses, mispredicted jumps,
reference counts raced for by two cores (none of which callgrind sees);
well below 1, code that already runs fast. Needs valgrind and perf (no
hardware counters: the software clock is enough).

Example, from the repository's root:
    bench/waiting.py .build-bench/release/annal bench/out/mb5/annal -- check .
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile


def instruction_shares(annal, directory, args, work):
    """Self instructions of each function, as a share of the total."""
    out = os.path.join(work, "callgrind.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", annal] + args,
                   cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    text = subprocess.run(["callgrind_annotate", out], capture_output=True, text=True).stdout
    shares = collections.Counter()
    for line in text.splitlines():
        match = re.match(r"\s*[\d,]+\s+\(\s*([\d.]+)%\)\s+\S+?:(\S+)", line)
        if match:
            shares[match.group(2)] += float(match.group(1))
    return shares


def time_shares(annal, directory, args, runs, work):
    """Samples of each function over `runs` runs, as a share of the total."""
    data = os.path.join(work, "perf.data")
    loop = " ; ".join([subprocess.list2cmdline([annal] + args) + " > /dev/null 2>&1"] * runs)
    subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "20000", "-o", data, "--", "sh", "-c", loop],
                   cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    # Every thread of the runs (libdispatch names its workers after their
    # queue), and the shell that starts them (under 1 % of the samples).
    text = subprocess.run(["perf", "report", "-i", data, "--no-children", "-g", "none",
                           "--sort", "sym", "-F", "overhead,sym"], capture_output=True, text=True).stdout
    shares = []
    for line in text.splitlines():
        match = re.match(r"\s*([\d.]+)%\s+\[(.)\]\s+(\S+)", line)
        if match:
            shares.append((float(match.group(1)), match.group(2) == "k", match.group(3)))
    return sorted(shares, reverse=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("annal")
    parser.add_argument("directory")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    annal = os.path.abspath(options.annal)
    with tempfile.TemporaryDirectory() as work:
        instructions = instruction_shares(annal, options.directory, args, work)
        times = time_shares(annal, options.directory, args, options.runs, work)
    print(f"{'time':>7} {'instr':>7} {'ratio':>6}  function")
    for time, kernel, symbol in times[:options.top]:
        if kernel:
            print(f"{time:6.2f}% {'kernel':>7} {'':>6}  {symbol}")
            continue
        share = instructions.get(symbol)
        ratio = f"{time / share:6.1f}" if share else f"{'?':>6}"
        print(f"{time:6.2f}% {(f'{share:.2f}%' if share is not None else '?'):>7} {ratio}  {symbol[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
