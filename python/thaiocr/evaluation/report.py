"""report.json (everything), report.md (for people), predictions.jsonl and three PNG plots."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

THAI_FONTS = ["DejaVu Sans", "Loma", "Garuda", "Noto Sans Thai", "Norasi", "Kinnari"]
BREAKDOWNS = (("CER by font", "by_font"), ("CER by effect", "by_effect"),
              ("CER by line length (reference characters)", "by_length"),
              ("CER with and without descenders (ุ ู ฺ ญ ฐ ฎ ฏ ฤ ฦ g j p q y , ; ( ) [ ] { } | _)", "by_descender"))


def show_char(c: str) -> str:
    """A combining mark alone renders on nothing: put it on a dotted circle, name the space."""
    if c == "":
        return "∅"
    if c == " ":
        return "␣"
    return f"◌{c}" if unicodedata.combining(c) or unicodedata.category(c) == "Mn" else c


def write_report(report: dict, lines: dict[str, list[dict]], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    path = out_dir / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(path)
    path = out_dir / "predictions.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for engine, rows in lines.items():
            for row in rows:
                f.write(json.dumps({"engine": engine, **row}, ensure_ascii=False) + "\n")
    written.append(path)
    written += plot_all(report, out_dir)
    path = out_dir / "report.md"
    path.write_text(markdown(report), encoding="utf-8")
    written.append(path)
    return written


def _pct(x) -> str:
    return "n/a" if x is None else f"{100 * x:.2f}%"


def _num(x, fmt="{:.1f}") -> str:
    return "n/a" if x is None else fmt.format(x)


def markdown(report: dict) -> str:
    engines = report["engines"]
    names = list(engines)
    ds, model = report["dataset"], report["model"]
    out = [
        "# Evaluation report", "",
        f"- created: {report['created']} on `{report['machine']}`",
        f"- model: `{model['path']}` ({model.get('model_name') or 'unnamed'}, backend {model['backend']}, "
        f"{model['device']}, dictionary {model['dictionary_size']} characters)",
        f"- dataset: `{ds['path']}` ({ds.get('name') or 'unnamed'}), split `{ds['split']}`, {ds['lines']} lines",
        f"- normalisation: {report['normalisation']}", "",
        "## Summary", "",
        "| engine | CER | CER (no spaces) | WER | line accuracy | ms/line | lines/s | p95 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in names:
        e = engines[n]
        out.append(f"| {n} | {_pct(e['cer'])} | {_pct(e['cer_nospace'])} | {_pct(e['wer'])} | "
                   f"{_pct(e['line_accuracy'])} | {_num(e['ms_per_line'])} | {_num(e['lines_per_s'])} | "
                   f"{_num(e['p95_ms'])} |")
    out += ["", "Model latency is per line amortised over batches of "
            f"{engines['model']['batch_size']}; baselines run one line at a time.", ""]
    for title, key in BREAKDOWNS:
        if key not in engines["model"]:
            continue  # a report from before this breakdown existed
        out += [f"## {title}", "", "| group | lines | " + " | ".join(names) + " |",
                "|---|---|" + "---|" * len(names)]
        groups = list(engines["model"][key])
        for g in groups:
            cells = [_pct(engines[n].get(key, {}).get(g, {}).get("cer")) for n in names]
            out.append(f"| {g} | {engines['model'][key][g]['lines']} | " + " | ".join(cells) + " |")
        out.append("")
    for n in names:
        out += [f"## Most frequent character confusions: {n}", "", "| reference | predicted | count |", "|---|---|---|"]
        for c in engines[n]["confusions"][:15]:
            out.append(f"| {show_char(c['ref'])} | {show_char(c['hyp'])} | {c['count']} |")
        out.append("")
    out += ["## Worst lines (model)", "", "| image | reference | prediction | CER |", "|---|---|---|---|"]
    for r in engines["model"]["worst"][:10]:
        out.append(f"| {r['image']} | {_md(r['ref'])} | {_md(r['hyp'])} | {_pct(r['cer'])} |")
    out += ["", "Plots: `cer_by_font.png`, `cer_by_length.png`, `cer_by_descender.png`, `confusions.png`. "
            "Every line: `predictions.jsonl`. Everything: `report.json`.", ""]
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|") or "∅"


def plot_all(report: dict, out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = THAI_FONTS  # fallback chain: Latin from DejaVu, Thai from TLWG/Noto
    import logging

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    engines = report["engines"]
    paths = [
        _grouped_bars(plt, engines, "by_font", "CER by font", out_dir / "cer_by_font.png"),
        _grouped_bars(plt, engines, "by_length", "CER by line length (reference characters)",
                      out_dir / "cer_by_length.png"),
        _confusion_chart(plt, engines, out_dir / "confusions.png"),
    ]
    if "by_descender" in engines["model"]:
        paths.append(_grouped_bars(plt, engines, "by_descender", "CER with and without descenders",
                                   out_dir / "cer_by_descender.png"))
    plt.close("all")
    return paths


def _grouped_bars(plt, engines: dict, key: str, title: str, path: Path) -> Path:
    import numpy as np

    groups = list(engines["model"][key])
    names = list(engines)
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(groups) * len(names) + 2), 4))
    width = 0.8 / len(names)
    x = np.arange(len(groups))
    for i, n in enumerate(names):
        vals = [100 * engines[n].get(key, {}).get(g, {}).get("cer", 0.0) for g in groups]
        ax.bar(x + i * width - 0.4 + width / 2, vals, width, label=n)
    labels = [f"{g}\n{engines['model'][key][g]['lines']} lines" for g in groups]
    ax.set_xticks(x, labels, rotation=30 if len(groups) > 6 else 0, ha="right" if len(groups) > 6 else "center")
    ax.set_ylabel("CER (%)")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path


def _confusion_chart(plt, engines: dict, path: Path) -> Path:
    names = list(engines)
    fig, axes = plt.subplots(1, len(names), figsize=(5 * len(names), 5), squeeze=False)
    for ax, n in zip(axes[0], names):
        conf = engines[n]["confusions"][:15][::-1]
        labels = [f"{show_char(c['ref'])} → {show_char(c['hyp'])}" for c in conf]
        ax.barh(range(len(conf)), [c["count"] for c in conf])
        ax.set_yticks(range(len(conf)), labels)
        ax.set_xlabel("count")
        ax.set_title(f"top confusions: {n}")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path
