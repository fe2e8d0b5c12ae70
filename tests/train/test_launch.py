"""Host/launch arguments: direct run for one device, paddle.distributed.launch for more."""
from pathlib import Path

from thaiocr.train.contract import ResourceConfig
from thaiocr.train.launch import MASTER_PORT, build_launch

HOME = Path("/src/PaddleOCR")


def _launch(gpus, hosts, current="algo-1", iface="eth0"):
    return build_launch(HOME, "train.py", ["-c", "cfg.yml"], num_gpus=gpus,
                        resources=ResourceConfig(current, hosts, iface), log_dir=Path("/logs"),
                        python="python3", resolve=lambda h: {"algo-1": "10.0.0.1"}.get(h, h))


def test_single_device_runs_the_script_directly():
    for gpus in (0, 1):
        ln = _launch(gpus, ["algo-1"])
        assert ln.argv == ["python3", "-u", "/src/PaddleOCR/tools/train.py", "-c", "cfg.yml"]
        assert not ln.distributed
        assert ln.env["PYTHONPATH"].split(":")[0] == "/src/PaddleOCR"


def test_one_host_many_gpus():
    ln = _launch(4, ["algo-1"])
    assert ln.argv[:3] == ["python3", "-m", "paddle.distributed.launch"]
    assert ln.argv[ln.argv.index("--devices") + 1] == "0,1,2,3"
    assert "--master" not in ln.argv
    assert ln.argv[-3:] == ["/src/PaddleOCR/tools/train.py", "-c", "cfg.yml"]
    assert ln.env["NCCL_SOCKET_IFNAME"] == "eth0" and ln.env["NCCL_DEBUG"] == "WARN"


def test_many_hosts_share_one_master():
    a = _launch(8, ["algo-2", "algo-1"], current="algo-2")
    b = _launch(8, ["algo-2", "algo-1"], current="algo-1")
    for ln, rank in ((a, "1"), (b, "0")):
        args = ln.argv
        assert args[args.index("--master") + 1] == f"10.0.0.1:{MASTER_PORT}"
        assert args[args.index("--nnodes") + 1] == "2"
        assert args[args.index("--rank") + 1] == rank
        assert args[args.index("--devices") + 1] == "0,1,2,3,4,5,6,7"


def test_user_nccl_settings_win(monkeypatch):
    monkeypatch.setenv("NCCL_DEBUG", "INFO")
    assert _launch(2, ["algo-1"]).env["NCCL_DEBUG"] == "INFO"


def test_cpu_trainers_go_through_the_launcher_one_core_each():
    ln = build_launch(HOME, "train.py", ["-c", "cfg.yml"], num_gpus=0, cpu_trainers=2,
                      resources=ResourceConfig("algo-1", ["algo-1"], "eth0"), log_dir=Path("/logs"), python="python3")
    assert ln.distributed and ln.world_size == 2
    assert ln.argv[ln.argv.index("--nproc_per_node") + 1] == "2"
    assert "--devices" not in ln.argv
    assert ln.env["OMP_NUM_THREADS"] == "1"


def test_cpu_trainers_are_ignored_on_a_gpu():
    ln = build_launch(HOME, "train.py", ["-c", "cfg.yml"], num_gpus=1, cpu_trainers=2,
                      resources=ResourceConfig("algo-1", ["algo-1"], "eth0"), log_dir=Path("/logs"), python="python3")
    assert not ln.distributed and ln.world_size == 1


def test_world_size_counts_every_host():
    assert _launch(4, ["algo-1", "algo-2"]).world_size == 8
