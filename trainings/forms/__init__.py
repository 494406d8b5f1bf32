"""Public forms. They validate and normalise what a person typed; the services decide."""

from trainings.forms.catalogue import CatalogueFilterForm
from trainings.forms.checkin import (
    AttendanceMarkForm,
    CheckinCodeForm,
    CheckinPageForm,
    SessionCloseForm,
)
from trainings.forms.nominations import (
    NewPersonForm,
    NominateForm,
    Placement,
    RegistrySearchForm,
    ReplacementForm,
    ReturnForm,
    WithdrawForm,
)
from trainings.forms.person import PersonForm
from trainings.forms.regions import placeholder, region_children
from trainings.forms.registration import LostCodeForm, RegistrationForm
from trainings.forms.staff import (
    RegistrationDecisionForm,
    RegistrationFilterForm,
    TrainingCancelForm,
    TrainingFilterForm,
)
from trainings.forms.status import CancelCheckForm

__all__ = [
    "AttendanceMarkForm",
    "CancelCheckForm",
    "CatalogueFilterForm",
    "CheckinCodeForm",
    "CheckinPageForm",
    "LostCodeForm",
    "NewPersonForm",
    "NominateForm",
    "PersonForm",
    "Placement",
    "RegistrationDecisionForm",
    "RegistrationFilterForm",
    "RegistrationForm",
    "RegistrySearchForm",
    "ReplacementForm",
    "ReturnForm",
    "SessionCloseForm",
    "TrainingCancelForm",
    "TrainingFilterForm",
    "WithdrawForm",
    "placeholder",
    "region_children",
]
