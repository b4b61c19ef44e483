from . import accounts  # noqa: F401  (account history)
from .assignments import Assignment, Role
from .centres import Centre
from .people import BoardMember, Sex, Staff, TrainingCourse
from .units import AdministrativeUnit, UnitSuccession

__all__ = [
    "AdministrativeUnit",
    "Assignment",
    "BoardMember",
    "Centre",
    "Role",
    "Sex",
    "Staff",
    "TrainingCourse",
    "UnitSuccession",
]
