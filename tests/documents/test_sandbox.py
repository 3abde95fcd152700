"""The TeX sandbox: raw LaTeX that tries to read or write outside its folder, or run programs."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from resumepilot.documents.formats.sandbox import LatexCompileError, compile_latex
from tests.documents.conftest import need_engine

HEADER = "\\documentclass{article}\\begin{document}\n"


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_reading_a_system_file_is_refused(engine: str) -> None:
    need_engine(engine)
    secret = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    with pytest.raises(LatexCompileError) as info:
        compile_latex(HEADER + "Host: \\input{/etc/hostname}\n\\end{document}\n", engine)
    assert "openin_any = p" in info.value.log
    assert not secret or f"Host: {secret}" not in info.value.log


def test_reading_a_relative_parent_file_is_refused() -> None:
    need_engine("pdflatex")
    with pytest.raises(LatexCompileError):
        compile_latex(HEADER + "\\input{../../../../etc/hostname}\n\\end{document}\n")


def test_shell_escape_does_not_run(tmp_path: Path) -> None:
    need_engine("pdflatex")
    marker = tmp_path / "pwned"
    out = compile_latex(
        HEADER + f"\\immediate\\write18{{touch {marker}}}ok\n\\end{{document}}\n", "pdflatex"
    )
    assert not marker.exists()
    assert out.page_count == 1


def test_writing_outside_the_folder_is_refused(tmp_path: Path) -> None:
    need_engine("pdflatex")
    target = tmp_path / "written.tex"
    source = (
        HEADER + f"\\newwrite\\f\\immediate\\openout\\f={target}\n"
        "\\immediate\\write\\f{x}\\immediate\\closeout\\f ok\n\\end{document}\n"
    )
    with contextlib.suppress(LatexCompileError):
        compile_latex(source)
    assert not target.exists()


def test_a_runaway_document_is_stopped() -> None:
    need_engine("pdflatex")
    with pytest.raises(LatexCompileError, match="longer than"):
        compile_latex(HEADER + "\\def\\x{\\x}\\x\n\\end{document}\n", timeout=2)


def test_environment_is_not_inherited() -> None:
    need_engine("pdflatex")
    os.environ["RESUMEPILOT_SECRET_FOR_TEST"] = "s3cr3t-value"
    try:
        # \\getenv is unavailable without shell escape; the log shows only our variables anyway.
        out = compile_latex(HEADER + "plain\n\\end{document}\n")
        assert "s3cr3t-value" not in out.log
    finally:
        del os.environ["RESUMEPILOT_SECRET_FOR_TEST"]
