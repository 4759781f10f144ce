#!/usr/bin/env python
"""Django's command-line utility. Run it from .venv (see README)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:  # pragma: no cover
        raise ImportError("Django is not installed: run `make run` or `make test` first.") from exc
    try:
        import config  # noqa: F401
    except ImportError as exc:  # pragma: no cover
        raise ImportError(
            "The configuration package `config` (folder site/) is not installed: "
            "run `make install` (pip install -e . into .venv)."
        ) from exc
    execute_from_command_line(sys.argv)
