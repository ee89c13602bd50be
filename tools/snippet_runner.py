"""Run a snippet with fresh torch state, fast.

A fresh interpreter per snippet costs ~1.3 s (the torch import). Instead a fork
server (`python -m tools.fork_server`) imports torch once and forks a child per
snippet: every child starts from the same untouched state (grad mode, dtype,
threads, flags, RNG freshly seeded), so no snippet can affect another, at about
20 ms a snippet.

Two servers run with different hash seeds; `check_snippet` runs each snippet
once on each, so output that depends on set order or hashing shows up as a
difference between the runs, as it would between two machines.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tools import ROOT


@dataclass
class SnippetRun:
    path: Path
    stdout: str
    stderr: str
    exitcode: int | None
    timed_out: bool
    seconds: float

    @property
    def ok(self) -> bool:
        return self.exitcode == 0 and not self.timed_out

    def error_line(self) -> int | None:
        """The line of the snippet where it failed, read from the traceback."""
        pattern = re.compile(rf'File "{re.escape(str(self.path))}", line (\d+)')
        lines = pattern.findall(self.stderr)
        return int(lines[-1]) if lines else None


class ForkServer:
    """Client of one `tools.fork_server` process: one request at a time."""

    def __init__(self, hash_seed: int):
        env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tools.fork_server"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._lock = threading.Lock()

    def run(self, path: Path, timeout: float, only_lines: tuple[int, int] | None = None) -> SnippetRun:
        with self._lock, tempfile.TemporaryDirectory(prefix="snippet-") as tmp:
            stdout_path, stderr_path = Path(tmp, "stdout"), Path(tmp, "stderr")
            request = {"path": str(path), "stdout": str(stdout_path), "stderr": str(stderr_path), "timeout": timeout}
            if only_lines:
                request["only_lines"] = list(only_lines)
            start = time.perf_counter()
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            reply_line = self._process.stdout.readline()
            if not reply_line:
                raise RuntimeError(
                    f"the fork server exited (code {self._process.poll()}); run `python -m tools.fork_server` to see why"
                )
            reply = json.loads(reply_line)
            seconds = time.perf_counter() - start
            stdout = stdout_path.read_text(errors="replace") if stdout_path.exists() else ""
            stderr = stderr_path.read_text(errors="replace") if stderr_path.exists() else ""
        return SnippetRun(path, stdout, stderr, reply["exitcode"], reply["timed_out"], seconds)

    def warm(self) -> None:
        """Ask the server to preload torch's lazily imported compiler modules (no reply)."""
        with self._lock:
            self._process.stdin.write(json.dumps({"warm": True}) + "\n")
            self._process.stdin.flush()

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()  # the server's loop ends at end of input
            self._process.wait(timeout=10)
        self._process.stdout.close()


_servers: list[ForkServer] = []
# check_snippet asks for both servers from two threads at once: without the lock, each thread could
# start its own pair, and servers()[0] and [1] could then share a hash seed, which hides set-order output.
_starting = threading.Lock()


def servers() -> list[ForkServer]:
    """Two fork servers, started on first use (they import torch in parallel)."""
    with _starting:
        if not _servers:
            _servers.extend(ForkServer(hash_seed) for hash_seed in (1, 2))
            atexit.register(lambda: [server.close() for server in _servers])
    return _servers


def run_snippet(
    path: Path, timeout: float = 30.0, server: int = 0, only_lines: tuple[int, int] | None = None
) -> SnippetRun:
    """Run `path` (or only its lines `only_lines`) as __main__ in a fresh forked child; stop it after `timeout` s."""
    return servers()[server].run(Path(path).resolve(), timeout, only_lines)
