"""`python -m site_builder.bench corpus N DIR`: write a synthetic corpus (see corpus.py)."""

import sys

from site_builder.bench.run import main

sys.exit(main())
