#!/usr/bin/env python3
"""One LSP client harness for the benchmarks: raw JSON-RPC over pipes.

Drives any stdio language server the same way and prints one JSON object of
measurements:

    lsp_client.py session --cmd "annal lsp" --workspace DIR --document FILE \
        --language annal --edit-line N --edit-col C --completion-line L --completion-col K \
        [--edits 200] [--completions 200] [--env K=V ...]
    lsp_client.py indexing --cmd "annal lsp" --workspace DIR --expect-files 1000

`session` measures
  - init_to_first_diagnostics_ms: from sending `initialize` (process already
    started) to the first publishDiagnostics for the opened document
    (initialize → initialized → didOpen are sent back to back, as editors do);
  - init_to_complete_diagnostics_ms: to the last publishDiagnostics for the
    document before the edits start (a server may publish the file's own
    problems first and the complete set once its workspace is indexed);
  - keystroke_ms: each of N edits is one incremental didChange inserting one
    character; the next edit is sent only when the publishDiagnostics for
    that version (or, when the server leaves the version out, the next one
    for the document) has arrived; p50/p99/max over the N edits;
  - completion_ms: N textDocument/completion requests at one position, each
    sent when the previous response arrived; p50/p99;
  - rss_kb: VmHWM (peak resident set) of the server process at the end.
`indexing` opens a workspace folder without any document and measures the
time from `initialize` to the `$/progress` end of the server's indexing
(`window.workDoneProgress` offered) and to the moment diagnostics have been
published for every expected file.

Server→client requests are answered at once (workDoneProgress/create,
registerCapability, workspace/configuration with nulls). Nothing here is
specific to one server.
"""
import argparse
import json
import os
import queue
import shlex
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path


def uri_of(path):
    return "file://" + urllib.parse.quote(str(Path(path).resolve()))


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


def summary(values):
    return {"n": len(values), "p50": percentile(values, 50), "p99": percentile(values, 99),
            "max": max(values) if values else None, "mean": statistics.fmean(values) if values else None}


class Server:
    def __init__(self, cmd, cwd, env=None, stderr_path=None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.stderr = open(stderr_path or os.devnull, "wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, env=full_env, bufsize=0)
        self.inbox = queue.Queue()
        self.next_id = 1
        self.folders = []
        self.write_lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # -- transport -----------------------------------------------------------
    def _read(self):
        stream = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    self.inbox.put((time.perf_counter(), None))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii", "replace").partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            body = b""
            while len(body) < length:
                chunk = stream.read(length - len(body))
                if not chunk:
                    self.inbox.put((time.perf_counter(), None))
                    return
                body += chunk
            now = time.perf_counter()
            message = json.loads(body)
            if "method" in message and "id" in message:
                self._answer(message)   # a server→client request: answer at once, from this thread
            self.inbox.put((now, message))

    def _answer(self, message):
        method = message["method"]
        result = None
        if method == "workspace/configuration":
            result = [None] * len(message.get("params", {}).get("items", []))
        elif method == "workspace/workspaceFolders":
            result = self.folders
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def _send(self, message):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        with self.write_lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid, sent

    def notify(self, method, params):
        # The time before the write, as for a request: taken after it, the
        # reply could be read (and timestamped by the reader thread) before
        # this thread ran again, and a fast server's answer would look older
        # than the change it answers.
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return sent

    def wait(self, predicate, timeout, seen=None):
        """Returns (time, message) of the first message matching predicate."""
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError("timed out waiting for the server")
            try:
                at, message = self.inbox.get(timeout=remaining)
            except queue.Empty:
                raise TimeoutError("timed out waiting for the server")
            if message is None:
                raise RuntimeError("the server closed its output")
            if seen is not None:
                seen(at, message)
            if predicate(message):
                return at, message

    def wait_response(self, rid, timeout=60):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def peak_rss_kb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def close(self):
        try:
            rid, _ = self.request("shutdown", None)
            self.wait_response(rid, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self.stderr.close()


CLIENT_CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "window": {"workDoneProgress": True},
    "workspace": {"workspaceFolders": True, "configuration": True},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False, "didSave": True},
        "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
        "completion": {"completionItem": {"snippetSupport": False}},
    },
}


def initialize(server, workspace):
    ws_uri = uri_of(workspace)
    server.folders = [{"uri": ws_uri, "name": Path(workspace).name}]
    rid, sent = server.request("initialize", {
        "processId": os.getpid(), "rootUri": ws_uri, "rootPath": str(Path(workspace).resolve()),
        "capabilities": CLIENT_CAPABILITIES,
        "workspaceFolders": [{"uri": ws_uri, "name": Path(workspace).name}],
    })
    _, response = server.wait_response(rid)
    if "error" in response:
        raise RuntimeError(f"initialize failed: {response['error']}")
    server.notify("initialized", {})
    return sent, response


def is_diagnostics(uri):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("uri") == uri


def session(args):
    document = Path(args.document).resolve()
    text = document.read_text(encoding="utf-8")
    uri = uri_of(document)
    server = Server(shlex.split(args.cmd), args.workspace, dict(e.split("=", 1) for e in args.env), args.stderr)
    result = {"cmd": args.cmd}
    try:
        t0, init = initialize(server, args.workspace)
        result["server_info"] = init.get("result", {}).get("serverInfo")
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": args.language, "version": 1, "text": text}})
        at, first = server.wait(is_diagnostics(uri), timeout=args.timeout)
        result["init_to_first_diagnostics_ms"] = (at - t0) * 1000
        result["first_diagnostics_count"] = len(first["params"]["diagnostics"])
        result["publishes_version"] = "version" in first["params"]
        # Let any start-up work (workspace indexing) settle before timing edits.
        # A server may publish the file's own problems first and the complete
        # set later: the last publish for the document within the settle time
        # is the complete one (for a server that publishes once, the first).
        last_at, last = at, first
        deadline = time.perf_counter() + args.settle
        while (remaining := deadline - time.perf_counter()) > 0:
            try:
                got_at, message = server.inbox.get(timeout=remaining)
            except queue.Empty:
                break
            if message is None:
                raise RuntimeError("the server closed its output")
            if is_diagnostics(uri)(message):
                last_at, last = got_at, message
        result["init_to_complete_diagnostics_ms"] = (last_at - t0) * 1000
        result["complete_diagnostics_count"] = len(last["params"]["diagnostics"])
        drain(server)

        # The sync kind the server asked for: incremental (2) gets one-character
        # ranged changes; full (1) gets the whole new text, as an editor sends it.
        sync = init.get("result", {}).get("capabilities", {}).get("textDocumentSync")
        sync_kind = sync.get("change", 1) if isinstance(sync, dict) else (sync or 1)
        result["sync_kind"] = "incremental" if sync_kind == 2 else "full"
        lines = text.split("\n")

        # Keystrokes: type one character at a time into a string value.
        typed = ("la cooperation s'est poursuivie a Almaty avec des exercices communs "
                 "et des cours de formation pour les officiers de la region ") * 10
        latencies, line, col = [], args.edit_line, args.edit_col
        version = 1
        for i in range(args.edits):
            version += 1
            ch = typed[i % len(typed)]
            index = utf16_to_index(lines[line], col)
            lines[line] = lines[line][:index] + ch + lines[line][index:]
            if sync_kind == 2:
                change = {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": ch}
            else:
                change = {"text": "\n".join(lines)}
            drain(server)   # anything still queued belongs to earlier versions
            sent = server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            expected = version

            def matches(m, expected=expected):
                if not is_diagnostics(uri)(m):
                    return False
                v = m["params"].get("version")
                return v is None or v == expected
            while True:
                at, _ = server.wait(matches, timeout=args.timeout)
                if at >= sent:   # a publish read before the edit was sent is stale
                    break
            latencies.append((at - sent) * 1000)
            if not result["publishes_version"]:
                # Without versions, a burst of publishes for one change (olpat sends
                # three) must end before the next edit, or it would be taken for it.
                quiet(server, 0.15)
            col += 1
        result["keystroke_ms"] = summary(latencies)
        result["keystroke_samples"] = latencies
        time.sleep(args.settle)
        drain(server)

        # Completion at one position, repeated.
        times, items = [], None
        for _ in range(args.completions):
            rid, sent = server.request("textDocument/completion", {
                "textDocument": {"uri": uri}, "position": {"line": args.completion_line, "character": args.completion_col},
                "context": {"triggerKind": 1}})
            at, response = server.wait_response(rid, timeout=args.timeout)
            times.append((at - sent) * 1000)
            r = response.get("result")
            items = len(r.get("items", [])) if isinstance(r, dict) else (len(r) if isinstance(r, list) else 0)
        result["completion_ms"] = summary(times)
        result["completion_samples"] = times
        result["completion_items"] = items
        result["rss_kb"] = server.peak_rss_kb()
    finally:
        server.close()
    return result


def utf16_to_index(line, col):
    units = 0
    for index, ch in enumerate(line):
        if units >= col:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line)


def quiet(server, seconds):
    """Discards messages until none has come for `seconds`."""
    while True:
        try:
            server.inbox.get(timeout=seconds)
        except queue.Empty:
            return


def drain(server):
    while True:
        try:
            server.inbox.get_nowait()
        except queue.Empty:
            return


def indexing(args):
    server = Server(shlex.split(args.cmd), args.workspace, dict(e.split("=", 1) for e in args.env), args.stderr)
    result = {"cmd": args.cmd}
    published = set()
    progress_end = None
    try:
        t0, _ = initialize(server, args.workspace)

        def seen(at, m):
            nonlocal progress_end
            if m.get("method") == "$/progress" and m["params"].get("value", {}).get("kind") == "end" and progress_end is None:
                progress_end = at
            if m.get("method") == "textDocument/publishDiagnostics":
                published.add(m["params"]["uri"])

        at, _ = server.wait(lambda m: len(published) >= args.expect_files, timeout=args.timeout, seen=seen)
        result["init_to_all_diagnostics_ms"] = (at - t0) * 1000
        if progress_end is None:
            server.wait(lambda m: progress_end is not None, timeout=args.timeout, seen=seen)
        result["init_to_progress_end_ms"] = (progress_end - t0) * 1000
        result["files_published"] = len(published)
        result["rss_kb"] = server.peak_rss_kb()
    finally:
        server.close()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    for name in ("session", "indexing"):
        p = sub.add_parser(name)
        p.add_argument("--cmd", required=True)
        p.add_argument("--workspace", required=True)
        p.add_argument("--env", action="append", default=[])
        p.add_argument("--stderr")
        p.add_argument("--timeout", type=float, default=120)
        if name == "session":
            p.add_argument("--document", required=True)
            p.add_argument("--language", required=True)
            p.add_argument("--edit-line", type=int, required=True)
            p.add_argument("--edit-col", type=int, required=True)
            p.add_argument("--completion-line", type=int, required=True)
            p.add_argument("--completion-col", type=int, required=True)
            p.add_argument("--edits", type=int, default=200)
            p.add_argument("--completions", type=int, default=200)
            p.add_argument("--settle", type=float, default=2.0)
        else:
            p.add_argument("--expect-files", type=int, required=True)
    args = parser.parse_args()
    result = session(args) if args.mode == "session" else indexing(args)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
