"""Financial services: the only code that changes transactions (views and tasks call these)."""
