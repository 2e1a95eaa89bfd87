#!/usr/bin/env python3
"""Instructions of a language-server start and of one keystroke, counted by
callgrind (repeatable where times are not).

    bench/keystroke_cost.py ANNAL [--edits 40]

Drives `ANNAL lsp` under valgrind's callgrind with bench/lsp_client.py on
the lines20k document (bench/generate.py makes it): one session without
edits (the start: initialize, didOpen, the workspace indexed, the first
diagnostics), one with N one-character edits in the middle of the file;
a keystroke is their difference over N. The executable is run from a
copy without its debug information (`strip --strip-debug`): valgrind
3.19 cannot read the DWARF 5 a release build carries and gives up before
the server answers.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)
import measure  # noqa: E402  (the bench's positions of the edit and the completion)


def instructions(annal, position, edits, folder):
    out = os.path.join(folder, f"callgrind.{edits}.out")
    for stale in glob.glob(out):
        os.remove(stale)
    command = f"valgrind --tool=callgrind --callgrind-out-file={out} {annal} lsp"
    subprocess.run(["python3", os.path.join(BENCH, "lsp_client.py"), "session", "--cmd", command,
                    "--workspace", str(position["workspace"]), "--document", str(position["document"]),
                    "--language", "annal", "--edit-line", str(position["edit"][0]), "--edit-col", str(position["edit"][1]),
                    "--completion-line", str(position["completion"][0]), "--completion-col", str(position["completion"][1]),
                    "--edits", str(edits), "--completions", "1", "--settle", "3", "--timeout", "300"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(out) as profile:
        for line in profile:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no total in {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("annal")
    parser.add_argument("--edits", type=int, default=40)
    options = parser.parse_args()
    position = measure.lsp_positions()["annal"]
    with tempfile.TemporaryDirectory() as folder:
        annal = os.path.join(folder, "annal")
        subprocess.run(["strip", "--strip-debug", "-o", annal, os.path.abspath(options.annal)], check=True)
        start = instructions(annal, position, 0, folder)
        edited = instructions(annal, position, options.edits, folder)
    print(f"start {start / 1e6:.1f} M instructions, keystroke {(edited - start) / options.edits / 1e6:.2f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
