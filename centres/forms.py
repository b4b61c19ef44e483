import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.fields import CHOOSE, vietnamese_formfield
from core.text import whole_number
from core.validators import phone_validator
from core.widgets import DateInput

from .lineage import lineage_errors, proposed_predecessors, record_lineage
from .models import (
    AdministrativeUnit,
    Assignment,
    BoardMember,
    Centre,
    Contact,
    Role,
    Staff,
    TrainingCourse,
    phone_of,
)
from .models.units import REFORM_DATE
from .scope import ADMIN_ROLES, EDITING_ROLES, scope_of


class UnitFilterField(forms.ModelChoiceField):
    """A unit to filter a list by: any unit the user may read is accepted (a dashboard links to
    its communes), while the select lists only provinces and districts, and the chosen unit."""

    def __init__(self, **kwargs):
        super().__init__(queryset=AdministrativeUnit.objects.none(), required=False, **kwargs)

    def limit_to(self, user, chosen=None) -> None:
        self.queryset = AdministrativeUnit.objects.for_user(user)
        shown = self.queryset.exclude(level=AdministrativeUnit.Level.COMMUNE)
        if chosen:
            shown = self.queryset.filter(Q(pk__in=shown.values("pk")) | Q(pk=chosen))
        self.widget.choices = [
            ("", self.empty_label),
            *((unit.pk, self.label_from_instance(unit)) for unit in shown.order_by("path")),
        ]


class CentreFilterForm(forms.Form):
    unit = UnitFilterField(label=_("Unit"))
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Centre.Status.choices], required=False
    )
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].empty_label = _("All units")
        self.fields["unit"].limit_to(user, whole_number(self.data.get("unit")))
        self.fields["status"].choices = [
            (value, capfirst(label)) for value, label in self.fields["status"].choices
        ]


class CentreForm(forms.ModelForm):
    class Meta:
        formfield_callback = vietnamese_formfield
        model = Centre
        fields = [
            "commune",
            "name",
            "status",
            "decision_number",
            "decision_date",
            "closed_on",
            "closure_decision",
            "address",
            "phone",
            "email",
            "merged_from",
            "premises",
            "rooms",
            "seats",
            "computers",
            "library_books",
            "has_internet",
            "has_audio_equipment",
            "has_seal",
            "has_bank_account",
            "adult_population",
            "notes",
        ]
        widgets = {
            "decision_date": DateInput(),
            "closed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "merged_from": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, propose: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Predecessors are centres the user may change, or, for a unit admin, the centres of the
        # units theirs were formed from (the successor records its predecessors' past).
        scope = scope_of(user)
        centres = Centre.objects.select_related("commune")
        visible = scope.filter(centres, "commune__path", EDITING_ROLES, write=True) | scope.filter(
            centres, "commune__path", ADMIN_ROLES, past=True
        )
        if self.instance.pk:
            self.fields["commune"].disabled = True
            self.fields["commune"].queryset = AdministrativeUnit.objects.filter(
                pk=self.instance.commune_id
            )
            visible = visible.exclude(pk=self.instance.pk)
        else:
            communes = AdministrativeUnit.objects.filter(
                level=AdministrativeUnit.Level.COMMUNE, centre__isnull=True
            )
            self.fields["commune"].queryset = scope_of(user).filter(
                communes, "path", ADMIN_ROLES, write=True
            )
        self.fields["merged_from"].queryset = visible.order_by("commune__path")
        if propose and self.instance.pk and not self.is_bound:
            self.initial["merged_from"] = list(
                proposed_predecessors(self.instance.commune).values_list("pk", flat=True)
            )

    def clean_closed_on(self):
        value = self.cleaned_data.get("closed_on")
        if value and value > datetime.date.today():
            raise ValidationError(_("The closing day cannot be in the future."))
        if value and self.instance.pk:
            # Records after the last day would belong to no centre: move or delete them first.
            later = (
                self.instance.activities.filter(end_date__gt=value).order_by("-end_date").first()
            )
            if later is not None:
                raise ValidationError(
                    _("The centre has activities until %(date)s (%(title)s).")
                    % {"date": later.end_date.strftime("%d/%m/%Y"), "title": later.title}
                )
        return value

    def clean(self):
        cleaned = super().clean()
        if "merged_from" in self.changed_data and cleaned.get("merged_from") is not None:
            for message in lineage_errors(
                self.instance, list(cleaned["merged_from"]), cleaned.get("decision_date")
            ):
                self.add_error("merged_from", message)
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        centre = super().save(commit=commit)
        if commit and "merged_from" in self.changed_data:
            record_lineage(centre=centre, predecessors=self.cleaned_data["merged_from"])
        return centre

    def clean_decision_date(self):
        value = self.cleaned_data.get("decision_date")
        if value and value > datetime.date.today():
            raise ValidationError(_("The decision date cannot be in the future."))
        if value and value < datetime.date(1990, 1, 1):
            raise ValidationError(_("The decision date cannot be before 01/01/1990."))
        return value


class LineageForm(forms.Form):
    """The one decision the province's new centres are created under."""

    first_day = forms.DateField(
        label=_("The new centres begin on"),
        initial=REFORM_DATE,
        widget=DateInput(),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy, e.g. 05/03/2026.")},
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=50, required=False)

    def clean_first_day(self):
        value = self.cleaned_data["first_day"]
        if value < REFORM_DATE:
            raise ValidationError(_("The new centres begin on or after 01/07/2025."))
        if value > datetime.date.today():
            raise ValidationError(_("The day cannot be in the future."))
        return value


class BoardMemberForm(forms.ModelForm):
    class Meta:
        formfield_callback = vietnamese_formfield
        model = BoardMember
        fields = [
            "position",
            "full_name",
            "sex",
            "birth_year",
            "main_post",
            "is_concurrent",
            "appointment_decision",
            "appointment_date",
            "term_end",
            "left_on",
        ]
        widgets = {
            "appointment_date": DateInput(),
            "term_end": DateInput(),
            "left_on": DateInput(),
        }

    def __init__(self, *args, centre: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.centre = centre


class StaffForm(forms.ModelForm):
    class Meta:
        formfield_callback = vietnamese_formfield
        model = Staff
        fields = [
            "kind",
            "full_name",
            "sex",
            "organisation",
            "field",
            "qualification",
            "phone",
            "is_active",
        ]

    def __init__(self, *args, centre: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.centre = centre


class TrainingCourseForm(forms.ModelForm):
    class Meta:
        formfield_callback = vietnamese_formfield
        model = TrainingCourse
        fields = ["name", "year"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > datetime.date.today().year:
            raise ValidationError(_("The year cannot be in the future."))
        return year


TrainingCourseFormSet = forms.inlineformset_factory(
    Staff, TrainingCourse, form=TrainingCourseForm, extra=2, can_delete=True, max_num=30
)


def check_unit_admin_grant(manager, unit, role) -> None:
    """A unit admin grants "unit administrator" only strictly below their own units: a peer of
    their own unit would escape their management (and outlive their demotion)."""
    if role != Role.UNIT_ADMIN or unit is None:
        return
    if not scope_of(manager).covers_strictly(unit.path, ADMIN_ROLES):
        raise ValidationError(
            {"role": _("Only a superuser or an administrator of a higher unit makes a unit "
                       "administrator of this unit.")}
        )  # fmt: skip


def _phone_field() -> forms.CharField:
    return forms.CharField(
        label=_("Phone"), required=False, max_length=20, validators=[phone_validator]
    )


def save_phone(account, phone: str) -> None:
    """Record the account's phone (with history) when it changed."""
    if phone == phone_of(account):
        return
    contact = Contact.objects.filter(user=account).first() or Contact(user=account)
    contact.phone = phone
    contact.save()


class UserCreateForm(UserCreationForm):
    """A new user with one assignment under a unit the admin manages."""

    first_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = _phone_field()
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=AdministrativeUnit.objects.none(), empty_label=CHOOSE
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "first_name", "email"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Units in force only: an account on an abolished unit would follow it into what it
        # became, beyond what the admin manages.
        units = scope_of(user).filter(
            AdministrativeUnit.objects.in_force(), "path", ADMIN_ROLES, write=True
        )
        self.fields["unit"].queryset = units.order_by("path")
        self.manager = user

    def clean(self):
        cleaned = super().clean()
        check_unit_admin_grant(self.manager, cleaned.get("unit"), cleaned.get("role"))
        return cleaned

    def save(self, commit: bool = True):
        user = super().save(commit=commit)
        if commit:
            Assignment.objects.create(
                user=user, unit=self.cleaned_data["unit"], role=self.cleaned_data["role"]
            )
            save_phone(user, self.cleaned_data.get("phone", ""))
        return user


class UserUpdateForm(forms.ModelForm):
    phone = _phone_field()

    class Meta:
        model = get_user_model()
        fields = ["first_name", "email", "phone", "is_active"]
        labels = {"first_name": _("Full name")}

    def __init__(self, *args, email_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["phone"].initial = phone_of(self.instance)
        if not email_editable:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "The e-mail of a unit administrator is changed by a superuser."
            )

    def save(self, commit: bool = True):
        account = super().save(commit=commit)
        if commit:
            save_phone(account, self.cleaned_data.get("phone", ""))
        return account


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["unit", "role"]

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.manager = manager
        # Units in force, and the one an existing assignment already has (kept, read only).
        units = scope_of(manager).filter(
            AdministrativeUnit.objects.in_force(), "path", ADMIN_ROLES, write=True
        )
        if self.instance.unit_id:
            units = units | AdministrativeUnit.objects.filter(pk=self.instance.unit_id)
        self.fields["unit"].queryset = units.order_by("path")

    def clean(self):
        cleaned = super().clean()
        if self.has_changed() or not self.instance.pk:
            check_unit_admin_grant(self.manager, cleaned.get("unit"), cleaned.get("role"))
        return cleaned


class BaseAssignmentFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """A unit administrator's role is taken away or changed only by a superuser: demoting
        first would open their e-mail, and so their password, to whoever demoted them."""
        super().clean()
        for form in self.forms:
            if not form.instance.pk or scope_of(form.manager).everything:
                continue
            was_admin = Assignment.objects.filter(
                pk=form.instance.pk, role=Role.UNIT_ADMIN
            ).exists()
            deleted = self.can_delete and self._should_delete_form(form)
            if was_admin and (deleted or form.has_changed()):
                raise ValidationError(
                    _("A unit administrator's role is changed or removed by a superuser.")
                )


AssignmentFormSet = forms.inlineformset_factory(
    get_user_model(), Assignment, form=AssignmentForm, formset=BaseAssignmentFormSet,
    extra=1, can_delete=True, max_num=10,
)  # fmt: skip
