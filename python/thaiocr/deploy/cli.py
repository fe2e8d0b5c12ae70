"""`thaiocr deploy | undeploy | invoke | cost`. Handlers import lazily, so --help stays instant."""
from __future__ import annotations

from thaiocr.envs import env_arg


def register(sub) -> None:
    p = sub.add_parser("deploy", help="serve an approved model version on the env's endpoint (local: loopback)",
                       description="Create a Model and EndpointConfig from the version's package and the serve "
                                   "image, then CreateEndpoint or UpdateEndpoint (no downtime), with target-tracking "
                                   "autoscaling from the env's serving block. ENV=local: thaiocr serve on 127.0.0.1.")
    env_arg(p)
    p.add_argument("--version", default="approved", help="a version number, or 'approved' (default: the newest approved)")
    p.add_argument("--async", dest="asynchronous", action="store_true",
                   help="the asynchronous-inference endpoint (S3 in and out, scales to zero when idle)")
    p.set_defaults(func=_deploy)

    p = sub.add_parser("undeploy", help="delete the env's endpoint, its config, model and scaling")
    env_arg(p)
    p.add_argument("--async", dest="asynchronous", action="store_true")
    p.set_defaults(func=_undeploy)

    p = sub.add_parser("invoke", help="send one image (or JSON) to the env's endpoint and print the answer")
    env_arg(p)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--async", dest="asynchronous", action="store_true")
    p.set_defaults(func=_invoke)

    p = sub.add_parser("cost", help="training (on-demand and spot) and monthly endpoint cost, with assumptions")
    env_arg(p)
    p.add_argument("--rate", type=float, metavar="REQ_PER_S", help="requests per second (default: serving.requests_per_second)")
    p.set_defaults(func=_cost)


    p = sub.add_parser("lifecycle-demo", help="the model lifecycle on the local stack: train, register, approve, "
                                              "incremental train through the gate, compare, deploy, invoke")
    env_arg(p)
    p.set_defaults(func=_lifecycle)


def _lifecycle(args) -> int:
    from thaiocr.deploy.lifecycle import run

    return run(args.env)


def _deploy(args) -> int:
    from thaiocr.deploy.endpoints import deploy

    deploy(args.env, args.version, asynchronous=args.asynchronous)
    return 0


def _undeploy(args) -> int:
    from thaiocr.deploy.endpoints import undeploy

    undeploy(args.env, asynchronous=args.asynchronous)
    return 0


def _invoke(args) -> int:
    from thaiocr.deploy.invoke import invoke

    invoke(args.env, args.file, asynchronous=args.asynchronous)
    return 0


def _cost(args) -> int:
    from thaiocr.deploy.cost import report

    report(args.env, args.rate)
    return 0
