"""`data make --env local --instances N` end to end: preflight, CreateProcessingJob on the moto stack,
the local runner's N subprocesses, the final step, monitor. One host killed mid-shard fails the job;
the rerun renders only what was missing and publishes the same bytes as a local `data synth`."""
from __future__ import annotations

import pytest

from tests.conftest import needs_fonts
from tests.processing.conftest import download, latest, reports, tree
from thaiocr.cli import main

pytestmark = [needs_fonts, pytest.mark.slow]


def test_instances_match_local_synth_and_monitor_follows(tiny_spec_path, tiny_dataset, local_infra, tmp_path, capsys):
    args = ["data", "make", "--spec", str(tiny_spec_path), "--out", str(tmp_path / "unused"), "--env", "local"]
    assert main([*args, "--instances", "3"]) == 0
    out = capsys.readouterr().out
    assert "preflight ok: worst case 3 x ml.m5.xlarge" in out and "final status: Completed" in out
    assert "[algo-3] algo-3: shard 3 of 3" in out
    assert tree(download(latest()["uri"], tmp_path / "got")) == tree(tiny_dataset)
    assert not (tmp_path / "unused").exists()  # nothing rendered on this machine

    assert main(["monitor", "--env", "local"]) == 0  # the latest job is this processing job
    assert "following processing job thaiocr-data-th-lines-dev-" in capsys.readouterr().out
    assert main([*args, "--instances", "2"]) == 0  # same spec and seed: already published, nothing started
    assert "already made: " + latest()["uri"] in capsys.readouterr().out


def test_killed_shard_rerun_renders_only_the_missing(tiny_spec_path, tiny_dataset, local_infra, tmp_path, capsys,
                                                     monkeypatch):
    from thaiocr.synth.generate import plan_shards
    from thaiocr.synth.spec import load_spec

    args = ["data", "make", "--spec", str(tiny_spec_path), "--out", str(tmp_path / "d"), "--env", "local",
            "--instances", "3"]
    monkeypatch.setenv("THAIOCR_PROCESSING_CRASH", "algo-2:1")  # algo-2 dies after its images, before its record
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "final status: Failed" in out and "algo-2 exited with code -9" in out
    run_uri = next(line.split()[2] for line in out.splitlines() if line.startswith("run prefix: "))
    from thaiocr.aws.session import client
    from thaiocr.processing.store import RunStore

    store = RunStore(client("s3", "local"), local_infra.bucket, run_uri.split("/", 3)[3])
    done_first = store.complete_records()  # algo-2's first shard made it, its second did not
    assert "train-00001.jsonl" in done_first and "train-00004.jsonl" not in done_first
    half = [k for k in store.keys(".work/") if k.endswith(".sha256.json") and k[6:-12] not in done_first]
    assert ".work/train-00004.jsonl.sha256.json" in half  # images and digests there, no record: absent

    monkeypatch.delenv("THAIOCR_PROCESSING_CRASH")
    assert main(args) == 0
    assert "final status: Completed" in capsys.readouterr().out
    second = reports(run_uri)
    redone = {r for rep in second.values() for r in rep["rendered"]}
    every = {s.record for s in plan_shards(load_spec(tiny_spec_path))}
    assert redone and not redone & done_first and redone | done_first == every  # nothing rendered twice
    assert tree(download(latest()["uri"], tmp_path / "got")) == tree(tiny_dataset)
