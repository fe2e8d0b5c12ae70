"""The local AWS stand-in: a moto server on 127.0.0.1, started on demand and reused across commands.

State (pid, port) lives in `.local/stack.json`; `thaiocr local down` stops it.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from thaiocr.errors import UserError
from thaiocr.paths import local_dir

HOST = "127.0.0.1"


def _state_file() -> Path:
    return local_dir() / "stack.json"


def _alive(url: str) -> bool:
    """Any HTTP answer will do (moto's /moto-api/data.json would serialise every stored object)."""
    try:
        with urllib.request.urlopen(url + "/", timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (OSError, TypeError):
        return False
    return True


def status(patience: float = 20.0) -> dict | None:
    """The running stack's state, or None. A live server that is slow to answer (a busy machine) is
    waited for, never replaced: a second server would start empty and hide the first one's state."""
    path = _state_file()
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    deadline = time.monotonic() + patience
    while True:
        if _alive(state.get("endpoint", "")):
            return state
        if not _pid_alive(state.get("pid")) or time.monotonic() > deadline:
            return None
        time.sleep(0.5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def ensure_running(timeout: float = 30.0) -> str:
    """Start the moto server if it is not running; return its endpoint URL."""
    state = status()
    if state:
        return state["endpoint"]
    try:
        import moto.server  # noqa: F401
    except ImportError:
        raise UserError("moto[server] is not installed", hint="run 'make setup'") from None
    port = int(os.environ.get("THAIOCR_LOCAL_PORT") or _free_port())
    endpoint = f"http://{HOST}:{port}"
    local_dir().mkdir(parents=True, exist_ok=True)
    log = open(local_dir() / "moto.log", "ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "thaiocr.aws.local_stack", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise UserError(f"the local stack exited at start (see {local_dir() / 'moto.log'})")
        if _alive(endpoint):
            _state_file().write_text(json.dumps({"pid": proc.pid, "port": port, "endpoint": endpoint}))
            return endpoint
        time.sleep(0.2)
    proc.terminate()
    raise UserError(f"the local stack did not start within {timeout:.0f}s (see {local_dir() / 'moto.log'})")


def stop() -> bool:
    """Stop the server; True if one was running."""
    path = _state_file()
    if not path.exists():
        return False
    try:
        state = json.loads(path.read_text())
        os.kill(int(state["pid"]), signal.SIGTERM)
        stopped = True
    except (OSError, ValueError, KeyError):
        stopped = False
    path.unlink(missing_ok=True)
    return stopped


def serve(port: int) -> None:
    """Run the moto server in this process until SIGTERM."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=HOST, port=port, verbose=False)
    server.start()
    signal.signal(signal.SIGTERM, lambda *_: (server.stop(), sys.exit(0)))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Run the local moto server (used by `thaiocr local up`).")
    ap.add_argument("--port", type=int, required=True)
    serve(ap.parse_args().port)
