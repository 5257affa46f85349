"""sitroom: conflict news in, a traceable event database out.

Library first: every CLI command is a thin wrapper over a function here. The public API is what this
module exports (``__all__``): open a database and filter its events (``open_db``), run the pipeline on
files (``run``) or on texts in memory (``extract``), geoparse a text, write exports. The stage packages
beneath it are internal and may change. Examples that run (the tests run them): ``docs/python.md``.
"""
from __future__ import annotations

# The extract stage is a package of the same name as the ``extract`` function below. Importing it
# first means Python has already bound it when the function takes its name, so a later import of
# one of its modules (sitroom.extract.mentions) never rebinds ``sitroom.extract`` to the package.
from . import extract as _extract_stage  # noqa: F401
from .api import Database, export_events, extract, extract_many, geoparse, open_db, run
from .errors import ConfigError, InputError, SitroomError, StoreError
from .export.writers import to_exchange
from .records import Claim, Document, Event, Location, Report

__version__ = "0.1.0"

__all__ = ["open_db", "Database", "run", "extract", "extract_many", "geoparse", "export_events", "to_exchange",
           "Event", "Report", "Claim", "Location", "Document",
           "SitroomError", "InputError", "ConfigError", "StoreError", "__version__"]
