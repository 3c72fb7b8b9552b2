"""How the package behaves in IPython and Jupyter: a :class:`DataError` is a one-line
message in a short box, not a traceback (it is a mistake in what was asked, not a bug);
:func:`debug` turns tracebacks back on."""

from __future__ import annotations

import sys
from typing import Any

from emulation_stats.core.errors import DataError


def _shell() -> Any | None:
    """The running IPython shell, if the package was imported in one (never imports IPython)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _short_box(shell: Any, etype: type, value: BaseException, tb: object, tb_offset: int | None = None) -> list[str]:
    # IPython ignores what a custom handler returns: it shows the error itself. Jupyter's
    # kernel sends this list as the error's whole text (one red box of one line).
    lines = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, lines)
    return lines


def show_data_errors_briefly(shell: Any | None = None) -> bool:
    """In IPython/Jupyter, show every DataError as its message only (done on import).
    Returns whether a shell was there to set."""
    shell = shell or _shell()
    if shell is None:
        return False
    shell.set_custom_exc((DataError,), _short_box)
    return True


def debug(on: bool = True, shell: Any | None = None) -> None:
    """Full tracebacks for DataError again (``debug(False)``: the short box again).

    >>> debug()  # outside IPython there is nothing to change
    """
    shell = shell or _shell()
    if shell is None:
        return
    if on:
        shell.set_custom_exc((), None)
    else:
        show_data_errors_briefly(shell)
