from .files import (
    activities_export,
    activities_import,
    activities_template,
    learners_import,
    learners_template,
    signin_sheet,
)
from .learners import learner_update, learner_withdraw, learners
from .records import (
    activity_create,
    activity_delete,
    activity_detail,
    activity_list,
    activity_update,
    attendance,
    session_delete,
    session_edit,
)
from .years import centre_year, funding_edit, learning_models_edit, plan_edit

__all__ = [
    "activities_export",
    "activities_import",
    "activities_template",
    "activity_create",
    "activity_delete",
    "activity_detail",
    "activity_list",
    "activity_update",
    "attendance",
    "centre_year",
    "funding_edit",
    "learner_update",
    "learner_withdraw",
    "learners",
    "learners_import",
    "learners_template",
    "learning_models_edit",
    "plan_edit",
    "session_delete",
    "session_edit",
    "signin_sheet",
]
