"""Template helpers available in every template (registered as a builtin in settings)."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }} — for keys with dots or held in variables."""
    if not mapping:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None
