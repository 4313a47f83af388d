"""The inbox page: a person's own messages, newest first; opening one marks it read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Message
from .services import message_mark_read


@login_required
def inbox(request):
    messages = Message.objects.filter(recipient=request.user)
    page = Paginator(messages, 30).get_page(request.GET.get("page"))
    return render(
        request, "inbox/inbox.html", {"page": page, "unread": messages.filter(read_at=None).count()}
    )


@login_required
@require_POST
def message_open(request, pk: int):
    try:
        message = Message.objects.get(pk=pk, recipient=request.user)
    except Message.DoesNotExist as missing:
        raise Http404 from missing
    message_mark_read(message=message, user=request.user)
    if message.url and url_has_allowed_host_and_scheme(message.url, allowed_hosts={request.get_host()}):
        return redirect(message.url)
    return redirect("inbox:inbox")
