"""Allow `python -m site_builder` to behave exactly like `python build.py`."""

import sys

from site_builder.commands.cli import main

sys.exit(main())
