from django.contrib.auth.management import create_permissions
from django.db import migrations

from trainings.permissions import ensure_staff_groups


def create_groups(apps, schema_editor):
    # post_migrate (which creates permissions) has not run yet on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_staff_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("participants", "0002_seed_social_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
