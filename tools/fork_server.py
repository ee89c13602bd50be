"""Fork server: import torch once, then fork a fresh child for each snippet.

Protocol: one JSON request a line on stdin ({"path", "stdout", "stderr",
"timeout"}, and optionally "only_lines": [first, last] to run just those lines
of the file), one JSON reply a line on stdout ({"exitcode", "timed_out"}).
A {"warm": true} request preloads WARM_MODULES and is not answered.
The server itself runs no torch op, so no OpenMP pool exists when it forks.
"""

import importlib
import json
import os
import random
import runpy
import signal
import sys
import tempfile
import time
import traceback
import types
import warnings

# The framework snippets (snippets/transformers, snippets/lightning) run offline and quiet:
# no hub requests, no telemetry, no progress bars on stderr (which fails a snippet), no
# tokenizers fork warning. Set before any import: huggingface_hub reads them when imported.
os.environ.update(
    HF_HUB_OFFLINE="1",
    TRANSFORMERS_OFFLINE="1",
    HF_HUB_DISABLE_TELEMETRY="1",
    HF_HUB_DISABLE_PROGRESS_BARS="1",
    TOKENIZERS_PARALLELISM="false",
)

import numpy  # noqa: E402
import torch  # noqa: E402

# torch imports these lazily on first use (optimizer.step() pulls in torch._dynamo,
# ~1 s a child). For a whole suite, importing them once here is far cheaper;
# for one snippet, skipping them starts the server ~1 s sooner.
WARM_MODULES = ["torch._dynamo", "torch.export", "torch.fx"]
# The frameworks cost each framework snippet 2-5 s to import; once here, ~3 s in all. Their
# imports add warning filters (Lightning ignores lr_scheduler UserWarnings), which the server
# drops again so that the torch snippets see the filters they would see on their own.
FRAMEWORK_MODULES = ["transformers", "transformers.trainer", "lightning.pytorch"]


def run_lines(path: str, first: int, last: int) -> None:
    """Run only lines first..last of `path` as __main__; the other lines are blanked, so tracebacks keep
    the file's own line numbers."""
    with open(path) as file:
        lines = file.read().splitlines()
    kept = [text if first <= number <= last else "" for number, text in enumerate(lines, start=1)]
    main = types.ModuleType("__main__")
    main.__file__ = path
    sys.modules["__main__"] = main
    exec(compile("\n".join(kept) + "\n", path, "exec"), main.__dict__)


def run_child(path: str, stdout_path: str, stderr_path: str, only_lines: list[int] | None = None) -> int:
    """In the forked child: its own process group, fresh RNG seeds, fds 1 and 2 to files, run the script."""
    # The processes a snippet starts (gloo ranks, a Manager, DataLoader workers) join its group, so
    # the server can stop them with it: none outlives the snippet, even one that timed out.
    os.setpgid(0, 0)
    # Unseeded randomness must differ between runs, so the double run catches it.
    torch.seed()
    random.seed()
    numpy.random.seed()
    # stdin and stdout are the server's protocol pipes: the child must not touch them.
    with open(os.devnull, "rb") as null, open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        os.dup2(null.fileno(), 0)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", closefd=False)
    sys.stderr = open(2, "w", closefd=False)
    sys.argv = [path]
    sys.path[0] = os.path.dirname(path)
    code = 0
    try:
        if only_lines:
            run_lines(path, *only_lines)
        else:
            runpy.run_path(path, run_name="__main__")
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def stop_group(pid: int) -> None:
    """Kill what is left of the child's process group (its pgid is its pid)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # nothing left


def wait(pid: int, timeout: float) -> tuple[int | None, bool]:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            stop_group(pid)  # a process the snippet started and left running
            return os.waitstatus_to_exitcode(status), False
        if time.monotonic() > deadline:
            stop_group(pid)
            os.waitpid(pid, 0)
            return None, True
        time.sleep(0.001)


def quiet_imports(modules: list[str]) -> list[str]:
    """The leading modules whose import, tried in a child, succeeds and writes nothing.

    Preloading is only a speed-up, and must not change what a snippet reports: an import that
    prints (transformers 5 below torch 2.6 announces that it disables itself) or fails stays
    in the snippets that make it, so their stderr check sees what a reader would see.
    """
    pid = os.fork()
    if pid == 0:
        with tempfile.TemporaryFile() as out:
            os.dup2(out.fileno(), 1)  # fd 1 is the protocol pipe: the child must not write to it
            os.dup2(out.fileno(), 2)
            count = 0
            for module in modules:
                try:
                    importlib.import_module(module)
                except Exception:
                    break
                sys.stdout.flush()
                sys.stderr.flush()
                if out.seek(0, os.SEEK_END):
                    break
                count += 1
        os._exit(count)
    return modules[: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])]


def main() -> None:
    # One intra-op thread per child: snippets are tiny, and two servers share the
    # cores. Setting the count starts no thread pool, so forking stays safe.
    torch.set_num_threads(1)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("warm"):
            for module in WARM_MODULES:
                importlib.import_module(module)
            with warnings.catch_warnings():
                for module in quiet_imports(FRAMEWORK_MODULES):
                    importlib.import_module(module)
            continue
        pid = os.fork()
        if pid == 0:
            os._exit(run_child(request["path"], request["stdout"], request["stderr"], request.get("only_lines")))
        try:
            exitcode, timed_out = wait(pid, request["timeout"])
        except BaseException:  # Ctrl-C or a dead parent: the snippet's group goes with the server
            stop_group(pid)
            raise
        sys.stdout.write(json.dumps({"exitcode": exitcode, "timed_out": timed_out}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
