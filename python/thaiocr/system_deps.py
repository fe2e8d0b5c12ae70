"""Debian packages the project needs, checked (and installed when root) before the venv exists.

Stdlib only: runs under the system Python from `make setup`.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys

LOCK_TIMEOUT_S = 300

# package -> how we know it is there
PACKAGES = {
    "fonts-thai-tlwg": ("file", "/usr/share/fonts/truetype/tlwg"),
    "fonts-noto-core": ("file", "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf"),
    "tesseract-ocr": ("cmd", "tesseract"),  # the binary: the language packs alone do not pull it in
    "tesseract-ocr-tha": ("tesseract-lang", "tha"),
    "tesseract-ocr-eng": ("tesseract-lang", "eng"),
    "fontconfig": ("cmd", "fc-list"),
    "poppler-utils": ("cmd", "pdftoppm"),  # PDF pages and text layers (data import-pdf, ocr)
    "python3-venv": ("venv", ""),
}


def _tesseract_langs() -> set[str]:
    if not shutil.which("tesseract"):
        return set()
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return {line.strip() for line in (out.stdout + out.stderr).splitlines()[1:]}


def missing_packages() -> list[str]:
    langs: set[str] | None = None
    missing = []
    for pkg, (kind, what) in PACKAGES.items():
        if kind == "file":
            ok = os.path.exists(what)
        elif kind == "cmd":
            ok = shutil.which(what) is not None
        elif kind == "venv":
            ok = subprocess.run([sys.executable, "-c", "import ensurepip, venv"], capture_output=True).returncode == 0
        else:
            langs = _tesseract_langs() if langs is None else langs
            ok = what in langs
        if not ok:
            missing.append(pkg)
    return missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Check (and, as root, install) the Debian packages thai-ocr needs.")
    ap.add_argument("--install", action="store_true", help="install missing packages with apt-get when running as root")
    args = ap.parse_args(argv)
    missing = missing_packages()
    if not missing:
        return 0
    if args.install and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"installing Debian packages: {' '.join(missing)}", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        lock = ["-o", f"DPkg::Lock::Timeout={LOCK_TIMEOUT_S}"]  # wait for another apt rather than die
        for cmd in (["apt-get", *lock, "update", "-qq"],
                    ["apt-get", *lock, "install", "-y", "-qq", "--no-install-recommends", *missing]):
            if subprocess.run(cmd, env=env).returncode != 0:
                print(f"error: `{' '.join(cmd)}` failed (see above); install the packages by hand and rerun",
                      file=sys.stderr)
                return 1
        still = missing_packages()
        if still:
            print(f"error: still missing after apt-get: {' '.join(still)}", file=sys.stderr)
            return 1
        return 0
    print(
        f"thaiocr: missing Debian packages: {' '.join(missing)} "
        f"(run: sudo apt-get install {' '.join(missing)}); continuing, tests that need them will skip",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
