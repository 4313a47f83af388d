"""Template helpers available in every template (registered as a builtin in settings)."""

from django import template

from accounts.views import TEXT_SIZE_COOKIE, TEXT_SIZE_LARGE

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


@register.filter
def text_is_large(request) -> bool:
    """{% if request|text_is_large %}: the 大字模式 cookie set by accounts.views.text_size."""
    cookies = getattr(request, "COOKIES", None) or {}
    return cookies.get(TEXT_SIZE_COOKIE) == TEXT_SIZE_LARGE
