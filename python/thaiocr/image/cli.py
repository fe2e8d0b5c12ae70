"""`thaiocr image build` and `thaiocr paddleocr fetch`: the training image and the pinned PaddleOCR source."""
from __future__ import annotations

from thaiocr.cli import group
from thaiocr.envs import env_arg


def register(sub) -> None:
    image = group(sub, "image", "the GPU training image (docker/train.Dockerfile)")
    p = image.add_parser("build", help="build, tag with the git SHA and push to ENV's ECR repository",
                         description="Build docker/train.Dockerfile, tag it with the git SHA and push it to "
                                     "the ECR repository of ENV (refuses a dirty tree unless FORCE=1).")
    env_arg(p)
    p.add_argument("--force", action="store_true", default=None, help="build from a dirty tree (also FORCE=1)")
    p.add_argument("--serve", action="store_true",
                   help="the serving image instead (docker/serve.Dockerfile, tagged serve-<sha>: what make deploy runs)")
    p.set_defaults(func=_build)
    p = image.add_parser("pin-base", help="pin each Dockerfile's base image to its tag's current digest",
                         description="Resolve the FROM tag of docker/train.Dockerfile and docker/serve.Dockerfile "
                                     "in its registry and write the digest into the FROM line (needs Docker).")
    p.set_defaults(func=_pin_base)

    src = group(sub, "paddleocr", "the pinned PaddleOCR training source")
    f = src.add_parser("fetch", help="put the pinned PaddleOCR release into .cache/PaddleOCR (or PADDLEOCR_HOME)")
    f.add_argument("--force", action="store_true", help="replace an existing tree")
    f.set_defaults(func=_fetch)


def _build(args) -> int:
    from thaiocr.image.build import build

    return build(args.env, force=args.force, serve=args.serve)


def _pin_base(args) -> int:
    from thaiocr.image.base import pin_all

    for line in pin_all():
        print(line)
    return 0


def _fetch(args) -> int:
    from thaiocr.image.paddleocr_fetch import fetch

    print(fetch(force=args.force))
    return 0
