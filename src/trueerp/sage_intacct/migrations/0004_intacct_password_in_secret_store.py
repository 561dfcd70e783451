"""Move each Intacct user password off IntacctConnection into the one encrypted secret store.

The ciphertext moves as it is (nothing is decrypted or re-encrypted here, so the migration needs no
key and cannot lose a password to a wrong one); `rotate_encryption_keys` then finds it with every
other secret. The Web Services sender password is server configuration (INTACCT_SENDER_PASSWORD),
never stored in the database, so there is nothing of it to move.
"""

from django.db import migrations

PROVIDER = "sage_intacct"
NAME = "user_password"


def move_into_store(apps, schema_editor):
    IntacctConnection = apps.get_model("sage_intacct", "IntacctConnection")
    EncryptedSecret = apps.get_model("integrations", "EncryptedSecret")
    for connection in IntacctConnection.objects.exclude(user_password_encrypted="").order_by("pk"):
        EncryptedSecret.objects.update_or_create(
            company_id=connection.company_id,
            provider=PROVIDER,
            name=NAME,
            defaults={"ciphertext": connection.user_password_encrypted},
        )


def move_back_onto_connections(apps, schema_editor):
    IntacctConnection = apps.get_model("sage_intacct", "IntacctConnection")
    EncryptedSecret = apps.get_model("integrations", "EncryptedSecret")
    secrets = EncryptedSecret.objects.filter(provider=PROVIDER, name=NAME)
    for secret in secrets:
        IntacctConnection.objects.filter(company_id=secret.company_id).update(
            user_password_encrypted=secret.ciphertext
        )
    secrets.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sage_intacct", "0003_mapping_ui"),
        ("integrations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_into_store, move_back_onto_connections),
        migrations.RemoveField(model_name="intacctconnection", name="user_password_encrypted"),
    ]
