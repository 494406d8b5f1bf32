"""/staff/: each module of trainings.views.staff brings its own patterns."""

from trainings.views.staff import (
    audit,
    auth,
    checkin,
    documents,
    imports,
    nominations,
    participants,
    registrations,
    trainings,
    withdrawals,
)

app_name = "staff"

urlpatterns = [
    *auth.urlpatterns,
    *trainings.urlpatterns,
    *registrations.urlpatterns,
    *nominations.urlpatterns,
    *withdrawals.urlpatterns,
    *participants.urlpatterns,
    *audit.urlpatterns,
    *checkin.urlpatterns,
    *documents.urlpatterns,
    *imports.urlpatterns,
]
