"""The README's command reference and `scrutiny --help` name the same commands and options."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from scrutiny.pipeline.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def _reference_block() -> str:
    """The first fenced block after the README's "## Command line" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Command line\n", 1)[1]
    return section.split("```", 2)[1]


def documented() -> dict[str, set[str]]:
    """Command path ("ingest", "db upgrade") -> the options its reference line names."""
    commands: dict[str, set[str]] = {}
    current = None
    for line in _reference_block().splitlines():
        if line.startswith("scrutiny "):
            words = re.findall(r"[a-z][a-z-]*", line.split("[", 1)[0].split(" PATH")[0])
            path = [w for w in words[1:] if w.islower() and not w.startswith("-")]
            current = " ".join(path[:2] if path[:1] == ["db"] else path[:1])
            commands[current] = set()
        if current is not None:
            commands[current] |= set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", line))
    return commands


def offered() -> dict[str, set[str]]:
    """Command path -> every option `--help` lists for it (help itself aside)."""
    found: dict[str, set[str]] = {}

    def walk(group: click.Group, prefix: str) -> None:
        for name, command in group.commands.items():
            path = f"{prefix} {name}".strip()
            if isinstance(command, click.Group):
                walk(command, path)
                continue
            found[path] = {
                opt
                for param in command.params
                if isinstance(param, click.Option) and not param.hidden
                for opt in param.opts + param.secondary_opts
                if opt.startswith("--")
            }

    walk(main, "")
    return found


def test_every_command_is_in_the_reference_and_every_documented_command_exists() -> None:
    assert set(documented()) == set(offered())


@pytest.mark.parametrize("command", sorted(offered()))
def test_the_reference_names_exactly_the_options_of(command: str) -> None:
    written = {opt for opt in documented().get(command, set()) if opt.startswith("--")}
    assert written == offered()[command]
