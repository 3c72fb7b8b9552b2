"""The live panel in a real JupyterLab, driven by Playwright on the system's Chromium (no
browser download): open notebook 06, check that opening it does not modify it, run it,
move one slider of the panel and check that the ranking shown changes.

Skips, with the reason, where Chromium, Playwright or JupyterLab is missing."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from helpers import ROOT

NOTEBOOK = "06_validate_scoring.ipynb"
LAST_OUTPUT = "Đúng thang điểm đã thông qua; đứng đầu: huyện Thuận Nam."  # printed by its last code cell
SCREENSHOT = os.environ.get("EMULATION_STATS_SCREENSHOT")  # where to keep the screenshot, to look at it


def _chromium() -> str:
    found = next((shutil.which(b) for b in ("chromium", "chromium-browser") if shutil.which(b)), None)
    if found is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    return found


KERNEL_IDLE = """() => {
    const kernel = window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel;
    return kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def lab(tmp_path):
    """A JupyterLab server on a copy of the notebook and the sample data (its autosave
    must never write into the repository)."""
    pytest.importorskip("jupyterlab")
    pytest.importorskip("ipywidgets")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, tmp_path / "notebooks" / NOTEBOOK)
    shutil.copytree(ROOT / "data" / "sample", tmp_path / "data" / "sample")
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}",
               "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False"]
    if os.getuid() == 0:
        command.append("--allow-root")
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path,
                              env={**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / ".jupyter")})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("JupyterLab stopped: " + server.stderr.read().decode()[-2000:])
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start in 60 s")
        yield url, token, tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _proposal(page) -> str:
    return page.locator(".widget-html", has_text="Cờ thi đua").last.inner_text()


@pytest.mark.browser
def test_the_panel_answers_a_slider_in_jupyterlab(lab, tmp_path):
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    url, token, root = lab
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/lab/tree/notebooks/{NOTEBOOK}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_function("() => window.jupyterapp !== undefined")
        # the kernel is ready, then opening has not modified the notebook
        page.wait_for_function(KERNEL_IDLE, timeout=120_000)
        time.sleep(1)
        assert page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() == 0, \
            "the notebook is marked modified as soon as it is opened"
        # cleared first, so the last cell's output appearing means the run has ended
        page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        printed = page.locator("[data-mime-type='application/vnd.jupyter.stdout']", has_text=LAST_OUTPUT)
        printed.wait_for(timeout=170_000)
        panel = page.locator(".widget-hbox").filter(has=page.locator(".widget-slider")).first
        panel.scroll_into_view_if_needed()
        page.wait_for_function(  # the panel shows the adopted rubric again, as the last cell left it
            "() => [...document.querySelectorAll('.widget-html')].some(e => e.textContent.includes('Đúng thang điểm'))")
        before = _proposal(page)
        chart_before = panel.locator("img").first.get_attribute("src")
        assert "huyện Thuận Nam" in before  # the last cell put the panel back on the adopted rubric
        # long names wrap: nothing of the panel is off to the side behind a scroll bar
        assert panel.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        slider = panel.locator(".es-weight", has_text="Thu nhập bình quân đầu người").locator(".widget-slider")
        readout = slider.locator(".widget-readout")
        readout.click()
        readout.press("Control+a")
        readout.type("10")
        readout.press("Enter")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-html')].some(e => e.textContent.includes('Đứng đầu đổi'))",
            timeout=30_000)
        after = _proposal(page)
        page.wait_for_function(  # the ranking chart redrawn too
            "before => { const i = document.querySelector('.widget-hbox img'); return i && i.src !== before; }",
            arg=chart_before)
        time.sleep(0.5)  # the new picture decoded before the screenshot
        if SCREENSHOT:
            panel.screenshot(path=SCREENSHOT)
        browser.close()
    assert "huyện Ninh Phước" in after and after != before
