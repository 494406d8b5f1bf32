"""Rate-limit counters (``trainings.ratelimit``): one UNLOGGED table, no model.

UNLOGGED: counters need no crash safety or replication, and skipping the
write-ahead log keeps the one upsert per request cheap. Rows live for at most
two hours (purged by ``trainings.ratelimit`` as it goes).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0003_registration_language"),
    ]

    operations = [
        migrations.RunSQL(
            sql="""
                CREATE UNLOGGED TABLE trainings_ratelimit_counter (
                    key varchar(100) NOT NULL,
                    window_start timestamptz NOT NULL,
                    hits integer NOT NULL,
                    CONSTRAINT trainings_ratelimit_counter_pkey PRIMARY KEY (key, window_start)
                )
            """,
            reverse_sql="DROP TABLE trainings_ratelimit_counter",
        ),
    ]
