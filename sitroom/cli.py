"""The ``sitroom`` command line: a thin layer over library functions.

Each stage package contributes its commands in a ``cli`` module exporting
``commands`` (a list of click commands); they are registered here, in pipeline order.

Exit statuses (docs/safety.md), the same for every command: 0 everything read (or done);
1 some inputs rejected, the rest stored; 2 usage error (click's own, or any coded SitroomError:
a missing database, an unknown id, a refused overwrite); 3 nothing read; 70 an internal error.
"""
from __future__ import annotations

import importlib
import sys
import traceback

import click

from .errors import EXIT_INTERNAL, EXIT_USAGE, SitroomError, printable

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
    "sitroom.fetch.cli",
]


class SitroomGroup(click.Group):
    """Coded errors become one escaped line and exit status 2, whichever command raised them;
    anything else is a bug: a traceback on stderr and status 70, never mistaken for "some rejected"."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SitroomError as e:
            click.echo(f"sitroom: {printable(e)}", err=True)
            ctx.exit(EXIT_USAGE)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:
            # The reader stopped reading (`sitroom events list | head`): what it wanted was written; no
            # traceback, and stdout pointed at devnull so the interpreter's final flush cannot fail again.
            import os
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except Exception as e:  # noqa: BLE001 - the last net: say it is ours, keep the status distinct
            traceback.print_exc(file=sys.stderr)
            click.echo(f"sitroom: internal error ({type(e).__name__}); please report it", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=SitroomGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    main(standalone_mode=True)


if __name__ == "__main__":
    run()
