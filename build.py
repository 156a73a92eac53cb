#!/usr/bin/env python3
"""Build the fact archive's pages into docs/: see `python build.py --help`."""

import sys

from archive.cli import main

if __name__ == "__main__":
    sys.exit(main())
