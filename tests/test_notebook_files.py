"""The committed notebooks as JupyterLab sees them: opening one must not modify it."""

import json

import pytest

from helpers import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_carries_the_kernelspec_jupyterlab_writes(path):
    kernelspec = pytest.importorskip("jupyter_client.kernelspec")
    spec = kernelspec.KernelSpecManager().get_kernel_spec("python3")
    written = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    # JupyterLab rewrites a different kernelspec on opening, and the notebook shows as modified
    assert written == {"display_name": spec.display_name, "language": spec.language, "name": "python3"}
    assert "widgets" not in json.loads(path.read_text(encoding="utf-8"))["metadata"]  # no saved widget state
