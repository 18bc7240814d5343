#!/usr/bin/env python3
"""Power-cut test of the data directory, in the manner of ALICE (Pillai et al., "All File Systems Are
Not Created Equal", OSDI 2014): every on-disk state a power cut could leave during a traced `_append`
run is rebuilt and opened with the real binary. How, and what it cannot see: scripts/powercutlib/__init__.py.

Exit status: 0 when every explored state recovers, 1 otherwise, 2 for a usage or environment problem
(strace missing or not allowed to trace, no binary, a trace that does not replay to the real result).

    python3 scripts/powercut.py                 # short form (CI, ~15 s): N=30, K=8, every crash point
    python3 scripts/powercut.py --long          # N=100, K=7, every crash point, up to 40 states each:
                                                # more cuts and seeded random subsets (~5 min on 2 cores)
    python3 scripts/powercut.py --long --seed 7 # replays a long run's choices
    python3 scripts/powercut.py --fresh         # from an empty directory: the first append creates the journal

Unit tests: python3 -m unittest discover -s scripts/tests
"""

import os
import sys

# The package is powercutlib, not powercut: beside this file, `import powercut` would work only because a
# package directory wins over a module of the same name, and would read as this file importing itself.
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
# The Swift test runs this from the source tree: leave no __pycache__ behind in it.
sys.dont_write_bytecode = True

from powercutlib.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
