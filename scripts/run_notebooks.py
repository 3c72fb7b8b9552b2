"""Execute notebooks in place so their committed outputs are current.

    python scripts/run_notebooks.py [notebooks/01_load_and_explore.ipynb ...]

With no argument, every notebooks/NN_*.ipynb. Each runs with the notebooks folder as
its working directory, as nbval runs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    # The kernelspec JupyterLab writes on opening: the same here, so opening does not modify it.
    spec = KernelSpecManager().get_kernel_spec("python3")
    notebook.metadata["kernelspec"] = {"display_name": spec.display_name, "language": spec.language,
                                       "name": "python3"}
    # Widgets' state is not stored: the panel's PNGs would change the file at each run.
    NotebookClient(notebook, timeout=600, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(notebook, path)
    print(f"executed {path.relative_to(ROOT)}")


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for notebook_path in paths:
        run(notebook_path)
