from .accounts import Contact, phone_of
from .assignments import Assignment, Role
from .centres import Centre
from .people import BoardMember, Sex, Staff, TrainingCourse
from .units import AdministrativeUnit, UnitSuccession

__all__ = [
    "AdministrativeUnit",
    "Assignment",
    "BoardMember",
    "Centre",
    "Contact",
    "Role",
    "Sex",
    "Staff",
    "TrainingCourse",
    "UnitSuccession",
    "phone_of",
]
