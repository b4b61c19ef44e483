"""Onboarding accounts from an xlsx template, keyed by login: all rows or none.

A new account has no password: it gets a set-password link (Django's password-reset token, which
holds the password hash and the last login, so it works once and expires after
PASSWORD_RESET_TIMEOUT), e-mailed where an address is given and always listed for hand delivery.
The list is kept in the session as account ids and a fingerprint of each account's password
hash: the links are made again for the page and the sheet, and an account drops off the list once
its password is set or it logs in. No password is ever shown or stored in clear.
"""

import datetime
import logging
import smtplib
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import RegexValidator, validate_email
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.validators import phone_validator
from core.xlsx.read import ImportResult, Row, open_rows

from .forms import check_unit_admin_grant
from .models import AdministrativeUnit, Assignment, Contact, Role, phone_of
from .onboarding import UnitCodes, labels, raw_code
from .onboarding_columns import ACCOUNT_COLUMNS
from .permissions import can_change_email, can_edit_user

log = logging.getLogger(__name__)
SESSION_KEY = "centres:onboarding_links"
LEVELS = tuple(AdministrativeUnit.Level.values)


@dataclass
class AccountImportResult(ImportResult):
    issued: list = field(default_factory=list)  # the accounts given a set-password link
    emailed: int = 0
    not_emailed: int = 0  # the mail server refused: the printed sheet is the way


@dataclass
class Link:
    account: object
    units: str
    url: str
    expires: datetime.datetime


def import_accounts(
    *, user, unit: AdministrativeUnit, upload, relink: bool = False, saved=None
) -> AccountImportResult:
    """Accounts with one role each under the unit; existing ones (same login, any case) get
    their name, e-mail and the role added, and a new link only with `relink`. `saved(accounts)`
    is told the accounts given a link once they are saved, before any mail is sent (so that the
    sheet of links survives a mail server that fails)."""
    result = AccountImportResult()
    rows = open_rows(upload, ACCOUNT_COLUMNS)
    User = get_user_model()
    codes = UnitCodes(unit, [raw_code(v.get("unit_code")) for _n, v in rows], levels=LEVELS)
    logins = {
        unicodedata.normalize("NFKC", str(v.get("username") or "")).strip().lower()
        for _n, v in rows
    }
    assignments = Assignment.objects.select_related("unit")
    existing = {
        account.username.lower(): account
        for account in User.objects.annotate(login=Lower("username"))
        .filter(login__in=logins)
        .select_related("contact")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
    }
    roles = labels(Role.choices)
    check_login = RegexValidator(
        r"^[A-Za-z0-9@.+_-]+\Z",
        _("A login has letters without accents, digits and @ . + - _ only."),
    )
    seen: dict[str, int] = {}
    parsed = []
    for number, values in rows:
        row = Row(number, values, ACCOUNT_COLUMNS, result.errors)
        before = len(result.errors)
        login = unicodedata.normalize("NFKC", row.text("username", 150))  # as a login reads it
        name = row.text("full_name", 150)
        email, phone = row.text("email", 254), row.text("phone", 20)
        target, role = codes.resolve(row, "unit_code"), row.choice("role", roles)
        _validate(row, "username", check_login, login)
        _validate(row, "email", validate_email, email)
        _validate(row, "phone", phone_validator, phone)
        if target and role:
            try:
                check_unit_admin_grant(user, target, role)  # the rule of the user forms
            except ValidationError as error:
                row.error("role", " ".join(error.messages))
        if len(result.errors) > before:
            continue
        key = login.lower()
        if key in seen:
            row.error("username", _("Duplicate of row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        account = existing.get(key)
        if account is not None and not can_edit_user(user, account):
            row.error(
                "username",
                _("The account %(login)s exists and is not yours to change.") % {"login": login},
            )
            continue
        if account is not None and not email:
            email = account.email  # an empty cell keeps the e-mail recorded
        if (
            account is not None
            and email.lower() != account.email.lower()
            and not can_change_email(user, account)
        ):
            row.error("email", _("The e-mail of a unit administrator is changed by a superuser."))
            continue
        parsed.append((account, login, name, email, phone, target, role))
    if result.errors:
        return result
    with transaction.atomic():
        _save(user, parsed, result, relink)
    if saved is not None:
        saved(result.issued)
    _send_links(result)
    return result


def _validate(row: Row, key: str, validator, value: str) -> None:
    if value and not row.failed(key):
        try:
            validator(value)
        except ValidationError as error:
            row.error(key, " ".join(error.messages))


def _save(user, parsed: list, result: AccountImportResult, relink: bool) -> None:
    User = get_user_model()
    new, changed, fields, grants, phones = [], [], set(), [], {}
    for account, login, name, email, phone, target, role in parsed:
        if account is None:
            account = User(username=login, first_name=name, email=email)
            account.set_unusable_password()
            new.append(account)
            grants.append((account, target, role))
            if phone:
                phones[login] = phone
            continue
        new_phone = bool(phone) and phone != phone_of(account)  # an empty cell keeps the phone
        if new_phone:
            phones[account.username] = phone
        differs = {k: v for k, v in {"first_name": name, "email": email}.items()
                   if getattr(account, k) != v}  # fmt: skip
        held = {(a.unit_id, a.role) for a in account.assignments.all()}
        granted = (target.pk, role) not in held
        for k, v in differs.items():
            setattr(account, k, v)
        if differs:
            changed.append(account)
            fields.update(differs)
        if granted:
            grants.append((account, target, role))
        if differs or granted or new_phone:
            result.updated += 1
        else:
            result.unchanged += 1
        if relink and account.is_active and can_change_email(user, account):
            result.issued.append(account)  # a unit administrator's password is not handed out
    if new:
        bulk_create_with_history(new, User, batch_size=500, default_user=user)
        by_login = {
            a.username: a for a in User.objects.filter(username__in=[a.username for a in new])
        }
        new = [by_login[a.username] for a in new]  # with their ids, whatever the database
        grants = [(by_login.get(a.username, a), t, r) for a, t, r in grants]
    if changed:
        bulk_update_with_history(changed, User, sorted(fields), batch_size=500, default_user=user)
    if grants:
        bulk_create_with_history(
            [Assignment(user=a, unit=t, role=r) for a, t, r in grants],
            Assignment,
            batch_size=500,
            default_user=user,
        )
    if phones:
        _save_phones(user, phones)
    result.created = len(new)
    result.issued = new + result.issued


def _save_phones(user, phones: dict[str, str]) -> None:
    """Accounts' phones by login, created or changed with history (two queries and the writes)."""
    accounts = get_user_model().objects.filter(username__in=phones)
    known = {c.user_id: c for c in Contact.objects.filter(user__in=accounts)}
    created, changed = [], []
    for account in accounts.only("pk", "username"):
        contact = known.get(account.pk)
        if contact is None:
            created.append(Contact(user=account, phone=phones[account.username]))
        else:
            contact.phone = phones[account.username]
            changed.append(contact)
    if created:
        bulk_create_with_history(created, Contact, batch_size=500, default_user=user)
    if changed:
        bulk_update_with_history(changed, Contact, ["phone"], batch_size=500, default_user=user)


def set_password_link(account) -> str:
    """The account's one-time link to the page where its owner chooses a password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(account.pk)),
            "token": default_token_generator.make_token(account),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def link_expiry() -> datetime.datetime:
    """When a link made now stops working, in Việt Nam time."""
    return timezone.localtime() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def _send_links(result: AccountImportResult) -> None:
    """E-mail each account given a link that has an address (after the accounts are saved)."""
    recipients = [a for a in result.issued if a.email]
    if not recipients:
        return
    connection = get_connection(fail_silently=False)
    with translation.override(settings.LANGUAGE_CODE):
        expires = link_expiry().strftime("%d/%m/%Y %H:%M")
        for account in recipients:
            body = "\n\n".join([
                _("Hello %(name)s,") % {"name": account.first_name or account.username},
                _("You have an account on the community learning centres portal. Your login: "
                  "%(login)s.") % {"login": account.username},
                _("Choose your password by opening this link, which works once, until "
                  "%(date)s:") % {"date": expires},
                set_password_link(account),
                _("If you did not expect this message, ignore it: nothing happens until the "
                  "link is opened."),
            ])  # fmt: skip
            message = EmailMessage(
                _("Your account on the community learning centres portal"),
                body,
                to=[account.email],
                connection=connection,
            )
            try:
                message.send()
            except smtplib.SMTPRecipientsRefused as error:  # this address only
                log.warning("set-password link for %s not sent: %s", account.pk, error)
                result.not_emailed += 1
            except Exception as error:  # the server fails: the sheet remains, stop trying
                log.warning("set-password links not sent: %s", error)
                result.not_emailed += len(recipients) - result.emailed - result.not_emailed
                break
            else:
                result.emailed += 1
    try:
        connection.close()
    except Exception:  # closing a connection that failed to open
        log.debug("mail connection not closed", exc_info=True)


def _fingerprint(account) -> str:
    """Changes when the password is set or the account logs in: the link of then is spent."""
    value = (
        f"{account.password}|{account.last_login}|{account.is_active}|{account.is_staff}|"
        f"{account.is_superuser}|{account.email}"
    )
    return salted_hmac("centres.onboarding.link", value).hexdigest()[:24]


def remember_links(session, unit: AdministrativeUnit, accounts: list) -> None:
    """Keep, for the page and the sheet of links, which accounts of this import got one."""
    session[SESSION_KEY] = {
        "unit": unit.pk,
        "until": link_expiry().isoformat(),
        "accounts": [[a.pk, _fingerprint(a)] for a in accounts],
    }


def remembered_links(session, unit: AdministrativeUnit, user) -> list[Link]:
    """The links of the accounts the last import gave one, still unused, made again now."""
    kept = session.get(SESSION_KEY)
    if not kept or kept.get("unit") != unit.pk:
        return []
    if datetime.datetime.fromisoformat(kept["until"]) < timezone.now():
        return []
    prints = dict(kept["accounts"])
    under = Assignment.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    accounts = (
        get_user_model()
        .objects.filter(pk__in=prints, is_active=True)
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("unit")),
            Prefetch("assignments", queryset=under.order_by("unit__path"), to_attr="shown"),
        )
        .order_by("username")
    )
    expires = link_expiry()
    return [
        Link(
            account,
            ", ".join(f"{a.unit.name} ({a.get_role_display()})" for a in account.shown),
            set_password_link(account),
            expires,
        )
        for account in accounts
        if constant_time_compare(prints[account.pk], _fingerprint(account))
        # the admin still manages the account and its e-mail (a unit administrator's
        # password is not handed out), whatever changed since the import
        and can_edit_user(user, account)
        and can_change_email(user, account)
    ]
