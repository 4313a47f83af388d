"""{% load exports %}{% if user|can_export %}: the navigation link to /reports/exports/."""

from django import template

from accounts.permissions import has_perm

register = template.Library()


@register.filter
def can_export(user) -> bool:
    return has_perm(user, "reports.export")
