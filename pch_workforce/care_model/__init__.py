"""The care model: typed planning assumptions (every number sourced), its TOML loader and site overrides."""

from pch_workforce.care_model.access import Access, AccessWindow, CoreHours
from pch_workforce.care_model.loader import CareModelError, load_care_model, parse_care_model, resolve_care_model
from pch_workforce.care_model.model import (
    Allowances,
    CareModel,
    ConditionSpec,
    Delivery,
    Employment,
    Month,
    Pay,
    RoleSpec,
    ServiceSpec,
    Settlement,
    StaffGroup,
    Supervision,
)
from pch_workforce.care_model.overrides import OverrideError, apply_overrides
from pch_workforce.care_model.sourced import (
    FractionSourced,
    NonNegSourced,
    PositiveSourced,
    ShareSourced,
    Sourced,
)

__all__ = [
    "Access",
    "AccessWindow",
    "Allowances",
    "CareModel",
    "CareModelError",
    "ConditionSpec",
    "CoreHours",
    "Delivery",
    "Employment",
    "FractionSourced",
    "Month",
    "NonNegSourced",
    "OverrideError",
    "Pay",
    "PositiveSourced",
    "RoleSpec",
    "ServiceSpec",
    "Settlement",
    "ShareSourced",
    "Sourced",
    "StaffGroup",
    "Supervision",
    "apply_overrides",
    "load_care_model",
    "parse_care_model",
    "resolve_care_model",
]
