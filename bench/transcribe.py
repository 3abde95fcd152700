"""Speech to text benchmark: word error rate and whole-command real-time factor on the shared
dev set for the stock PocketSphinx setup and ours, in the same run; WER on our own synthetic
set (other voices, speeds and noise; bench/transcribe_sets.py); and transcriptions per
minute with 4 concurrent transcriptions (threads and processes) beside one at a time.

    .venv/bin/python bench/transcribe.py [--skip-stock] [--skip-sets] [--skip-load]

Writes a summary to stdout and bench/out/transcribe.json.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import importlib.util
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
VOICE = ROOT.parent / "shared" / "eval" / "voice"
OUT = ROOT / "bench" / "out"
PY = sys.executable
sys.path.insert(0, str(ROOT))


def wer_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_wer", VOICE / "wer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_wer(command: list[str]) -> dict[str, float | str]:
    """wer.py runs `command` once per dev case (a fresh process each: start-up included)."""
    p = subprocess.run(
        [PY, str(VOICE / "wer.py"), str(VOICE / "dev.jsonl"), "--", *command],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    last = p.stdout.strip().splitlines()[-1]
    m = re.match(r"wer: ([\d.]+)% cases: (\d+) rtf: ([\d.]+|n/a)", last)
    if not m:
        raise SystemExit(f"wer.py failed: {p.stdout}\n{p.stderr}")
    return {
        "wer": float(m.group(1)),
        "cases": int(m.group(2)),
        "rtf": m.group(3),
        "per_case": p.stdout.strip().splitlines()[:-1],
    }


def synthetic_sets() -> dict[str, dict[str, float]]:
    """WER per voice/noise condition, our engine in one process (decode time, not start-up)."""
    from bench.transcribe_sets import VOICES, make_set
    from resumepilot.speech.builtin import BuiltinTranscriber
    from resumepilot.speech.decode import decode

    wer = wer_module()
    engine = BuiltinTranscriber()
    results: dict[str, dict[str, float]] = {}
    for condition in VOICES:
        set_file = make_set(OUT / "voice", condition)
        edits = words = 0
        audio_s = spent = 0.0
        for case in wer.load_set(str(set_file)):
            audio = decode(case["wav_path"])
            started = time.perf_counter()
            text = engine.transcribe(audio).text
            spent += time.perf_counter() - started
            audio_s += audio.duration_s
            ref = wer.normalize(case["text"])
            edits += wer.edit_distance(ref, wer.normalize(text))
            words += len(ref)
        results[condition] = {
            "wer": round(100 * edits / words, 2),
            "decode_rtf": round(spent / audio_s, 3),
        }
        print(
            f"  {condition:16s} wer {results[condition]['wer']:5.1f}%  "
            f"decode rtf {results[condition]['decode_rtf']:.3f}",
            flush=True,
        )
    return results


def _one(path: str) -> float:
    from resumepilot.speech.decode import decode
    from resumepilot.speech.pipeline import build_transcriber
    from resumepilot.speech.settings import SpeechSettings

    engine = _ENGINE.get("engine") or build_transcriber(SpeechSettings())
    _ENGINE["engine"] = engine
    return engine.transcribe(decode(path)).duration_s


_ENGINE: dict[str, object] = {}


def throughput(jobs: int = 16) -> dict[str, dict[str, float]]:
    """Transcriptions per minute: 1 at a time, then 4 at once in threads and in processes
    (each worker warmed up first, as a long-running worker is)."""
    wavs = sorted(str(p) for p in VOICE.glob("dev_*.wav"))
    work = [wavs[i % len(wavs)] for i in range(jobs)]
    out: dict[str, dict[str, float]] = {}
    for label, pool_type, workers in (
        ("sequential", cf.ThreadPoolExecutor, 1),
        ("4 threads", cf.ThreadPoolExecutor, 4),
        ("4 processes", cf.ProcessPoolExecutor, 4),
    ):
        with pool_type(max_workers=workers) as pool:
            list(pool.map(_one, wavs[:workers]))  # warm-up: models loaded per worker
            started = time.perf_counter()
            audio = sum(pool.map(_one, work))
            elapsed = time.perf_counter() - started
        out[label] = {
            "jobs": jobs,
            "seconds": round(elapsed, 1),
            "per_minute": round(jobs * 60 / elapsed, 1),
            "audio_minutes_per_minute": round(audio / elapsed, 2),
        }
        print(
            f"  {label:12s} {out[label]['per_minute']:6.1f} transcriptions/min "
            f"({jobs} x ~11 s answers in {elapsed:.1f} s)",
            flush=True,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-stock", action="store_true")
    parser.add_argument("--skip-sets", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    report: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}",
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }
    print(f"{report['date']}  load {report['load_before']}", flush=True)
    ours = [
        PY,
        "-m",
        "resumepilot.speech",
        "transcribe",
        "{wav}",
        "--provider",
        "builtin",
        "--json",
    ]
    if not args.skip_stock:
        report["stock"] = run_wer([PY, str(ROOT / "bench" / "transcribe_stock.py"), "{wav}"])
        print(
            f"dev, stock PocketSphinx: wer {report['stock']['wer']}%  rtf {report['stock']['rtf']}",
            flush=True,
        )
    report["ours"] = run_wer(ours)
    print(
        f"dev, ours:               wer {report['ours']['wer']}%  rtf {report['ours']['rtf']}",
        flush=True,
    )
    if not args.skip_sets:
        print("synthetic set (bench/transcribe_sets.py), ours:")
        report["synthetic"] = synthetic_sets()
    if not args.skip_load:
        print("throughput, dev answers:")
        report["throughput"] = throughput()
    report["load_after"] = [round(x, 2) for x in os.getloadavg()]
    print(f"load after {report['load_after']}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "transcribe.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
