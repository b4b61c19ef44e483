from .activities import Activity, ContentArea, FundingSource
from .attendance import Enrolment, Learner, Mark, Session
from .plans import AnnualPlan, Funding, LearningModelCount, PlanItem
from .rollups import ActivityRollup, UnitRollup

__all__ = [
    "Activity",
    "ActivityRollup",
    "AnnualPlan",
    "ContentArea",
    "Enrolment",
    "Funding",
    "FundingSource",
    "Learner",
    "LearningModelCount",
    "Mark",
    "PlanItem",
    "Session",
    "UnitRollup",
]
