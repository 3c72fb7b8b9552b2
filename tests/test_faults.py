"""Faults: a report killed mid-write leaves each file complete (the previous one or the
new one) or absent; the next run clears what the killed one left behind."""

import signal
import subprocess
import sys
import time

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation

import emulation_stats as es
from conftest import ROOT

BUILD = ("import emulation_stats as es; "
         "es.build_report(es.load_dataset({data!r}), 2024, {out!r}, draws=100)")


def complete(path):
    """Open a file of the pack as its reader would; an incomplete file fails here."""
    if path.suffix == ".xlsx":
        openpyxl.load_workbook(path).close()
    elif path.suffix == ".pptx":
        assert len(Presentation(str(path)).slides) > 0
    elif path.suffix == ".png":
        Image.open(path).verify()
    elif path.suffix == ".svg":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</svg>")
    elif path.suffix == ".html":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")
    else:
        assert path.read_text(encoding="utf-8").strip()


@pytest.mark.parametrize("delay", [1.5, 2.5, 3.5, 4.5, 6.0])
def test_a_killed_report_leaves_whole_files_or_none(tmp_path, delay):
    out = tmp_path / "pack"
    sample = ROOT / "data" / "sample"
    process = subprocess.Popen([sys.executable, "-c", BUILD.format(data=str(sample), out=str(out))], cwd=ROOT)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finals = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    for path in finals:
        complete(path)
    es.build_report(es.load_dataset(sample), 2024, out, draws=100)
    assert not [p for p in out.rglob(".*") if p.is_file()]  # leftovers of the killed run are gone
    for path in out.rglob("*"):
        if path.is_file():
            complete(path)
