"""The Django admin under the same Scope as the portal.

The admin is a second way into the data, so it fails closed: every model admin is for superusers
only, whatever model permissions a staff account was given, unless it is a `ScopedAdmin`. A
ScopedAdmin shows a non-superuser only the rows in their write scope as a unit admin, offers only
such rows in every foreign-key and many-to-many choice, and refuses to open, change or delete a
row outside it (tests/security/test_admin_matrix.py checks every registered model).
"""

from django.contrib import admin
from django.db.models import Model, QuerySet

from .scope import ADMIN_ROLES, scope_of


def scope_path_of(model: type[Model]) -> str | None:
    """The unit-path field of a model whose manager is scoped (`ScopedQuerySet`), else None."""
    return getattr(model._default_manager.all(), "scope_path", None)


def scoped_choices(model: type[Model], user) -> QuerySet:
    """Rows of `model` the user may pick in the admin: in their write scope as a unit admin."""
    rows = model._default_manager.all()
    scope = scope_of(user)
    if scope.everything:
        return rows
    path = scope_path_of(model)
    return rows.none() if path is None else scope.filter(rows, path, ADMIN_ROLES, write=True)


class SuperuserOnly:
    """Only superusers reach this model in the admin."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class SuperuserOnlyAdmin(SuperuserOnly, admin.ModelAdmin):
    pass


class ScopedMixin:
    """Rows and choices limited to the user's write scope as a unit admin.

    `scope_path` names the unit-path field of the model (e.g. "province__path"); by default the
    one of the model's scoped queryset.
    """

    scope_path: str | None = None

    def _scope_path(self) -> str:
        path = self.scope_path or scope_path_of(self.model)
        if path is None:
            raise TypeError(f"{type(self).__name__} needs a scope_path")
        return path

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        scope = scope_of(request.user)
        if scope.everything:
            return rows
        return scope.filter(rows, self._scope_path(), ADMIN_ROLES, write=True)

    def _in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return super().has_module_permission(request) and scope_of(request.user).has_role(
            ADMIN_ROLES
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and scope_of(request.user).has_role(
            ADMIN_ROLES
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", scoped_choices(db_field.related_model, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(ScopedMixin, admin.ModelAdmin):
    pass


class ScopedInline(ScopedMixin, admin.TabularInline):
    """An inline of a scoped parent: its own rows are reached only through the parent."""

    def get_queryset(self, request):
        return admin.TabularInline.get_queryset(self, request)

    def _in_scope(self, request, obj) -> bool:
        return True  # `obj` is the parent, already checked by the parent's admin
