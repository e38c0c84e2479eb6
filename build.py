#!/usr/bin/env python3
"""Command-line entry: `python build.py build|check|serve|new|i18n` (same as `python -m site_builder`)."""

from site_builder.commands.process import run_then_exit

if __name__ == "__main__":
    run_then_exit()
