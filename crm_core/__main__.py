"""``python -m crm_core ...``: the workbench without a browser."""

import sys

from crm_core.cli import main

sys.exit(main())
