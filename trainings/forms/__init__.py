"""Public forms. They validate and normalise what a person typed; the services decide."""

from trainings.forms.catalogue import CatalogueFilterForm
from trainings.forms.regions import placeholder, region_children
from trainings.forms.registration import LostCodeForm, RegistrationForm

__all__ = [
    "CatalogueFilterForm",
    "LostCodeForm",
    "RegistrationForm",
    "placeholder",
    "region_children",
]
