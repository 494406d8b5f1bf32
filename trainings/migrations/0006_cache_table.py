"""The database cache's table (``CACHES`` without ``REDIS_URL``), made by ``migrate``.

The same schema ``manage.py createcachetable`` makes for ``LOCATION = "pilar_cache"``;
``tests/config/test_cache.py`` checks that ``createcachetable`` finds nothing left to
create. With Redis configured the table stays, empty and unused.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0005_import_jobs"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                """
                CREATE TABLE IF NOT EXISTS pilar_cache (
                    cache_key varchar(255) NOT NULL PRIMARY KEY,
                    value text NOT NULL,
                    expires timestamp with time zone NOT NULL
                )
                """,
                "CREATE INDEX IF NOT EXISTS pilar_cache_expires ON pilar_cache (expires)",
            ],
            reverse_sql="DROP TABLE IF EXISTS pilar_cache",
        ),
    ]
