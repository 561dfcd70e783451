"""The Sage Intacct module's models, one module per concern (connection, reference data, mapping, sync)."""

from trueerp.sage_intacct.models.connection import ConnectionStatus, IntacctConnection

__all__ = ["ConnectionStatus", "IntacctConnection"]
