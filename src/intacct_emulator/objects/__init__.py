"""Object families; importing this package registers every function and hook."""

from . import company, generic, gl, payables, reads

__all__ = ["company", "generic", "gl", "payables", "reads"]
