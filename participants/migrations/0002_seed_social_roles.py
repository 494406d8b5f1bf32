from django.db import migrations

from participants.seeding import ensure_social_roles


def seed(apps, schema_editor):
    ensure_social_roles(apps.get_model("participants", "SocialRole"))


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
