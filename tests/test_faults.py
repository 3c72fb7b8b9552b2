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
         "es.build_report(es.load_dataset({data!r}), 2024, {out!r}, draws=100)")


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


def _kill_during_write(process: subprocess.Popen, out, nth: int) -> str:
    """Watch the pack's folder and kill the build while its ``nth`` file is being written
    (its temporary file exists, not yet renamed). Returns that temporary file's name."""
    seen: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        writing = sorted(p.name for p in out.rglob(".*") if p.is_file()) if out.exists() else []
        seen += [name for name in writing if name not in seen]
        if len(seen) >= nth and seen[nth - 1] in writing:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return seen[nth - 1]
        time.sleep(0.0005)
    process.kill()
    pytest.fail(f"the build ended before its file number {nth} was written ({len(seen)} seen)")


@pytest.mark.parametrize("nth", [1, 4, 9, 14, 20])
def test_a_killed_report_leaves_whole_files_or_none(tmp_path, nth):
    out = tmp_path / "pack"
    sample = ROOT / "data" / "sample"
    process = subprocess.Popen([sys.executable, "-c", BUILD.format(data=str(sample), out=str(out))], cwd=ROOT)
    writing = _kill_during_write(process, out, nth)
    # The kill landed during a write: the half-written temporary file is still there.
    left = [p.name for p in out.rglob(".*") if p.is_file()]
    assert writing in left, (writing, left)
    finals = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    for path in finals:
        complete(path)
    # The next run, whatever it writes, first clears what the killed one left (the workbook alone: no charts to draw)
    es.build_report(es.load_dataset(sample), 2024, out, draws=100, formats=["xlsx"])
    assert not [p for p in out.rglob(".*") if p.is_file()]  # leftovers of the killed run are gone
    for path in out.rglob("*"):
        if path.is_file():
            complete(path)
