"""`thaiocr model list`: every version of the env's group, newest last, with the figures people decide by."""
from __future__ import annotations


def _pct(v) -> str:
    return "-" if v is None else f"{100 * v:.2f}%"


def list_versions(env: str, *, out=print) -> list:
    from thaiocr.aws.session import client
    from thaiocr.infra import outputs as infra_outputs
    from thaiocr.registry import packages

    sm = client("sagemaker", env)
    group = packages.group_name(infra_outputs.load(env), env)
    found = packages.versions(sm, group)
    if not found:
        out(f"{group}: no versions yet (register one with 'make register ENV={env} JOB=...')")
        return found
    out(f"{'version':<8} {'status':<22} {'test CER':>9} {'real CER':>9} {'base':<5} {'job':<44} gate")
    for v in found:
        out(f"{v.label:<8} {v.status:<22} {_pct(v.figure('test_cer')):>9} {_pct(v.figure('real_cer')):>9} "
            f"{v.metadata.get('base_version', '-'):<5} {v.metadata.get('job', '?'):<44} "
            f"{v.metadata.get('gate', '-').split(':')[0]}")
    return found


def decide(env: str, spec: str, status: str, reason: str, *, out=print):
    import getpass

    from thaiocr.aws.session import client
    from thaiocr.infra import outputs as infra_outputs
    from thaiocr.registry import packages

    sm = client("sagemaker", env)
    group = packages.group_name(infra_outputs.load(env), env)
    version = packages.resolve(sm, group, spec)
    try:
        by = getpass.getuser()
    except Exception:  # no login name in some containers
        by = "unknown"
    done = packages.set_status(sm, version, status, reason, by)
    out(f"{done.label} of {group}: {version.status} -> {done.status} ({reason})")
    return done
