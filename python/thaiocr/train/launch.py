"""The trainer command line: PaddleOCR's tools/train.py directly, or through paddle.distributed.launch.

One host with at most one GPU runs the script itself (no launcher, no extra processes, simple signals);
several GPUs, several data-parallel CPU trainers (Paddle's CPU kernels keep one core busy per process,
so two trainers on two cores see ~1.3x the samples/s) or several hosts go through the launcher, with the
master and ranks taken from resourceconfig.json so every host derives the same picture without talking first.
"""
from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from thaiocr.train.contract import ResourceConfig

MASTER_PORT = 29500


@dataclass(frozen=True)
class Launch:
    argv: list[str]
    env: dict[str, str]
    distributed: bool
    world_size: int = 1  # trainers in the whole job: PaddleOCR logs one trainer's samples/s


def _resolve(host: str) -> str:
    """Paddle's launcher wants an address for the master; SageMaker's hosts resolve by name."""
    try:
        return socket.gethostbyname(host)
    except OSError:
        return host


def nccl_env(resources: ResourceConfig, base: dict[str, str] | None = None) -> dict[str, str]:
    """NCCL settings that work on SageMaker GPU instances; anything the caller set wins."""
    env = dict(base if base is not None else os.environ)
    defaults = {
        "NCCL_DEBUG": "WARN",
        "NCCL_ASYNC_ERROR_HANDLING": "1",  # a dead peer ends the job instead of hanging it
        "FLAGS_call_stack_level": "2",
    }
    if resources.network_interface:
        defaults["NCCL_SOCKET_IFNAME"] = resources.network_interface
        defaults["GLOO_SOCKET_IFNAME"] = resources.network_interface
    for k, v in defaults.items():
        env.setdefault(k, v)
    return env


def build_launch(paddleocr_home: Path, script: str, script_args: list[str], *, num_gpus: int,
                 resources: ResourceConfig, log_dir: Path, python: str | None = None,
                 cpu_trainers: int = 1, resolve=_resolve) -> Launch:
    python = python or sys.executable
    script_path = str(paddleocr_home / "tools" / script)
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(paddleocr_home), env.get("PYTHONPATH", "")) if p)
    cpu_procs = cpu_trainers if num_gpus == 0 else 1
    if num_gpus <= 1 and cpu_procs == 1 and resources.num_hosts == 1:
        return Launch([python, "-u", script_path, *script_args], env, distributed=False)

    env = nccl_env(resources, env)
    argv = [python, "-m", "paddle.distributed.launch", "--log_dir", str(log_dir)]
    if num_gpus:
        argv += ["--devices", ",".join(str(i) for i in range(num_gpus))]
    else:
        env.setdefault("OMP_NUM_THREADS", "1")  # one core per trainer; more only contend
        argv += ["--nproc_per_node", str(cpu_procs)]
    if resources.num_hosts > 1:
        argv += ["--master", f"{resolve(resources.master_host)}:{MASTER_PORT}",
                 "--nnodes", str(resources.num_hosts), "--rank", str(resources.host_rank)]
    argv += [script_path, *script_args]
    return Launch(argv, env, distributed=True, world_size=max(num_gpus, cpu_procs) * resources.num_hosts)
