"""`thaiocr fonts fetch`: OFL Thai families from the npm registry, as TTF under .cache/fonts."""
from __future__ import annotations

from thaiocr.cli import group


def register(sub) -> None:
    fonts = group(sub, "fonts", "extra Thai fonts for synthesis (OFL families from npm)")
    p = fonts.add_parser("fetch", help="fetch the families pinned in configs/fonts.yaml and convert them to TTF",
                         description="Download pinned fontsource packages with npm, verify their sha512, merge "
                                     "their Thai and Latin subsets and write TTFs to .cache/fonts (git-ignored), "
                                     "where dataset specs pick them up (fonts.optional).")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=_fetch)


def _fetch(args) -> int:
    from thaiocr.fonts.fetch import fetch_fonts

    paths = fetch_fonts(progress=not args.quiet)
    print(f"{len(paths)} font files in {paths[0].parent if paths else '.cache/fonts'}")
    return 0
