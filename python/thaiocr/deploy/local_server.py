"""ENV=local's endpoint container: `thaiocr serve` on 127.0.0.1 as a detached subprocess, one per
endpoint, recorded in `.local/deploy/<endpoint>.json`. An update starts the new server, waits for its
/ping, then stops the old one, so the endpoint never stops answering."""
from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import local_dir

READY_SECONDS = 180


def state_file(endpoint: str) -> Path:
    return local_dir() / "deploy" / f"{endpoint}.json"


def read(endpoint: str) -> dict | None:
    try:
        return json.loads(state_file(endpoint).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise UserError("no free port on 127.0.0.1")


def _ping(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:  # our own child that exited: reaped now
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start(endpoint: str, model_dir: Path, *, preferred_port: int, workers: int, record: dict) -> dict:
    """Start the new server, wait until it answers, switch the record, then stop the previous one."""
    old = read(endpoint)
    port = _free_port(preferred_port if not old or old.get("port") != preferred_port else preferred_port + 1)
    log_path = state_file(endpoint).with_suffix(".log")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "thaiocr.cli", "serve", "--model", str(model_dir), "--host", "127.0.0.1",
               "--port", str(port), "--model-workers", str(workers)]
    override = os.environ.get("THAIOCR_SERVE_COMMAND")  # a stand-in server for tests: `<command> PORT`
    command = shlex.split(override) + [str(port)] if override else command
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.time() + READY_SECONDS
    while not _ping(port):
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise UserError(f"the local endpoint server did not come up on port {port}: {tail[0][:300]}",
                            hint=f"see {log_path}")
        time.sleep(0.3)
    state = {**record, "pid": proc.pid, "port": port, "url": f"http://127.0.0.1:{port}", "model_dir": str(model_dir)}
    tmp = state_file(endpoint).with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    os.replace(tmp, state_file(endpoint))
    if old and old.get("pid") and old["pid"] != proc.pid:
        _stop(old["pid"])
    return state


def _stop(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)  # its own session: the server and nothing else
    except (ProcessLookupError, PermissionError):
        return
    for _ in range(50):
        if not _alive(pid):
            return
        time.sleep(0.1)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def stop(endpoint: str) -> bool:
    state = read(endpoint)
    if not state:
        return False
    if state.get("pid"):
        _stop(int(state["pid"]))
    state_file(endpoint).unlink(missing_ok=True)
    return True
