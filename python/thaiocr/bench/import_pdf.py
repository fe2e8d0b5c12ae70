"""`thaiocr bench import-pdf`: seconds for a 100-page Thai PDF to become line images (goal: < 60 s on 2 cores).

Makes the PDF itself (fpdf2, a TLWG face, 30 lines a page of mixed Thai, digits and Latin) unless --pdf
names one. Reports wall time and CPU time; on a shared machine the CPU time divided by the cores is the
wall time an idle machine would take.
"""
from __future__ import annotations

import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

from thaiocr.errors import UserError

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
# fpdf2 maps sara am and some vowel + tone stacks to wrong code points (import-pdf refuses those lines),
# so the benchmark text avoids them and every line goes the whole way: checks, crop, PNG.
LINES = ["ระเบียบกระทรวงการคลังว่าด้วยการเบิกจ่ายเงินจากคลัง พ.ศ. 2562 ข้อ {n}",
         "ให้ส่วนราชการจัดทายงานผลการดาเนินงานเสนอต่อคณะกรรมการภายใน 30 วัน",
         "The committee met on {n} March to review the budget (Section 4.{n})",
         "ผู้ใหญ่บ้านแจ้งว่าโครงการพัฒนาแหล่งน้าจะเปิดในเดือนหน้า ({n} แห่ง)"]


def add_arguments(p) -> None:
    p.add_argument("--pages", type=int, default=100, help="pages of the generated PDF (default 100)")
    p.add_argument("--pdf", type=Path, help="benchmark this PDF instead of a generated one")
    p.add_argument("--workers", type=int, default=os.cpu_count(), help="worker processes (default: all cores)")
    p.add_argument("--dpi", type=int, default=200)


def make_pdf(path: Path, pages: int) -> Path:
    try:
        import fpdf
    except ModuleNotFoundError:
        raise UserError("the generated benchmark PDF needs fpdf2 (pip install fpdf2 uharfbuzz)",
                        hint="or pass --pdf FILE") from None
    if not FONT.is_file():
        raise UserError(f"font missing: {FONT} (apt-get install fonts-thai-tlwg)", hint="or pass --pdf FILE")
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning, module="fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("Laksaman", fname=str(FONT))
    pdf.set_font("Laksaman", size=15)
    pdf.set_text_shaping(True)
    for page in range(pages):
        pdf.add_page()
        for i in range(30):
            pdf.cell(0, 8.5, LINES[i % len(LINES)].format(n=page * 30 + i), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _cpu_seconds() -> float:
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(args) -> int:
    from thaiocr.data.import_pdf import Options, import_pdfs

    with tempfile.TemporaryDirectory(prefix="bench-import-pdf-") as tmp:
        pdf = args.pdf or make_pdf(Path(tmp) / "bench.pdf", args.pages)
        cpu0, t0 = _cpu_seconds(), time.perf_counter()
        result = import_pdfs([pdf], Path(tmp) / "out", name="bench", opts=Options(dpi=args.dpi), split="test",
                             workers=args.workers, progress=False)
        wall, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    m = result.manifest
    pages = sum(d["pages"] for d in m["documents"])
    lines = m["counts"]["test"]
    cores = args.workers or 1
    refused = ", ".join(f"{k} {v}" for k, v in m["refusals"].items()) or "none"
    print(f"import-pdf: {pages} pages, {lines} lines at {args.dpi} dpi, {cores} workers; refused: {refused}")
    print(f"  wall {wall:.1f} s ({pages / wall:.1f} pages/s); CPU {cpu:.1f} s -> idle-machine estimate "
          f"{cpu / cores:.1f} s ({100 * cpu / cores / pages:.1f} s per 100 pages)")
    print(f"  {date.today().isoformat()} on {platform.node()} ({os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f})")
    return 0
