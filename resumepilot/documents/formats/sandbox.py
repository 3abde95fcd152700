"""Compile LaTeX with pdflatex/xelatex locked down: no shell escape, no reads or writes outside
the working folder, a time limit, a throwaway directory.

Stock TeX Live lets a document \\input any file the user can read (openin_any=a); user-supplied
LaTeX must never be compiled without these settings.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_PAGES = re.compile(r"Output written on .*?\((\d+) pages?", re.DOTALL)


class LatexUnavailableError(RuntimeError):
    """The TeX engine is not installed."""


class LatexCompileError(RuntimeError):
    """The engine failed or ran out of time; `log` holds the tail of its log."""

    def __init__(self, message: str, log: str = "") -> None:
        super().__init__(message)
        self.log = log


@dataclass
class LatexPdf:
    pdf: bytes
    page_count: int
    log: str


def engine_available(engine: str = "pdflatex") -> bool:
    """True when `engine` is on PATH."""
    return shutil.which(engine) is not None


def compile_latex(source: str, engine: str = "pdflatex", timeout: float = 60.0) -> LatexPdf:
    """PDF of a LaTeX source, compiled in a sandboxed temporary directory."""
    if engine not in ("pdflatex", "xelatex"):
        raise ValueError(f"unsupported engine {engine!r}")
    exe = shutil.which(engine)
    if exe is None:
        raise LatexUnavailableError(f"{engine} is not installed")
    with tempfile.TemporaryDirectory(prefix="resumepilot-tex-") as tmp:
        folder = Path(tmp)
        (folder / "resume.tex").write_text(source, encoding="utf-8")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": tmp,
            # p = paranoid: only files below the working folder, no dot files, no absolute paths.
            "openin_any": "p",
            "openout_any": "p",
            "shell_escape": "f",
            "TEXMFOUTPUT": tmp,
            "TEXMFVAR": str(folder / ".texmf-var"),
            "LANG": "C.UTF-8",
        }
        cmd = [
            exe,
            "-no-shell-escape",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            "resume.tex",
        ]
        try:
            proc = subprocess.run(
                cmd,
                cwd=tmp,
                env=env,
                capture_output=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise LatexCompileError(f"{engine} took longer than {timeout:.0f} s") from exc
        log_path = folder / "resume.log"
        log = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
        # kpathsea reports refused files (openin_any) on the terminal, not in the log.
        terminal = (proc.stdout + proc.stderr).decode("utf-8", "replace")
        pdf_path = folder / "resume.pdf"
        if proc.returncode != 0 or not pdf_path.exists():
            raise LatexCompileError(
                f"{engine} failed (exit {proc.returncode})", log[-3000:] + terminal[-3000:]
            )
        match = _PAGES.search(log)
        return LatexPdf(pdf_path.read_bytes(), int(match.group(1)) if match else 0, log)
