"""Allow `python -m site_builder` to behave exactly like `python build.py`."""

from site_builder.commands.process import run_then_exit

run_then_exit()
