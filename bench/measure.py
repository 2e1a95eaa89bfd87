#!/usr/bin/env python3
"""Runs every benchmark case interleaved and writes bench/RESULTS.md.

Called by bench/run after the build, the peers' install and the corpus
generation; see bench/run for the environment it expects:

    ANNAL=path/to/annal VENV=bench/.venv python3 bench/measure.py [--rounds 7] [--lsp-rounds 5] [--quick]

A round runs each tool once on each case; rounds are repeated, so a burst of
load from another process hits every tool alike. Medians and spreads come
from the rounds; ratios are taken between medians of the same run.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SIZES = ["lines20k", "files1k", "mb5", "mb50"]


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw).stdout.strip()


def load_average():
    return os.getloadavg()


def timed(cmd, cwd):
    """Wall time (s), peak RSS (KB) and exit status of a tool on a case;
    output discarded.

    Two runs, the timed one second. The first, under `/usr/bin/time -f
    %M`, gives the peak RSS (the `ru_maxrss` that `wait4` returns to this
    harness would count this Python process's pages, which the child
    holds until its exec) and reads the case's files into the page cache.
    This machine pages out file pages it sees untouched for about a
    minute (a DAMON `pageout` scheme: nr_accesses 0-1, age 12 intervals
    of 5 s, judged on sampled regions of memory), and a tool's runs on
    one folder are a round apart: a run timed first on its folder now
    and then read part of it from disk (hundreds of voluntary context
    switches waiting in `filemap_get_pages`, where a warm run has 4 to
    8). With the files dropped from the cache, `annal check` of mb5 took
    50-60 ms against 20 ms warm (some 640 voluntary context switches
    against 4-6), `tombi lint` 160-180 ms against 140-150. Both runs of a case follow each other, so every
    tool is timed on warm files, as `hyperfine --warmup` would.

    The timed run has no wrapper process: `/usr/bin/time` around the tool
    added its own fork and exec to the time (about 1.3 ms a run here, a
    twentieth of a check of mb5, half a percent of a peer's lint)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tf.name] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = Path(tf.name).read_text().strip().splitlines()
        rss = int(text[-1]) if text and text[-1].isdigit() else None
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    return wall, rss, proc.returncode


def read_folder(folder):
    """Reads every file under `folder`, so that a server started on it
    finds its files in the page cache (see `timed`)."""
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            path.read_bytes()


def drop_from_page_cache(path):
    """Writes the file at `path` back to disk and drops it from the page
    cache (Linux), so that the next process mapping it reads it from disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def median(values):
    return statistics.median(values) if values else None


def spread(values):
    return (min(values), max(values)) if values else (None, None)


def fmt_s(seconds):
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def fmt_ms(ms):
    if ms is None:
        return "–"
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def manifest(size):
    return json.loads((OUT / size / "manifest.json").read_text())


# ---------------------------------------------------------------------------
# Command line


# A configuration that turns off the quote checks (AN410, AN411): sources are
# then read for AN401-AN405 only, and no quote is searched. Not a target: it
# shows what the quote checks, which the TOML tools have no counterpart of,
# cost (docs/ci.md).
QUOTES_OFF = OUT / "quotes-off.toml"


def cli_tools(annal, venv, size):
    a, t = OUT / size / "annal", OUT / size / "toml"
    annal_files = sorted(str(p.name) for p in a.glob("*.annal"))
    return {
        "check": [
            ("annal check", [annal, "check", "."], a),
            ("annal check, quotes off", [annal, "check", "--config", QUOTES_OFF, "."], a),
            ("tombi lint", [f"{venv}/bin/tombi", "lint", "--offline", "."], t),
            ("taplo lint", [f"{venv}/bin/taplo", "lint"], t),
            ("wc -l", ["wc", "-l"] + annal_files, a),
        ],
        "fmt": [
            ("annal fmt --check", [annal, "fmt", "--check", "."], a),
            ("taplo fmt --check", [f"{venv}/bin/taplo", "fmt", "--check"], t),
            ("tombi format --check", [f"{venv}/bin/tombi", "format", "--offline", "--check", "."], t),
        ],
    }


def run_cli(annal, venv, rounds, sizes):
    QUOTES_OFF.write_text('[rules]\nquote-not-found = "off"\nquote-ambiguous = "off"\n')
    results = {}   # (size, group, tool) -> {"wall": [...], "rss": [...], "rc": set()}
    loads = []
    for r in range(rounds):
        loads.append(load_average()[0])
        for size in sizes:
            for group, tools in cli_tools(annal, venv, size).items():
                for name, cmd, cwd in tools:
                    wall, rss, rc = timed([str(c) for c in cmd], cwd)
                    entry = results.setdefault((size, group, name), {"wall": [], "rss": [], "rc": set()})
                    entry["wall"].append(wall)
                    entry["rss"].append(rss)
                    entry["rc"].add(rc)
        print(f"  CLI round {r + 1}/{rounds} done (load {loads[-1]:.2f})", file=sys.stderr)
    return results, loads


# ---------------------------------------------------------------------------
# Language servers


def lsp_positions(size="lines20k"):
    """Edit and completion positions in the same event of both documents."""
    annal_doc = OUT / size / "annal" / "annal-20k.annal"
    toml_doc = OUT / size / "toml" / "annal-20k.toml"
    a_lines = annal_doc.read_text(encoding="utf-8").split("\n")
    t_lines = toml_doc.read_text(encoding="utf-8").split("\n")
    a_events = [i for i, l in enumerate(a_lines) if l.startswith("  event ")]
    t_events = [i for i, l in enumerate(t_lines) if l == "[[relation.event]]"]
    assert len(a_events) == len(t_events), (len(a_events), len(t_events))
    k = len(a_events) // 2
    while True:
        a_block = a_lines[a_events[k]:a_events[k] + 10]
        t_block = t_lines[t_events[k]:t_events[k] + 10]
        a_prog = next((j for j, l in enumerate(a_block) if l.startswith("    programme ")), None)
        a_sum = next((j for j, l in enumerate(a_block) if l.startswith("    summary ")), None)
        t_prog = next((j for j, l in enumerate(t_block) if l.startswith("programme = ")), None)
        t_sum = next((j for j, l in enumerate(t_block) if l.startswith("summary = ")), None)
        if None not in (a_prog, a_sum, t_prog, t_sum) and a_block[a_sum][a_block[a_sum].index('"'):] == t_block[t_sum][t_block[t_sum].index('"'):]:
            break
        k += 1
    a_sum_line, t_sum_line = a_events[k] + a_sum, t_events[k] + t_sum
    return {
        "event": k,
        "annal": {"document": annal_doc, "workspace": annal_doc.parent,
                  "edit": (a_sum_line, a_lines[a_sum_line].index('"') + 1),
                  "completion": (a_events[k] + a_prog, a_lines[a_events[k] + a_prog].index("= ") + 2),
                  "lines": len(a_lines) - 1},
        "toml": {"document": toml_doc, "workspace": toml_doc.parent,
                 "edit": (t_sum_line, t_lines[t_sum_line].index('"') + 1),
                 "completion": (t_events[k] + t_prog, t_lines[t_events[k] + t_prog].index("= ") + 2),
                 "lines": len(t_lines) - 1},
    }


def run_lsp(annal, venv, rounds, edits, completions):
    pos = lsp_positions()
    servers = [
        ("annal lsp", f"{annal} lsp", "annal", pos["annal"]),
        ("olpat lsp stdio", f"{venv}/bin/olpat lsp stdio", "toml", pos["toml"]),
        ("tombi lsp", f"{venv}/bin/tombi lsp --offline", "toml", pos["toml"]),
    ]
    sessions = {name: [] for name, *_ in servers}
    indexing = []
    errors = []
    loads = []
    # A private copy: the harness must stay readable for the whole run.
    client = OUT / "lsp_client.py"
    client.write_bytes((HERE / "lsp_client.py").read_bytes())
    for r in range(rounds):
        loads.append(load_average()[0])
        for name, cmd, language, p in servers:
            read_folder(p["workspace"])
            args = [sys.executable, str(client), "session", "--cmd", cmd, "--workspace", str(p["workspace"]),
                    "--document", str(p["document"]), "--language", language,
                    "--edit-line", str(p["edit"][0]), "--edit-col", str(p["edit"][1]),
                    "--completion-line", str(p["completion"][0]), "--completion-col", str(p["completion"][1]),
                    "--edits", str(edits), "--completions", str(completions), "--env", "TOMBI_OFFLINE=1",
                    "--stderr", str(OUT / f"lsp-{name.split()[0]}.stderr")]
            proc = subprocess.run(args, capture_output=True, text=True, timeout=1800)
            if proc.returncode != 0:
                errors.append(f"{name} round {r + 1}: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            sessions[name].append(json.loads(proc.stdout))
        ws = OUT / "files1k" / "annal"
        read_folder(ws)
        proc = subprocess.run([sys.executable, str(client), "indexing", "--cmd", f"{annal} lsp", "--workspace", str(ws),
                               "--expect-files", str(manifest("files1k")["annal_files"]),
                               "--stderr", str(OUT / "lsp-annal-indexing.stderr")], capture_output=True, text=True, timeout=600)
        if proc.returncode == 0:
            indexing.append(json.loads(proc.stdout))
        else:
            errors.append(f"indexing round {r + 1}: {proc.stderr.strip().splitlines()[-1:]}")
        print(f"  LSP round {r + 1}/{rounds} done (load {loads[-1]:.2f})", file=sys.stderr)
    return pos, sessions, indexing, errors, loads


# ---------------------------------------------------------------------------
# Report


def verdict(ok):
    return "**met**" if ok else "**not met**"


def check_input_bytes(m, name):
    """The bytes a check case's tool is credited with: its own input (.toml
    for the TOML linters, .annal for the rest)."""
    return m["toml_bytes"] if name in ("tombi lint", "taplo lint") else m["annal_bytes"]


def write_results(args, versions, machine, cli, cli_loads, lsp, started, finished):
    lines = []
    w = lines.append
    w("# Benchmark results")
    w("")
    w(f"Written by `bench/run` on {finished:%Y-%m-%d %H:%M} UTC. Machine: {machine['model']}, {machine['nproc']} cores, "
      f"{machine['mem']}, {machine['os']}. Load average (1 min) during the run: "
      f"{min(cli_loads + lsp[4]):.2f} to {max(cli_loads + lsp[4]):.2f} (other work shares the machine: read ratios, not bare times).")
    w("")
    w(f"Tools: {versions['annal']} (release build, `.build-bench`), {versions['tombi']}, {versions['taplo']}, "
      f"{versions['olpat']} (PyPI), python {versions['python']}.")
    w("")
    w(f"Method: {args.rounds} rounds of the command-line cases and {args.lsp_rounds} rounds of the language-server cases; "
      "a round runs every tool once on every case (interleaved), so load bursts hit all tools alike. "
      "Times are medians over the rounds with the min–max spread; times are of the tool alone (no wrapper process: `/usr/bin/time` around it added about 1.3 ms a run); peak RSS is `/usr/bin/time -f %M` of a run of each tool just before the timed one, in each round (max over rounds); that run also reads the case's files into the page cache, so that every tool is timed on warm files (this machine pages out files it sees untouched for about a minute, and a tool's runs on one folder are a round apart: a cold `annal check` of mb5 took 50–60 ms against 20 ms warm, `tombi lint` 160–180 ms against 140–150). A language server's workspace folder is read through before each session. "
      "Each peer reads its own folder holding only its corpus; outputs go to /dev/null.")
    w("")
    # Corpora
    w("## Corpora (`bench/generate.py`, seed 2026)")
    w("")
    w("| case | files | .annal lines | .annal MB | .toml MB | sources MB | events | planted errors (unknown ref / impossible date / missing quote / alias) |")
    w("|---|---|---|---|---|---|---|---|")
    for size in SIZES:
        m = manifest(size)
        e = m["planted_errors"]
        w(f"| {size} | {m['annal_files']} | {m['annal_lines']:,} | {m['annal_bytes'] / 1e6:.2f} | {m['toml_bytes'] / 1e6:.2f} | "
          f"{m['source_bytes'] / 1e6:.2f} | {m['events']:,} | {e['unknown-reference']} / {e['impossible-date']} / {e['quote-not-found']} / {e['alias']} |")
    w("")
    w("The TOML holds the same records (one `[[relation.event]]` per event, a `[[relation.event.cite]]` per citation), "
      "laid out so that `taplo fmt` and `tombi format` both accept it unchanged, as `annal fmt` accepts the `.annal` files. "
      "`annal check` also reads and folds the cited source documents (the sources column) and searches every quote in them; "
      "the TOML tools check syntax only (no schema). Throughput is each tool's own input (.annal or .toml bytes) per second.")
    w("")
    results, _ = cli
    # CLI table
    w("## Command line: check")
    w("")
    w("| case | tool | median | spread (min–max) | MB/s | peak RSS | RSS / input | exit |")
    w("|---|---|---|---|---|---|---|---|")
    for size in SIZES:
        m = manifest(size)
        for name in ["annal check", "annal check, quotes off", "tombi lint", "taplo lint", "wc -l"]:
            e = results.get((size, "check", name))
            if not e:
                continue
            med = median(e["wall"])
            lo, hi = spread(e["wall"])
            nbytes = check_input_bytes(m, name)
            rss = max(x for x in e["rss"] if x is not None)
            denom = (m["annal_bytes"] + m["source_bytes"]) if name.startswith("annal check") else nbytes
            w(f"| {size} | {name} | {fmt_s(med)} | {fmt_s(lo)}–{fmt_s(hi)} | {nbytes / 1e6 / med:.1f} | {rss / 1024:.0f} MB | "
              f"{rss * 1024 / denom:.2f}× | {','.join(map(str, sorted(e['rc'])))} |")
    w("")
    w("`annal check, quotes off` is `annal check` with the quote checks turned off in a configuration (AN410 and AN411 `\"off\"`, "
      "docs/ci.md): the source documents are still read, for AN401–AN405, but no quote is searched. The TOML tools have no counterpart "
      "of the quote checks; this row shows what they cost, and is not a target.")
    w("")
    w("RSS / input: for `annal check` the input is the .annal files plus the source documents it reads; for the others, the files they read. "
      "Each tool's executable is dropped from the page cache before the first run: a file just written (built, installed) is cached in large "
      "folios that count whole in the resident set (1.8 MB more for the same `annal` binary).")
    w("")
    w("## Command line: format check")
    w("")
    w("| case | tool | median | spread (min–max) | MB/s | peak RSS | exit |")
    w("|---|---|---|---|---|---|---|")
    for size in SIZES:
        m = manifest(size)
        for name in ["annal fmt --check", "taplo fmt --check", "tombi format --check"]:
            e = results.get((size, "fmt", name))
            if not e:
                continue
            med = median(e["wall"])
            lo, hi = spread(e["wall"])
            nbytes = m["annal_bytes"] if name.startswith("annal") else m["toml_bytes"]
            rss = max(x for x in e["rss"] if x is not None)
            w(f"| {size} | {name} | {fmt_s(med)} | {fmt_s(lo)}–{fmt_s(hi)} | {nbytes / 1e6 / med:.1f} | {rss / 1024:.0f} MB | "
              f"{','.join(map(str, sorted(e['rc'])))} |")
    w("")

    # Ratios
    def tp(size, name):
        return check_input_bytes(manifest(size), name) / median(results[(size, "check", name)]["wall"])

    def paired(size, name, peer="tombi lint"):
        # The median of the rounds' own ratios: a round runs both tools
        # within a second, so load that comes and goes hits both alike.
        m = manifest(size)
        mine, theirs = results[(size, "check", name)]["wall"], results[(size, "check", peer)]["wall"]
        return median([(check_input_bytes(m, name) / a) / (check_input_bytes(m, peer) / t) for a, t in zip(mine, theirs)])

    w("## Command-line targets")
    w("")
    w("| target | measured | verdict |")
    w("|---|---|---|")
    ratios = {}
    for size in ["mb5", "mb50"]:
        if (size, "check", "annal check") in results:
            r = tp(size, "annal check") / tp(size, "tombi lint")
            ratios[size] = r
            w(f"| `annal check` throughput ≥ 10× `tombi lint` at {size} | {r:.2f}× (the rounds' own ratios: median "
              f"{paired(size, 'annal check'):.2f}×; vs taplo lint: {tp(size, 'annal check') / tp(size, 'taplo lint'):.2f}×) | {verdict(r >= 10)} |")
            if (size, "check", "annal check, quotes off") in results:
                off = tp(size, "annal check, quotes off") / tp(size, "tombi lint")
                w(f"| (not a target) the same with the quote checks off, at {size} | {off:.2f}× | – |")
    if all((s, "check", "annal check") in results for s in ("mb5", "mb50")):
        per5 = 1 / tp("mb5", "annal check")
        per50 = 1 / tp("mb50", "annal check")
        g = per50 / per5
        gt = (1 / tp("mb50", "tombi lint")) / (1 / tp("mb5", "tombi lint"))
        w(f"| per-byte time at 50 MB ≤ 1.2× that at 5 MB | {g:.2f}× (tombi lint: {gt:.2f}×) | {verdict(g <= 1.2)} |")
        for size in ["mb5", "mb50"]:
            m = manifest(size)
            rss = max(results[(size, "check", "annal check")]["rss"]) * 1024
            w(f"| peak RSS of `annal check` ≤ 3× input at {size} | {rss / m['annal_bytes']:.2f}× the .annal bytes, "
              f"{rss / (m['annal_bytes'] + m['source_bytes']):.2f}× .annal + sources | {verdict(rss <= 3 * (m['annal_bytes'] + m['source_bytes']))} |")
    w("")

    # LSP
    pos, sessions, indexing, errors, _ = lsp
    w("## Language servers (20,000-line document)")
    w("")
    w(f"Document: `lines20k` — {pos['annal']['lines']:,} lines of .annal, the same records in {pos['toml']['lines']:,} lines of TOML. "
      f"Keystrokes: {args.edits} one-character insertions into the `summary` string of event {pos['event']} (middle of the file), "
      "each sent when the diagnostics of the previous one arrived; a server that asks for full sync (`textDocumentSync.change = 1`, "
      "olpat and tombi) gets the whole new text, as an editor would send it; annal asks for incremental sync and gets the one-character range. "
      "Latency is from writing the didChange to reading the publishDiagnostics of that version. olpat publishes without a version, "
      "three times in a burst per change (an empty list for a clean file): the client takes the first publish read after the edit was sent, "
      "then waits until 150 ms pass without a message before the next keystroke, so no publish of one edit is taken for the next. "
      f"Completion: {args.completions} requests right after `programme = ` of the same event (TOML: after `programme = `, before the string). "
      "Peak RSS: VmHWM of the server process at the end of the session.")
    w("")
    w("| server | sync | init → first diagnostics (median, min–max) | init → complete diagnostics | keystroke → diagnostics p50 | p99 | max | completion p50 | p99 | items | peak RSS |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    summary = {}
    for name, runs in sessions.items():
        if not runs:
            w(f"| {name} | – | failed | | | | | | | | |")
            continue
        init = [r["init_to_first_diagnostics_ms"] for r in runs]
        complete = [r.get("init_to_complete_diagnostics_ms", r["init_to_first_diagnostics_ms"]) for r in runs]
        counts = sorted({(r["first_diagnostics_count"], r.get("complete_diagnostics_count", r["first_diagnostics_count"])) for r in runs})
        keys = [x for r in runs for x in r.get("keystroke_samples", [])]
        comp = [x for r in runs for x in r.get("completion_samples", [])]
        k50 = percentile(keys, 50)
        k99 = percentile(keys, 99)
        c50 = percentile(comp, 50)
        c99 = percentile(comp, 99)
        summary[name] = {"init": median(init), "complete": median(complete), "k99": k99, "c99": c99}
        shown = "; ".join(f"{a} → {b}" if a != b else f"{a}" for a, b in counts)
        w(f"| {name} | {runs[0]['sync_kind']} | {fmt_ms(median(init))} ms ({fmt_ms(min(init))}–{fmt_ms(max(init))}) | "
          f"{fmt_ms(median(complete))} ms ({shown} diagnostics) | "
          f"{fmt_ms(k50)} ms | {fmt_ms(k99)} ms | {fmt_ms(max(keys))} ms | {fmt_ms(c50)} ms | {fmt_ms(c99)} ms | {runs[-1]['completion_items']} | "
          f"{max(r['rss_kb'] or 0 for r in runs) / 1024:.0f} MB |")
    w("")
    w("First diagnostics: the first publishDiagnostics for the opened document; complete: the last one before the edits start "
      "(while it indexes the workspace, annal publishes the document's syntax errors as soon as it is parsed, then the full set "
      "with references resolved and every quote searched in its source; the peers publish once). The diagnostics column gives "
      "the number in the first publish → in the complete one.")
    w("")
    w("Percentiles pool the samples of every round "
      f"({args.edits} edits and {args.completions} completions per round per server).")
    w("")
    if indexing:
        prog = [r["init_to_progress_end_ms"] for r in indexing]
        alld = [r["init_to_all_diagnostics_ms"] for r in indexing]
        w(f"Annal, initial indexing of the 1,000-file workspace (`files1k`, {manifest('files1k')['annal_bytes'] / 1e6:.1f} MB of .annal, "
          f"{manifest('files1k')['source_files']} sources): `initialize` → `$/progress` end: median {fmt_ms(median(prog))} ms "
          f"({fmt_ms(min(prog))}–{fmt_ms(max(prog))}); → diagnostics published for all {indexing[0]['files_published']} files: "
          f"median {fmt_ms(median(alld))} ms ({fmt_ms(min(alld))}–{fmt_ms(max(alld))}); peak RSS {max(r['rss_kb'] for r in indexing) / 1024:.0f} MB.")
        w("")
    if errors:
        w("Failed sessions: " + "; ".join(errors))
        w("")
    w("## Language-server targets")
    w("")
    w("| target | measured | verdict |")
    w("|---|---|---|")
    if "annal lsp" in summary:
        a = summary["annal lsp"]
        peers = [summary[n]["init"] for n in ("olpat lsp stdio", "tombi lsp") if n in summary]
        if peers:
            best = min(peers)
            w(f"| init → first diagnostics ≤ ⅕ of the better of olpat and tombi | annal {fmt_ms(a['init'])} ms vs {fmt_ms(best)} ms: "
              f"{a['init'] / best:.2f}× (target ≤ 0.20×) | {verdict(a['init'] <= best / 5)} |")
            w(f"| (for information) init → complete diagnostics, every rule and quote checked | annal {fmt_ms(a['complete'])} ms vs {fmt_ms(best)} ms: "
              f"{a['complete'] / best:.2f}× | – |")
        w(f"| keystroke → diagnostics p99 ≤ 16 ms | {fmt_ms(a['k99'])} ms | {verdict(a['k99'] <= 16)} |")
        w(f"| completion p99 ≤ 5 ms | {fmt_ms(a['c99'])} ms | {verdict(a['c99'] <= 5)} |")
    if indexing:
        w(f"| 1,000-file workspace indexed (progress end) ≤ 1 s | {fmt_ms(median(prog))} ms | {verdict(median(prog) <= 1000)} |")
    w("")
    w(f"Run from {started:%H:%M} to {finished:%H:%M} UTC.")
    notes = HERE / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text().rstrip()]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")
    return "\n".join(lines)


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


def rewrite_from_raw(args):
    """RESULTS.md from the figures of the last run, as it wrote them."""
    raw = json.loads((OUT / "raw-results.json").read_text())
    for key, value in raw["args"].items():
        setattr(args, key, value)
    cli = {tuple(key.split("|")): {"wall": v["wall"], "rss": v["rss"], "rc": set(v["rc"])} for key, v in raw["cli"].items()}
    lsp = (lsp_positions(), raw["lsp_sessions"], raw["lsp_indexing"], raw["lsp_errors"], raw["lsp_loads"])
    started, finished = (datetime.datetime.fromisoformat(raw[key]) for key in ("started", "finished"))
    write_results(args, raw["versions"], raw["machine"], (cli, raw["cli_loads"]), raw["cli_loads"] or [0.0], lsp,
                  started, finished)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--lsp-rounds", type=int, default=5)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--completions", type=int, default=200)
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--skip-lsp", action="store_true")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--from-raw", action="store_true",
                        help="write RESULTS.md again from the last run's bench/out/raw-results.json, measuring nothing "
                             "(after a change to this report or to notes.md)")
    args = parser.parse_args()
    if args.from_raw:
        rewrite_from_raw(args)
        return
    annal = os.path.abspath(os.environ["ANNAL"])
    venv = os.path.abspath(os.environ.get("VENV", str(HERE / ".venv")))
    started = datetime.datetime.now(datetime.timezone.utc)
    # An executable just written (built, or installed by pip) stays in the
    # page cache as its writer left it, in large folios that count whole in
    # the resident set of every process that maps them: the same `annal`
    # binary showed 1.8 MB more peak RSS freshly copied than read back from
    # disk (tombi 0.7 MB). Every tool's executable is dropped from the cache
    # before anything runs, so that peak RSS measures the program, not the
    # history of its file.
    for executable in [annal] + [f"{venv}/bin/{tool}" for tool in ("tombi", "taplo", "olpat")]:
        drop_from_page_cache(executable)
    versions = {
        "annal": sh([annal, "--version"]),
        "tombi": sh([f"{venv}/bin/tombi", "--version"]),
        "taplo": sh([f"{venv}/bin/taplo", "--version"]),
        "olpat": sh([f"{venv}/bin/olpat", "--version"]),
        "python": platform.python_version(),
    }
    model = re.search(r"Model name:\s*(.+)", sh(["lscpu"]))
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    machine = {"nproc": sh(["nproc"]), "model": model.group(1) if model else platform.processor(),
               "mem": f"{int(mem.group(1)) / 1024 / 1024:.0f} GiB RAM" if mem else "", "os": platform.platform()}
    sizes = args.sizes.split(",")
    cli = ({}, []) if args.skip_cli else run_cli(annal, venv, args.rounds, sizes)
    lsp = (lsp_positions(), {}, [], [], []) if args.skip_lsp else run_lsp(annal, venv, args.lsp_rounds, args.edits, args.completions)
    finished = datetime.datetime.now(datetime.timezone.utc)
    raw = {"versions": versions, "machine": machine, "started": started.isoformat(), "finished": finished.isoformat(),
           "args": {key: getattr(args, key) for key in ("rounds", "lsp_rounds", "edits", "completions")},
           "cli": {f"{k[0]}|{k[1]}|{k[2]}": {"wall": v["wall"], "rss": v["rss"], "rc": sorted(v["rc"])} for k, v in cli[0].items()},
           "cli_loads": cli[1], "lsp_sessions": lsp[1], "lsp_indexing": lsp[2], "lsp_errors": lsp[3], "lsp_loads": lsp[4]}
    (OUT / "raw-results.json").write_text(json.dumps(raw, indent=1, default=str))
    text = write_results(args, versions, machine, cli, cli[1] or [0.0], lsp, started, finished)
    print(text)


if __name__ == "__main__":
    main()
