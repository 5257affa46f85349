"""sitroom: conflict news in, a traceable event database out.

Library first: every CLI command is a thin wrapper over a function here.
"""
__version__ = "0.1.0"
