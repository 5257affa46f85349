"""The ``sitroom`` command line: a thin layer over library functions.

Each stage package contributes its commands in a ``cli`` module exporting
``commands`` (a list of click commands); they are registered here, in pipeline order.
"""
from __future__ import annotations

import importlib
import sys

import click

from .errors import SitroomError

# Stage modules that add commands (ingest, docs, run, export, event, serve, brief, gazetteer, watch...).
COMMAND_MODULES = [
    "sitroom.ingest.cli",
    "sitroom.normalize.cli",
    "sitroom.geo.cli",
    "sitroom.pipeline_cli",
    "sitroom.resolve.cli",
    "sitroom.export.cli",
    "sitroom.web.cli",
    "sitroom.batch.cli",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sitroom")
def main() -> None:
    """sitroom: turn conflict news into a traceable event database."""


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:  # that stage has no commands yet
                continue
            raise
        for cmd in getattr(mod, "commands", []):
            main.add_command(cmd)


_register()


def run() -> None:
    try:
        main(standalone_mode=True)
    except SitroomError as e:
        click.echo(f"sitroom: {e}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    run()
