"""Torch's process-wide settings, captured and restored around every in-process test.

Markdown fences run inside the pytest process (pytest-markdown-docs), so a fence
that calls torch.set_grad_enabled(False) would otherwise change every later page.
"""

from __future__ import annotations

import random

import numpy
import torch


def snapshot() -> dict:
    return {
        "grad_enabled": torch.is_grad_enabled(),
        "default_device": torch.get_default_device(),
        "default_dtype": torch.get_default_dtype(),
        "num_threads": torch.get_num_threads(),
        "deterministic": torch.are_deterministic_algorithms_enabled(),
        "deterministic_warn_only": torch.is_deterministic_algorithms_warn_only_enabled(),
        "anomaly": torch.is_anomaly_enabled(),
        "print_options": dict(vars(torch._tensor_str.PRINT_OPTS)),
        "torch_rng": torch.get_rng_state(),
        "python_rng": random.getstate(),
        "numpy_rng": numpy.random.get_state(),
    }


def restore(state: dict) -> None:
    torch.set_grad_enabled(state["grad_enabled"])
    torch.set_default_dtype(state["default_dtype"])
    torch.set_default_device(state["default_device"])
    torch.set_num_threads(state["num_threads"])
    if (torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled()) != (
        state["deterministic"],
        state["deterministic_warn_only"],
    ):  # only when changed: the call imports torch._dynamo (~1.5 s)
        torch.use_deterministic_algorithms(state["deterministic"], warn_only=state["deterministic_warn_only"])
    torch.set_anomaly_enabled(state["anomaly"])
    vars(torch._tensor_str.PRINT_OPTS).update(state["print_options"])
    torch.set_rng_state(state["torch_rng"])
    random.setstate(state["python_rng"])
    numpy.random.set_state(state["numpy_rng"])
