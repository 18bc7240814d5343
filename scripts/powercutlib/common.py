"""What every part of the simulator shares."""

# The traced run labels its log entries `pc I` and acknowledges each with `ok pc I`.
LABEL = "pc"


class EnvironmentProblem(Exception):
    """Something outside the program under test is wrong (exit 2)."""
