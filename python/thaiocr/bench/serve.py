"""`thaiocr bench serve`: a bounded load test of `thaiocr serve` on 127.0.0.1.

For 1 and 2 model workers (cores split between them: --threads = cores / workers) it starts the server
as a subprocess, then sends line requests (one PNG line) and page requests (a one-page born-digital Thai
PDF at 200 dpi) from `concurrency` keep-alive clients, each phase bounded by a request count and a time
limit. Reports throughput, p50/p99 latency, the server's CPU time per request (user + system, all
threads: on a shared machine the honest figure) and its RSS (peak sampled under load, and VmHWM).
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HOST = "127.0.0.1"  # never anything else: a load test must not leave the machine


def add_arguments(p) -> None:
    p.add_argument("--model", help="recogniser model (default: the shipped model)")
    p.add_argument("--workers", default="1,2", help="model worker counts to try (default 1,2)")
    p.add_argument("--cores", type=int, default=os.cpu_count() or 2, help="cores to split among workers")
    p.add_argument("--line-requests", type=int, default=200, help="line requests per run (default 200)")
    p.add_argument("--page-requests", type=int, default=12, help="page requests per run (default 12)")
    p.add_argument("--max-seconds", type=float, default=60.0, help="time limit per phase (default 60)")
    p.add_argument("--concurrency", type=int, default=0, help="clients (default: 2 x workers)")
    p.add_argument("--json", type=Path, help="also write the figures here")


def run(args) -> int:
    from thaiocr.errors import UserError

    try:
        counts = [int(w) for w in args.workers.split(",")]
    except ValueError:
        raise UserError(f"--workers: expected numbers like 1,2, got '{args.workers}'") from None
    if args.line_requests < 1 or args.page_requests < 0 or args.max_seconds <= 0:
        raise UserError("--line-requests must be >= 1, --page-requests >= 0 and --max-seconds > 0")
    line, page = _inputs()
    rows = []
    for workers in counts:
        threads = max(1, args.cores // workers)
        with _Server(args.model, workers, threads) as srv:
            for kind, body, ctype, n in (("line", line, "image/png", args.line_requests),
                                         ("page", page, "application/pdf", args.page_requests)):
                if n == 0:
                    continue
                _load(srv.port, body, ctype, min(3, n), workers)  # warm-up: first-run kernel set-up
                cpu = srv.cpu()
                res = _load(srv.port, body, ctype, n, args.concurrency or 2 * workers, args.max_seconds,
                            sample=srv.rss)
                cpu_ms = 1000 * (srv.cpu() - cpu) / max(1, res["requests"] + res["errors"])
                res.update({"workers": workers, "threads": threads, "kind": kind, "hwm_mb": srv.hwm(),
                            "cpu_ms_per_req": round(cpu_ms, 1)})
                rows.append(res)
                print(_row(res), file=sys.stderr, flush=True)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "machine": _machine(),
                                         "rows": rows}, indent=1) + "\n")
    return 0


def _inputs() -> tuple[bytes, bytes]:
    """A line image (a crop of the page) and a one-page Thai PDF, both made here."""
    import cv2

    from thaiocr.ocr.pages import read_file
    from thaiocr.ocr.samples import make_pdf

    with tempfile.TemporaryDirectory() as tmp:
        pdf = make_pdf(Path(tmp) / "page.pdf", pages=1, seed=7)
        page = read_file(pdf)[0]
        data = pdf.read_bytes()
    line = page[265:345, 160:1000]  # the first body line at 200 dpi
    return cv2.imencode(".png", line)[1].tobytes(), data


class _Server:
    def __init__(self, model, workers: int, threads: int):
        with socket.socket() as s:
            s.bind((HOST, 0))
            self.port = s.getsockname()[1]
        cmd = [sys.executable, "-m", "thaiocr.cli", "serve", "--host", HOST, "--port", str(self.port),
               "--model-workers", str(workers), "--threads", str(threads), "--batch-size", "16",
               "--queue", "64", "--no-s3"]
        if model:
            cmd += ["--model", model]
        self.cmd = cmd

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                from thaiocr.errors import UserError

                raise UserError(f"server exited: {self.proc.stderr.read().decode()[-300:].strip()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/ping")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.proc.kill()
        raise TimeoutError("server did not become ready in 120 s")

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def _status(self, key: str) -> float:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1]) / 1024.0
        except OSError:
            pass
        return float("nan")

    def cpu(self) -> float:
        """Server process CPU seconds (user + system, all threads): what a busy machine cannot inflate much."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def rss(self) -> float:
        return self._status("VmRSS")

    def hwm(self) -> float:
        return round(self._status("VmHWM"), 1)


def _load(port: int, body: bytes, ctype: str, n: int, concurrency: int, max_seconds: float = 120.0,
          sample=None) -> dict:
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    issued = [0]
    stop_at = time.perf_counter() + max_seconds
    peak = [0.0]
    done = threading.Event()

    def sampler():
        while not done.wait(0.1):
            peak[0] = max(peak[0], sample())

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=max_seconds + 60)
        while True:
            with lock:
                if issued[0] >= n or time.perf_counter() > stop_at:
                    break
                issued[0] += 1
            t = time.perf_counter()
            try:
                conn.request("POST", "/invocations", body=body, headers={"Content-Type": ctype})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except OSError as exc:
                status = str(exc)
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=max_seconds + 60)
            with lock:
                (latencies if status == 200 else errors).append(time.perf_counter() - t if status == 200 else status)
        conn.close()

    if sample:
        threading.Thread(target=sampler, daemon=True).start()
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(client)
    wall = time.perf_counter() - started
    done.set()
    lat = sorted(latencies)
    return {"requests": len(lat), "errors": len(errors), "seconds": round(wall, 2), "concurrency": concurrency,
            "per_s": round(len(lat) / wall, 2) if wall else 0.0, "p50_ms": _pct(lat, 50), "p99_ms": _pct(lat, 99),
            "peak_rss_mb": round(peak[0], 1)}


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    i = min(len(values) - 1, max(0, int(round(q / 100 * len(values) + 0.5)) - 1))
    return round(1000 * values[i], 1)


def _row(r: dict) -> str:
    return (f"| {r['kind']} | {r['workers']} x {r['threads']} | {r['concurrency']} | {r['requests']} | {r['errors']} | "
            f"{r['per_s']:.2f} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f} | {r['cpu_ms_per_req']:.0f} | "
            f"{r['peak_rss_mb']:.0f} | {r['hwm_mb']:.0f} |")


def table(rows: list[dict]) -> str:
    head = ("| request | workers x threads | clients | ok | errors | req/s | p50 ms | p99 ms | server CPU ms/req | "
            "peak RSS MB | VmHWM MB |\n|---|---|---|---|---|---|---|---|---|---|---|")
    return "\n".join([head] + [_row(r) for r in rows])


def _machine() -> str:
    import platform

    model = ""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{platform.machine()} {model}, {os.cpu_count()} cores"
