"""Whole-process PDF render: `resumepilot render` against `rendercv render`, same resume, one run.

RenderCV 2.x needs Python 3.12 and stays out of our dependencies; set it up once, outside the repo:
    /root/.pyenv/versions/3.12.1/bin/python -m venv /tmp/s14-rendercv
    /tmp/s14-rendercv/bin/pip install "rendercv[full]"
Run: .venv/bin/python bench/render_vs_rendercv.py [--runs 10] [--rendercv PATH]
The floor row is a bare Python process compiling our own Typst source for the same resume.

Offline, RenderCV's Typst template cannot download `@preview/fontawesome:0.6.0`; this script
writes a stub of it (fa-icon draws nothing) into a temporary Typst package cache and points
XDG_CACHE_HOME and TYPST_PACKAGE_CACHE_PATH there. Icons are therefore missing from RenderCV's
PDF; its render is otherwise untouched.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.render_inprocess import _cpu  # noqa: E402

_STUB_TOML = """[package]
name = "fontawesome"
version = "0.6.0"
entrypoint = "lib.typ"
"""
_STUB_LIB = "#let fa-icon(name, ..args) = []\n"

# The floor (issue 14): a bare Python process that only compiles our own Typst source for the
# same resume, with the same Typst settings (no system fonts; classic needs only Typst's own).
_FLOOR = """import sys, typst
compiler = typst.Compiler(font_paths=[], ignore_system_fonts=True)
with open(sys.argv[2], "wb") as out:
    out.write(compiler.compile(open(sys.argv[1], "rb").read(), format="pdf"))
"""


def write_fontawesome_stub(cache: Path) -> None:
    """A do-nothing @preview/fontawesome:0.6.0 in a Typst package cache rooted at `cache`."""
    folder = cache / "typst" / "packages" / "preview" / "fontawesome" / "0.6.0"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "typst.toml").write_text(_STUB_TOML)
    (folder / "lib.typ").write_text(_STUB_LIB)


def _month(date: str | None) -> str:
    return date[:7] if date else "present"


def rendercv_yaml(resume: dict) -> str:
    """The same resume in RenderCV's input format (JSON is valid YAML)."""
    b = resume["basics"]
    sections: dict[str, list] = {"Summary": [b["summary"]]}
    sections["Experience"] = [
        {
            "company": w["name"],
            "position": w["position"],
            "location": w.get("location", ""),
            "start_date": _month(w.get("startDate")),
            "end_date": _month(w.get("endDate")),
            "highlights": w.get("highlights", []),
        }
        for w in resume["work"]
    ]
    sections["Skills"] = [
        {"label": s["name"], "details": ", ".join(s["keywords"])} for s in resume["skills"]
    ]
    sections["Projects"] = [
        {"name": p["name"], "date": p.get("startDate", ""), "highlights": [p["description"]]}
        for p in resume["projects"]
    ]
    sections["Education"] = [
        {
            "institution": e["institution"],
            "area": e["area"],
            "degree": e["studyType"],
            "start_date": _month(e.get("startDate")),
            "end_date": _month(e.get("endDate")),
            "highlights": [f"Grade: {e['score']}", "Courses: " + ", ".join(e["courses"])],
        }
        for e in resume["education"]
    ]
    sections["Certifications"] = [
        {"label": c["name"], "details": f"{c['issuer']}, {c['date']}"}
        for c in resume["certificates"]
    ]
    sections["Awards"] = [
        {"label": a["title"], "details": f"{a['awarder']}, {a['date']}"} for a in resume["awards"]
    ]
    sections["Languages"] = [
        {"label": lang["language"], "details": lang["fluency"]} for lang in resume["languages"]
    ]
    cv = {
        "name": b["name"],
        "location": "Toronto, ON",
        "email": b["email"],
        "website": b["url"],
        "social_networks": [
            {"network": p["network"], "username": p["username"]} for p in b["profiles"]
        ],
        "sections": sections,
    }
    return json.dumps({"cv": cv, "design": {"theme": "classic"}}, ensure_ascii=False, indent=1)


# CPU seconds (user + system) of each run, beside its wall time: on a shared, busy machine the
# wall time also holds the time spent waiting for a core, which the CPU time does not.
CPU: dict[tuple[str, ...], list[float]] = {}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stdout.decode()}\n{proc.stderr.decode()}")
    CPU.setdefault(tuple(cmd), []).append(_children_cpu() - cpu_before)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rendercv", default="/tmp/s14-rendercv/bin/rendercv")
    parser.add_argument("--resumepilot", default=str(ROOT / ".venv" / "bin" / "resumepilot"))
    args = parser.parse_args()
    if not Path(args.rendercv).exists() and not shutil.which(args.rendercv):
        sys.exit(f"{args.rendercv} not found; see the set-up steps at the top of this file")

    sample = json.loads(
        (resources.files("resumepilot.documents") / "data" / "sample.json").read_text("utf-8")
    )
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        work = Path(tmp)
        write_fontawesome_stub(work / "cache")
        (work / "resume.json").write_text(json.dumps(sample, ensure_ascii=False), "utf-8")
        (work / "cv.yaml").write_text(rendercv_yaml(sample), "utf-8")
        env = {
            **os.environ,
            "XDG_CACHE_HOME": str(work / "cache"),
            "TYPST_PACKAGE_CACHE_PATH": str(work / "cache" / "typst" / "packages"),
        }
        # Some sandboxes set this; a user's machine does not. With it every process compiles
        # every module from source again (~40 ms for us, more for RenderCV), which is not the
        # start-up anyone pays after the first run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ours = [
            args.resumepilot,
            "render",
            "resume.json",
            "--template",
            "classic",
            "--format",
            "pdf",
            "--output",
            "ours.pdf",
        ]
        # The same render through the typer app (what `resumepilot render` cost before issue 14).
        alone = [sys.executable, "-m", "resumepilot.resumes", *ours[1:]]
        (work / "floor.py").write_text(_FLOOR)
        subprocess.run(
            [*ours[:2], "resume.json", "--format", "typst", "--output", "ours.typ"],
            env=env,
            cwd=work,
            check=True,
            capture_output=True,
        )
        floor = [sys.executable, "floor.py", "ours.typ", "floor.pdf"]
        theirs = [
            args.rendercv,
            "render",
            "cv.yaml",
            "-nomd",
            "-nohtml",
            "-nopng",
            "-q",
            "-o",
            "rendercv_out",
        ]
        # One untimed run each fills the OS page cache and checks both commands work.
        _time(ours, env, work)
        _time(alone, env, work)
        _time(theirs, env, work)
        _time(floor, env, work)
        CPU.clear()
        load_before = os.getloadavg()[0]
        ours_s, alone_s, theirs_s, floor_s = [], [], [], []
        for _ in range(args.runs):  # interleaved, so machine noise hits all alike
            ours_s.append(_time(ours, env, work))
            alone_s.append(_time(alone, env, work))
            theirs_s.append(_time(theirs, env, work))
            floor_s.append(_time(floor, env, work))
        pdfs = list((work / "rendercv_out").rglob("*.pdf"))
        assert pdfs and (work / "ours.pdf").stat().st_size > 0

    load_after = os.getloadavg()[0]

    def cpu(cmd: list[str]) -> float:
        return statistics.median(CPU[tuple(cmd)])

    def row(name: str, cmd: list[str], samples: list[float]) -> str:
        shown = " ".join(Path(cmd[0]).name if i == 0 else c for i, c in enumerate(cmd))
        return (
            f"| {name} | `{shown}` | {statistics.median(samples) * 1000:.0f} | "
            f"{min(samples) * 1000:.0f} | {max(samples) * 1000:.0f} | {cpu(cmd) * 1000:.0f} |"
        )

    ratio = statistics.median(theirs_s) / statistics.median(ours_s)
    print(f"date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}  ")
    print(f"machine: {_cpu()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}  ")
    print(
        f"command: `python bench/render_vs_rendercv.py --runs {args.runs}` "
        f"(whole process, same resume, one-page PDF, runs interleaved)  "
    )
    print(f"1-minute load average: {load_before:.1f} before, {load_after:.1f} after\n")
    print("| tool | command | median ms | min ms | max ms | median CPU ms |")
    print("|---|---|---:|---:|---:|---:|")
    print(row("ResumePilot", ours, ours_s))
    print(row("ResumePilot through the typer app", alone, alone_s))
    print(row("RenderCV", theirs, theirs_s))
    print(row("floor: Python + typst compile of our source", floor, floor_s))
    alone_ratio = statistics.median(theirs_s) / statistics.median(alone_s)
    over_floor = statistics.median(ours_s) / statistics.median(floor_s)
    print(f"\nRenderCV / ResumePilot median: **{ratio:.1f}x** (through typer: {alone_ratio:.1f}x)")
    print(f"ResumePilot / floor median: **{over_floor:.2f}x**")
    cpu_ratio = cpu(ours) / cpu(floor)
    print(f"ResumePilot / floor, median CPU time: **{cpu_ratio:.2f}x**")


if __name__ == "__main__":
    main()
