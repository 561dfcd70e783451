"""A local, stateful, wire-compatible Sage Intacct XML gateway (see README.md)."""

__version__ = "0.1.0"
