"""The floor: the least a request that writes one row can cost on this stack.

Same gunicorn workers, same middleware, same database and connection settings
as the registration view, but the view itself does one INSERT into a small
table and answers 204. ``bench.run`` creates the table (no migration).
"""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

FLOOR_TABLE = "bench_floor_hit"
CREATE_FLOOR_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} ("
    "id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), note text NOT NULL)"
)


@csrf_exempt
@require_POST
def floor(request):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (note) VALUES (%s)", [request.POST.get("n", "")[:40]]
        )
    return HttpResponse(status=204)
