"""The Celery application. The database is the source of truth; the queue is only a doorbell."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trueerp.settings")

app = Celery("trueerp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
