"""`thaiocr train stop`: StopTrainingJob for dev/prod; for ENV=local, SIGTERM to the local runner, which
forwards it to the trainer just as SageMaker does (the trainer keeps its checkpoint)."""
from __future__ import annotations

import os
import signal

from thaiocr.errors import UserError
from thaiocr.jobs import describe as describe_mod
from thaiocr.jobs import local_runner


def stop(env: str, job: str, *, sm=None, out=print) -> int:
    if not job:
        raise UserError("which job?", hint="pass JOB=<name> (make monitor shows the latest)")
    desc = describe_mod.describe(env, describe_mod.resolve_job(env, job), sm=sm)
    status = desc.get("TrainingJobStatus")
    if status in describe_mod.TERMINAL or status == "Stopping":
        out(f"{job} is already {status}: nothing to stop")
        return 0
    if env == "local":
        pid = local_runner.runner_pid(job)
        try:
            if pid is None:
                raise ProcessLookupError
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            raise UserError(f"the local runner of {job} is not running",
                            hint=f"see {local_runner.local_state.runner_log(job)}") from None
    else:
        (sm or describe_mod.sagemaker(env)).stop_training_job(TrainingJobName=job)
    out(f"stopping {job}; follow it with 'make monitor ENV={env} JOB={job}'")
    return 0
