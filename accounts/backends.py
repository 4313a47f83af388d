"""The Django admin's model permissions come from the user's role (accounts.permissions);
only a superuser (the break-glass account) has them all (Django's own rule)."""

from .permissions import ROLE_ADMIN_PERMISSIONS


class RolePermissionBackend:
    """Authenticates nobody; answers has_perm for the Django admin from the role."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user, perm, obj=None) -> bool:
        return user.is_active and perm in ROLE_ADMIN_PERMISSIONS.get(user.role, frozenset())

    def has_module_perms(self, user, app_label) -> bool:
        permissions = ROLE_ADMIN_PERMISSIONS.get(user.role, frozenset())
        return user.is_active and any(p.startswith(f"{app_label}.") for p in permissions)
