"""`thaiocr model compare A B`: both versions scored now on the same test sets (each one's own test
split and the real-document set), side by side; the registered figures alone may come from different
images."""
from __future__ import annotations


def compare(env: str, a: str, b: str, *, out=print) -> dict:
    from thaiocr.aws.session import client
    from thaiocr.infra import outputs as infra_outputs
    from thaiocr.registry import packages, scoring, settings, testsets

    sm = client("sagemaker", env)
    group = packages.group_name(infra_outputs.load(env), env)
    va, vb = packages.resolve(sm, group, a), packages.resolve(sm, group, b)
    sets = {}
    for ts in (testsets.of_version(va), testsets.of_version(vb),
               testsets.real_documents(env, settings.load(env).real_documents)):
        if ts is not None and ts.content_hash not in {s.content_hash for s in sets.values()}:
            sets[ts.key] = ts
    if not sets:
        from thaiocr.errors import UserError

        raise UserError(f"{va.label} and {vb.label} name no dataset to compare on")
    models = {va.label: scoring.model_dir(env, va), vb.label: scoring.model_dir(env, vb)}
    table = {}
    for key, ts in sets.items():
        path = ts.local(env)
        table[key] = {label: scoring.cer(m, path) for label, m in models.items()}
    width = max(len(k) for k in table) + 2
    out(f"{'test set (CER)':<{width}}{va.label:>10}{vb.label:>10}{'change':>10}")
    for key, row in table.items():
        x, y = row[va.label], row[vb.label]
        out(f"{key:<{width}}{100 * x:>9.2f}%{100 * y:>9.2f}%{100 * (y - x):>+9.2f}%")
    out(f"{va.label}: {va.status}, job {va.metadata.get('job', '?')}; {vb.label}: {vb.status}, "
        f"job {vb.metadata.get('job', '?')}")
    return table
