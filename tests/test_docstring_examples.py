"""Every Examples block in the package's docstrings runs and prints what it shows.

The docstrings are the first documentation a notebook user reads (``help(...)``), so
their examples are tests: one test per module, run on the installed package with the
standard ``doctest`` runner.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import framescope


def _module_names() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages(framescope.__path__, "framescope."))


@pytest.mark.parametrize("name", _module_names())
def test_docstring_examples(name):
    try:
        module = importlib.import_module(name)
    except ImportError as error:  # an optional extra that is not installed
        pytest.skip(f"{name} needs an optional extra: {error}")
    tests = [t for t in doctest.DocTestFinder(exclude_empty=True).find(module, name) if t.examples]
    runner = doctest.DocTestRunner(verbose=False)
    for test in tests:
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} failing docstring example(s) in {name} (run: python -m doctest -v)"
