"""CLI commands, one module per stage; each module registers its commands on ``framescope.cli.main``."""
