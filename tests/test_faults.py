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
from helpers import ROOT

BUILD = ("import emulation_stats as es; "
         "es.build_report(es.load_dataset({data!r}), {year}, {out!r}, draws=100, formats={formats!r})")

# What each killed run builds, so that the kill does not wait for the rest: the seed's
# cluster (few charts to draw) whole for a chart and for the báo cáo; the workbook alone.
BUILDS = {".png": ("gia_lai_2017", 2017, None), ".xlsx": ("sample", 2024, ["xlsx"]),
          ".docx": ("gia_lai_2017", 2017, ["docx"])}


def complete(path):
    """Open a file of the pack as its reader would; an incomplete file fails here."""
    if path.suffix == ".xlsx":
        openpyxl.load_workbook(path).close()
    elif path.suffix == ".docx":
        from docx import Document

        assert Document(str(path)).paragraphs
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


def _kill_during_write(process: subprocess.Popen, out, suffix: str) -> str:
    """Watch the pack's folder and kill the build while its first ``suffix`` file is being
    written (its temporary file exists, not yet renamed). Returns that temporary file's name."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        writing = [p.name for p in out.rglob(f".*{suffix}") if p.is_file()] if out.exists() else []
        if writing:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return writing[0]
        time.sleep(0.0005)
    process.kill()
    pytest.fail(f"the build ended before it wrote a {suffix} file")


# A chart, the workbook and the báo cáo: each kind of file the pack writes, killed while written.
@pytest.mark.parametrize("suffix", list(BUILDS))
def test_a_killed_report_leaves_whole_files_or_none(tmp_path, suffix):
    out = tmp_path / "pack"
    name, year, formats = BUILDS[suffix]
    data = ROOT / "data" / name
    build = BUILD.format(data=str(data), year=year, out=str(out), formats=formats)
    process = subprocess.Popen([sys.executable, "-c", build], cwd=ROOT)
    writing = _kill_during_write(process, out, suffix)
    # The kill landed during a write: the half-written temporary file is still there.
    left = [p.name for p in out.rglob(".*") if p.is_file()]
    assert writing in left, (writing, left)
    finals = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    for path in finals:
        complete(path)
    # The next run, whatever it writes, first clears what the killed one left (the workbook alone: no charts to draw)
    es.build_report(es.load_dataset(data), year, out, draws=100, formats=["xlsx"])
    assert not [p for p in out.rglob(".*") if p.is_file()]  # leftovers of the killed run are gone
    for path in out.rglob("*"):
        if path.is_file():
            complete(path)
