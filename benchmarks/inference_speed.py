"""Time forward passes of one fixed model in train/eval mode under grad, no_grad() and inference_mode().

Run: python benchmarks/inference_speed.py           (prints the results)
     python benchmarks/inference_speed.py --write   (also writes benchmarks/results/inference_speed.txt)

Timings depend on the machine and on what else runs on it, so this is a script
and not a snippet: its figures are measured, not checked. Each of the six
combinations is timed in interleaved rounds (so a slow spell hits all of them
alike); the script reports the median time per forward pass and its ratio to
eval mode with gradients on, measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import torch
import torch.nn as nn

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "inference_speed.txt"
MODES = ("train", "eval")
CONTEXTS = {"grad": contextlib.nullcontext, "no_grad": torch.no_grad, "inference_mode": torch.inference_mode}
BASELINE = ("eval", "grad")


def make_model() -> nn.Module:
    return nn.Sequential(
        nn.Linear(512, 1024),
        nn.BatchNorm1d(1024),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(1024, 1024),
        nn.BatchNorm1d(1024),
        nn.ReLU(),
        nn.Dropout(0.2),
        nn.Linear(1024, 10),
    )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info(device: torch.device) -> list[str]:
    lines = [
        f"machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.machine()}",
        f"software: torch {torch.__version__} (torch threads: {torch.get_num_threads()}), python {platform.python_version()}",
    ]
    if device.type == "cuda":
        lines.append(f"gpu: {torch.cuda.get_device_name(device)}")
    return lines


def time_forward(model: nn.Module, x: torch.Tensor, mode: str, context, passes: int, device: torch.device) -> float:
    """Seconds per forward pass, averaged over `passes` passes: one round."""
    model.train(mode == "train")
    with context():
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        start = time.perf_counter()
        for _ in range(passes):
            model(x)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
    return (time.perf_counter() - start) / passes


def iqr(values: list[float]) -> float:
    quartiles = statistics.quantiles(values, n=4)
    return quartiles[2] - quartiles[0]


def run(rounds: int, passes: int, batch: int, device: torch.device, command: str) -> list[str]:
    load_before = os.getloadavg()[0]
    torch.manual_seed(0)
    model = make_model().to(device)
    x = torch.randn(batch, 512, device=device)
    combos = [(mode, name) for mode in MODES for name in CONTEXTS]
    for mode, name in combos:  # warm-up
        time_forward(model, x, mode, CONTEXTS[name], passes, device)
    samples: dict[tuple[str, str], list[float]] = {combo: [] for combo in combos}
    for _ in range(rounds):
        for mode, name in combos:
            samples[mode, name].append(time_forward(model, x, mode, CONTEXTS[name], passes, device))
    medians = {combo: statistics.median(times) for combo, times in samples.items()}
    spreads = {combo: iqr(times) for combo, times in samples.items()}
    bests = {combo: min(times) for combo, times in samples.items()}

    layers = " > ".join(type(layer).__name__ for layer in model)
    lines = [
        f"measured on {date.today().isoformat()} with `{command}`",
        *machine_info(device),
        f"model: {layers}; input ({batch}, 512) on {device.type}",
        f"system load (1-min average) before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
        f"median of {rounds} interleaved rounds of {passes} forward passes each",
        "IQR: spread of the middle half of the rounds; best: the fastest round",
        "",
        f"{'mode':6}{'context':16}{'median ms':>10}{'IQR ms':>8}{'best ms':>9}{'median vs eval+grad':>21}",
    ]
    for mode, name in combos:
        ratio = medians[mode, name] / medians[BASELINE]
        median_ms, spread_ms, best_ms = (d[mode, name] * 1e3 for d in (medians, spreads, bests))
        lines.append(f"{mode:6}{name:16}{median_ms:>10.2f}{spread_ms:>8.2f}{best_ms:>9.2f}{ratio:>20.2f}x")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"also write the results to {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--rounds", type=int, default=30, help="timed rounds per combination (default 30)")
    parser.add_argument("--passes", type=int, default=20, help="forward passes per round (default 20)")
    parser.add_argument("--batch", type=int, default=256, help="batch size (default 256)")
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    command = " ".join(["python benchmarks/inference_speed.py", *sys.argv[1:]])
    lines = run(args.rounds, args.passes, args.batch, torch.device(args.device), command)
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text)
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
