from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_audit_object_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="company",
            name="time_zone",
            field=models.CharField(
                blank=True,
                help_text="IANA time zone, e.g. America/Toronto; blank = the server's",
                max_length=64,
            ),
        ),
    ]
