"""Themes are small TOML option files over themes/base.toml; Layout turns one into sizes."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from resumepilot.documents.cache import cache_folder
from resumepilot.documents.record import Record

# Fit-to-one-page steps: each shrinks type and space a little. The floor keeps body text at a
# readable 9 pt and margins at 8 mm, whatever the theme.
FIT_STEPS = 5
MIN_FONT_PT = 9.0
MIN_MARGIN_MM = 8.0


class UnknownTemplateError(ValueError):
    """A template name that has no theme file."""


class Theme(Record, frozen=True):
    name: str
    description: str
    font: str
    font_size: float
    name_size: float
    label_size: float
    heading_size: float
    margin_x_mm: float
    margin_y_mm: float
    leading: float
    section_gap_pt: float
    entry_gap_pt: float
    bullet_gap_pt: float
    accent: str
    header_align: str
    name_case: str
    heading_case: str
    heading_weight: str
    heading_rule: bool
    contact_separator: str
    bullet: str

    def tightened(self, step: int) -> Theme:
        """This theme `step` notches tighter (0 = as designed)."""
        if step <= 0:
            return self
        scale = 1 - 0.12 * step
        size = max(MIN_FONT_PT, self.font_size - 0.4 * step)
        shrink = size / self.font_size
        return self.replace(
            font_size=round(size, 2),
            name_size=round(self.name_size * shrink, 2),
            label_size=round(max(MIN_FONT_PT, self.label_size * shrink), 2),
            heading_size=round(max(MIN_FONT_PT, self.heading_size * shrink), 2),
            margin_x_mm=round(max(MIN_MARGIN_MM, self.margin_x_mm * scale), 2),
            margin_y_mm=round(max(MIN_MARGIN_MM, self.margin_y_mm * scale), 2),
            leading=round(max(0.4, self.leading * (1 - 0.06 * step)), 3),
            section_gap_pt=round(self.section_gap_pt * scale, 2),
            entry_gap_pt=round(self.entry_gap_pt * scale, 2),
            bullet_gap_pt=round(self.bullet_gap_pt * scale, 2),
        )


THEMES = Path(__file__).parent / "themes"


def _read(name: str) -> dict[str, object]:
    path = THEMES / f"{name}.toml"
    if not path.is_file():
        raise UnknownTemplateError(
            f"unknown template {name!r}; choose one of: {', '.join(template_names())}"
        )
    return _parsed_toml(path)


def _parsed_toml(path: Path) -> dict[str, object]:
    """The TOML file's options, kept as JSON in the cache folder.

    Importing tomllib costs a short `resumepilot render` process about 5 ms; reading JSON it has
    loaded anyway costs nothing. The cache key is the file's size and modification time, so an
    edited theme is parsed again.
    """
    stat = path.stat()
    folder = cache_folder("themes")
    cached = folder / f"{path.stem}-{stat.st_size}-{stat.st_mtime_ns}.json" if folder else None
    if cached is not None:
        try:
            options: dict[str, object] = json.loads(cached.read_text(encoding="utf-8"))
            return options
        except (OSError, ValueError):
            pass
    import tomllib

    options = tomllib.loads(path.read_text(encoding="utf-8"))
    if cached is not None:
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")
        try:
            partial.write_text(json.dumps(options), encoding="utf-8")
            partial.replace(cached)  # atomic: a reader never sees half a file
        except OSError:
            partial.unlink(missing_ok=True)
    return options


@cache
def template_names() -> tuple[str, ...]:
    """Names of the shipped templates, in menu order."""
    names = sorted(p.name[:-5] for p in THEMES.iterdir() if p.name.endswith(".toml"))
    names.remove("base")
    first = [n for n in ("classic", "modern", "compact", "academic") if n in names]
    return tuple(first + [n for n in names if n not in first])


@cache
def load_theme(name: str) -> Theme:
    """The theme `name`: base options overlaid with the theme's own file."""
    if name == "base" or not name.replace("_", "").replace("-", "").isalnum():
        raise UnknownTemplateError(
            f"unknown template {name!r}; choose one of: {', '.join(template_names())}"
        )
    options = {**_read("base"), **_read(name), "name": name}
    known = set(Theme.field_names())
    unknown = set(options) - known
    if unknown:
        raise ValueError(f"theme {name}: unknown options {sorted(unknown)}")
    return Theme(**options)  # type: ignore[arg-type]
