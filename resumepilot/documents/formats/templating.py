"""Jinja2 environments whose every `<< value >>` is escaped for the target language (LaTeX;
Typst is written by typst_markup.py).

Escaping sits in `finalize`, so a template cannot forget it: only values marked with the
`safe` filter (our own option strings) or produced by our URL/string filters skip it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from resumepilot.documents.cache import cache_folder
from resumepilot.documents.escape import (
    latex_escape,
    latex_url,
    typst_escape,
)


def _number(value: float) -> str:
    # Fixed precision keeps golden files stable across platforms.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _finalizer(escape: Callable[[str], str]) -> Callable[[Any], str]:
    def finalize(value: Any) -> str:
        if isinstance(value, Markup):
            return str(value)
        if isinstance(value, bool) or value is None:
            raise TypeError(f"template printed {value!r}; test it with if instead")
        if isinstance(value, int | float):
            return _number(float(value))
        return escape(str(value))

    return finalize


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    folder = cache_folder("jinja")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder else None


@cache
def environment(language: str) -> jinja2.Environment:
    """The Jinja2 environment for 'latex' or 'typst'."""
    escape = {"latex": latex_escape, "typst": typst_escape}[language]
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("resumepilot.documents.formats", "templates"),
        # Angle delimiters never occur in our LaTeX or Typst and user text never reaches the
        # template source, so there is no clash with either language's braces or hashes.
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        finalize=_finalizer(escape),
        # Compiled templates are kept on disk: compiling base.tex.j2 costs ~15 ms of every
        # LaTeX render process. Jinja checks each template's source is unchanged.
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["lurl"] = lambda v: Markup(latex_url(str(v)))
    return env
