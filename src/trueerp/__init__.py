"""TRUE ERP: the host ERP and its Sage Intacct module."""

from trueerp.celery import app as celery_app

__all__ = ["celery_app"]
