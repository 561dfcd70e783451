"""Re-encrypt all stored integration secrets with the first key of TRUEERP_ENCRYPTION_KEYS.

Rotation: put the new key first and keep the old one after it, run this command, then remove the
old key.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trueerp.integrations.services.secrets import SecretUnreadable, rotate_all_secrets


class Command(BaseCommand):
    help = "Re-encrypt every stored integration secret with the newest encryption key."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = rotate_all_secrets()
        except SecretUnreadable as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} secret(s) with the newest key."))
