"""`thaiocr local up|down|status`: the moto server standing in for AWS."""
from __future__ import annotations

from thaiocr.cliutil import group


def register(sub) -> None:
    local = group(sub, "local", "the local AWS stand-in (a moto server on 127.0.0.1)")
    local.add_parser("up", help="start it (no-op when running)").set_defaults(func=_up)
    local.add_parser("down", help="stop it").set_defaults(func=_down)
    local.add_parser("status", help="say whether it runs").set_defaults(func=_status)


def _up(args) -> int:
    from thaiocr.aws import local_stack

    print(f"local stack: {local_stack.ensure_running()}")
    return 0


def _down(args) -> int:
    from thaiocr.aws import local_stack

    print("local stack stopped" if local_stack.stop() else "local stack was not running")
    return 0


def _status(args) -> int:
    from thaiocr.aws import local_stack

    state = local_stack.status()
    print(f"local stack: running at {state['endpoint']} (pid {state['pid']})" if state else "local stack: not running")
    return 0 if state else 1
