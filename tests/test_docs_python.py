"""The examples of docs/python.md run as written (doctest), on the seeds, in an empty folder."""
import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "python.md"


def test_python_api_examples_run(seeds_dir, tmp_path):
    result = doctest.testfile(str(DOC), module_relative=False, globs={"SEEDS": seeds_dir, "WORK": tmp_path},
                              optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.attempted >= 20 and result.failed == 0, result


def test_everything_public_is_exported():
    import sitroom
    names = set(sitroom.__all__)
    assert {"open_db", "extract", "geoparse", "run", "export_events", "to_exchange", "SitroomError"} <= names
    assert all(hasattr(sitroom, n) for n in names)
    assert callable(sitroom.extract)  # the function, not the stage package of the same name
    import sitroom.extract.mentions  # noqa: F401 - importing a stage module must not rebind it
    assert callable(sitroom.extract)
