"""`resumepilot render` without typer: read a JSON Resume file, render it, write the file.

The command line is parsed with argparse here because typer, click and rich cost more start-up
than the render itself (~100 ms against ~15 ms of Typst). `resumepilot.__main__` sends
`resumepilot render ...` straight here; the typer command in cli.py calls `run_render` too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

MAX_RESUME_BYTES = 1_000_000


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def run_render(
    resume: Path,
    template: str = "classic",
    fmt: str = "pdf",
    output: Path | None = None,
    role: str | None = None,
    fit_one_page: bool = False,
    paper: str = "letter",
    echo: Callable[[str], None] = _stderr,
) -> int:
    """Renders `resume` to a file; returns the exit code (0, or 2 for bad input or options)."""
    import json

    from resumepilot.documents.render import UnknownFormatError, render_resume
    from resumepilot.documents.resume import ResumeError
    from resumepilot.documents.roles import UnknownRoleError
    from resumepilot.documents.themes import UnknownTemplateError

    def fail(message: str) -> int:
        echo(f"error: {message}")
        return 2

    try:
        raw = resume.read_bytes()
    except OSError as exc:
        return fail(f"{resume}: cannot read ({exc.strerror})")
    if len(raw) > MAX_RESUME_BYTES:
        return fail(f"{resume}: larger than {MAX_RESUME_BYTES // 1000} kB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return fail(f"{resume}: not UTF-8 text")
    except json.JSONDecodeError as exc:
        return fail(f"{resume}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
    if paper not in ("letter", "a4"):
        return fail("--paper must be letter or a4")
    try:
        result = render_resume(data, template, fmt, role, fit_one_page, paper=paper)
    except ResumeError as exc:
        for line in exc.errors:
            echo(f"error: {resume}: {line}")
        return 2
    except (UnknownTemplateError, UnknownRoleError, UnknownFormatError) as exc:
        return fail(str(exc))
    target = output or Path(result.filename)
    # Written beside the target and renamed, so a failure never leaves half a file behind.
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(result.content)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        return fail(f"{target}: cannot write ({exc.strerror})")
    pages = f"{result.page_count} page{'s' if result.page_count != 1 else ''}"
    estimate = "" if result.page_count_exact else " (as laid out in the PDF)"
    echo(f"wrote {target} ({result.fmt}, {result.template}, {pages}{estimate})")
    for warning in result.warnings:
        echo(f"warning: {warning}")
    return 0


def parser() -> argparse.ArgumentParser:
    """The options of `resumepilot render`, the same as the typer command's."""
    import argparse

    cli = argparse.ArgumentParser(
        prog="resumepilot render",
        description="Render a JSON Resume file to PDF, LaTeX, Word or Typst.",
    )
    cli.add_argument("resume", type=Path, help="A JSON Resume file.")
    cli.add_argument("--template", "-t", default="classic", help="Template name.")
    cli.add_argument("--format", "-f", dest="fmt", default="pdf", help="pdf, latex, docx, typst.")
    cli.add_argument("--output", "-o", type=Path, default=None, help="Output file.")
    cli.add_argument("--role", default=None, help="Target role, e.g. new_graduate.")
    cli.add_argument("--fit-one-page", action="store_true", help="Tighten to one page.")
    cli.add_argument("--paper", default="letter", help="letter or a4.")
    return cli


# Options that take a value, by every spelling, and the run_render argument each one sets.
_VALUE_OPTIONS = {
    "--template": "template",
    "-t": "template",
    "--format": "fmt",
    "-f": "fmt",
    "--output": "output",
    "-o": "output",
    "--role": "role",
    "--paper": "paper",
}


def quick_parse(argv: Sequence[str]) -> dict[str, Any] | None:
    """The arguments of a plain command line, or None for anything argparse should judge.

    Building an ArgumentParser imports shutil and its compression modules (~3 ms of a ~70 ms
    process); a well-formed command line does not need it. Help, unknown options, repeated or
    missing values and every other oddity go to `parser()`, which explains them.
    """
    found: dict[str, Any] = {}
    tokens = list(argv)
    while tokens:
        token = tokens.pop(0)
        name, has_value, value = token.partition("=")
        if token == "--fit-one-page" and "fit_one_page" not in found:
            found["fit_one_page"] = True
        elif name in _VALUE_OPTIONS and _VALUE_OPTIONS[name] not in found:
            if not has_value:
                if not tokens or tokens[0].startswith("-"):
                    return None
                value = tokens.pop(0)
            if name.startswith("-") and not name.startswith("--") and has_value:
                return None  # "-t=x" means "=x" to argparse; let it say so
            found[_VALUE_OPTIONS[name]] = value
        elif not token.startswith("-") and "resume" not in found:
            found["resume"] = Path(token)
        else:
            return None
    if "resume" not in found:
        return None
    if "output" in found:
        found["output"] = Path(found["output"])
    return found


def main(argv: Sequence[str]) -> int:
    """`resumepilot render ARGV...`; returns the exit code (argparse exits 2 on bad usage)."""
    quick = quick_parse(argv)
    if quick is not None:
        return run_render(**quick)
    args = parser().parse_args(list(argv))
    return run_render(
        args.resume, args.template, args.fmt, args.output, args.role, args.fit_one_page, args.paper
    )
