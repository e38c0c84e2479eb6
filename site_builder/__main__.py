"""Allow `python -m site_builder` to behave exactly like `python build.py`."""

from site_builder.commands.cli import exit_now, main

exit_now(main())
