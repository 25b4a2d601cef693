"""`python -m cli ARGS` runs the `praktijkgeheugen` command without an installed entry point."""
import sys

from cli import main

sys.exit(main())
