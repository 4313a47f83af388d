from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:"dotted.key" }} — template lookups cannot contain dots."""
    return (mapping or {}).get(key)
