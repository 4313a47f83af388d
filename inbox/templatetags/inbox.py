from django import template

register = template.Library()


@register.filter
def inbox_unread(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    from inbox.models import Message

    return Message.objects.filter(recipient=user, read_at__isnull=True).count()
