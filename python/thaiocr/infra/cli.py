"""`thaiocr infra outputs|apply`: read what Terraform (or the local stack) created, or create it."""
from __future__ import annotations

from thaiocr.cli import group
from thaiocr.envs import env_arg


def register(sub) -> None:
    infra = group(sub, "infra", "infrastructure: Terraform for dev/prod, the moto stack for local")

    p = infra.add_parser("outputs", help="print the env's bucket, repository, role, log group, topic and key")
    env_arg(p)
    p.add_argument("--json", action="store_true", help="print one JSON object (the InfraOutputs fields)")
    p.set_defaults(func=_outputs)

    p = infra.add_parser("apply", help="dev/prod: terraform init, plan and apply (asks unless AUTO_APPROVE=1); "
                                       "local: create the same-named resources in the local stack")
    env_arg(p)
    p.set_defaults(func=_apply)


def _outputs(args) -> int:
    import json

    from thaiocr.infra.outputs import load

    data = load(args.env).to_dict()
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        width = max(len(k) for k in data)
        for key, value in data.items():
            print(f"{key:<{width}}  {value if value is not None else '-'}")
    return 0


def _apply(args) -> int:
    if args.env == "local":
        from thaiocr.infra.local import apply_local
        from thaiocr.infra.outputs import local_outputs_file

        outputs = apply_local()
        print(f"local infrastructure ready: bucket {outputs.bucket}, role {outputs.role_arn}")
        print(f"outputs written to {local_outputs_file()}")
        return 0
    from thaiocr.infra.terraform import apply

    if not apply(args.env):
        print(f"not applied: env '{args.env}' is unchanged")
        return 1
    return 0
