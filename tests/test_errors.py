"""One error tree: every public exception class of the package is a CoursekitError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import coursekit
from coursekit.errors import CoursekitError, DataError

INTERNAL_SIGNALS = {
    "CheckerBug": "raised inside a checker and turned into 'checker error' feedback there",
    "WorkerFailure": "raised inside the runner and turned into a retried run there",
}
"""Exceptions that never leave their module, with the reason beside each."""

OPTIONAL = ("coursekit.grading.cluster",)  # imports Dask, an optional extra


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(coursekit.__path__, "coursekit."):
        if info.name.startswith(OPTIONAL) or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, BaseException)
                    and obj.__module__ == info.name and not name.startswith("_")):
                found[f"{info.name}.{name}"] = obj
    return found


def test_every_public_exception_is_in_the_coursekit_error_tree() -> None:
    outside = sorted(qual for qual, cls in _exception_classes().items()
                     if not issubclass(cls, CoursekitError)
                     and qual.rsplit(".", 1)[1] not in INTERNAL_SIGNALS)
    assert not outside, f"exceptions outside the CoursekitError tree: {outside}"


def test_data_errors_are_value_errors_and_not_usage_errors() -> None:
    from coursekit.data.voters import voter_file

    try:
        voter_file(n=0)
    except ValueError as exc:  # what notebook code would catch
        assert isinstance(exc, DataError) and "n must be" in str(exc)
    else:
        raise AssertionError("voter_file(n=0) did not raise")
