"""The notebooks: committed without outputs, public API only, and run top to bottom in a fresh kernel."""

import ast
import json
import os
import sys
import time
from pathlib import Path

import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
EXPECTED = ["01-quickstart", "02-framing-features", "03-your-own-data", "04-classroom"]
PATHS = [NOTEBOOK_DIR / f"{name}.ipynb" for name in EXPECTED]
CELL_TIMEOUT = 600  # seconds per cell; the whole set runs in about 2-3 minutes on 2 busy cores


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def python_source(code: str) -> str:
    """Cell source without IPython magics and shell escapes (``%matplotlib inline``, ``!ls``)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())


def private_uses(code: str) -> list[str]:
    """Imports of private modules or names, and attribute access to ``_private`` members."""
    found = []
    for node in ast.walk(ast.parse(python_source(code))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if any(p.startswith("_") for p in a.name.split("."))]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if any(p.startswith("_") for p in module.split(".")):
                found.append(module)
            found += [f"{module}.{a.name}" for a in node.names if a.name.startswith("_")]
        elif isinstance(node, ast.Attribute):
            if node.attr.startswith("_") and not (node.attr.startswith("__") and node.attr.endswith("__")):
                found.append(node.attr)
    return found


def snapshot(folder: Path) -> set:
    return {(str(p.relative_to(folder)), p.stat().st_size if p.is_file() else -1) for p in folder.rglob("*")
            if "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts}


def test_the_four_notebooks_exist():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == EXPECTED


@pytest.mark.parametrize("path", PATHS, ids=EXPECTED)
def test_committed_without_outputs(path):
    nb = load(path)
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {index} has outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {index} has an execution count"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", PATHS, ids=EXPECTED)
def test_states_its_purpose_at_the_top(path):
    first = load(path)["cells"][0]
    text = "".join(first["source"])
    assert first["cell_type"] == "markdown" and text.startswith("# ")
    assert "**Purpose.**" in text


@pytest.mark.parametrize("path", PATHS, ids=EXPECTED)
def test_uses_only_the_public_api(path):
    for code in code_cells(load(path)):
        assert private_uses(code) == [], f"{path.name}: private names used: {private_uses(code)}"


def test_private_use_detector_catches_private_names():
    assert private_uses("from framescope.report.html import _prepare") == ["framescope.report.html._prepare"]
    assert private_uses("import framescope._secret") == ["framescope._secret"]
    assert private_uses("x = fs.events._State") == ["_State"]
    assert private_uses("%matplotlib inline\nimport framescope as fs\nfs.__version__") == []


def test_quickstart_is_under_15_cells():
    assert len(load(NOTEBOOK_DIR / "01-quickstart.ipynb")["cells"]) < 15


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=EXPECTED)
def test_runs_top_to_bottom_in_a_fresh_kernel(path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # A last cell reports the kernel's interpreter: it must be the one running the tests
    # (jupyter_client starts the "python3" kernel with sys.executable).
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    before = snapshot(NOTEBOOK_DIR)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK_DIR)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError naming the cell when a cell fails
    elapsed = time.perf_counter() - start
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream").strip()
    assert os.path.realpath(printed) == os.path.realpath(sys.executable)
    assert snapshot(NOTEBOOK_DIR) == before, f"{path.name} wrote into the notebooks folder"
    print(f"{path.name}: {elapsed:.1f} s")
