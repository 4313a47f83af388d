"""An action's input serializer as an HTML form, and a POST back into the action's input.

The step table names each action's input (programs.steps.Action.input); the staff page renders
those fields and nothing else, so a page never repeats what an action takes.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings


def _kind(field) -> str:
    if isinstance(field, serializers.BooleanField):
        return "checkbox"
    if isinstance(field, serializers.DecimalField):
        return "decimal"
    if isinstance(field, serializers.CharField) and (field.max_length or 0) > 200:
        return "textarea"
    return "text"


def _leaves(serializer):
    """(html name, field) for every field, one level of nesting flattened as parent-child."""
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            for sub_name, sub in field.fields.items():
                yield f"{name}-{sub_name}", sub
        else:
            yield name, field


def flat_initial(initial: dict | None) -> dict:
    """An action's initial values (the input's shape) by html name."""
    flat = {}
    for name, value in (initial or {}).items():
        if isinstance(value, dict):
            flat.update({f"{name}-{child}": sub for child, sub in value.items()})
        else:
            flat[name] = value
    return flat


def form_fields(action, *, posted=None, initial=None, errors=None) -> list[dict]:
    """Field descriptors for the template: name, label, kind, help, value, errors, prefilled."""
    posted, initial, errors = posted or {}, flat_initial(initial), errors or {}
    fields = []
    for html_name, field in _leaves(action.input()):
        if posted:
            value = bool(posted.get(html_name)) if _kind(field) == "checkbox" else posted.get(html_name, "")
        else:
            value = initial.get(html_name, "")
        fields.append(
            {
                "name": html_name,
                "id": f"{action.name}-{html_name}",
                "label": field.label or html_name,
                "kind": _kind(field),
                "help": field.help_text or "",
                "value": value,
                "required": field.required and _kind(field) != "checkbox",
                "errors": errors.get(html_name, []),
                "prefilled": html_name in initial,
            }
        )
    return fields


def _unchanged(field, raw: str, initial) -> bool:
    if initial is None:
        return False
    if isinstance(field, serializers.DecimalField):
        try:
            return Decimal(raw.strip()) == Decimal(str(initial))
        except InvalidOperation:
            return False
    return raw == str(initial)


def data_from_post(action, post, *, initial=None) -> dict:
    """The action's input from a web form: booleans from checkboxes, blanks left out of numbers.

    A value sent back as the form was pre-filled (the action's `initial`) is left out too: the
    action assumes it anyway, and a figure derived from another (a per-capita figure from its
    total) then follows the one the person changed instead of contradicting it.
    """
    initial = flat_initial(initial)
    data: dict = {}
    for html_name, field in _leaves(action.input()):
        parent, _sep, child = html_name.partition("-")
        raw = post.get(html_name)
        if isinstance(field, serializers.BooleanField):
            value = bool(raw)
        elif raw is None or (raw.strip() == "" and isinstance(field, serializers.DecimalField)):
            continue
        elif _unchanged(field, raw, initial.get(html_name)):
            continue
        else:
            value = raw.strip() if isinstance(field, serializers.DecimalField) else raw
        if child:
            data.setdefault(parent, {})[child] = value
        else:
            data[html_name] = value
    return data


def _label(serializer, name: str):
    field = serializer.fields.get(name) if isinstance(serializer, serializers.Serializer) else None
    return field, (field.label if field is not None and field.label else name)


def labelled_errors(serializer, detail):
    """A DRF error detail whose every message names its field by its label, in the reader's
    language ("人均月收入：请填写合法的数字。"), never by the input's internal key."""
    if not isinstance(detail, dict):
        return detail
    out = {}
    for name, messages in detail.items():
        field, label = _label(serializer, name)
        if isinstance(messages, dict):
            out[name] = labelled_errors(field, messages) if field is not None else messages
            continue
        if name == api_settings.NON_FIELD_ERRORS_KEY:
            out[name] = messages
            continue
        out[name] = [
            ErrorDetail(
                _("%(label)s：%(message)s") % {"label": label, "message": m}, code=getattr(m, "code", None)
            )
            for m in (messages if isinstance(messages, list) else [messages])
        ]
    return out


def flat_errors(detail) -> dict[str, list[str]]:
    """A DRF ValidationError detail as {html name: [messages]}."""
    flat: dict[str, list[str]] = {}
    if not isinstance(detail, dict):
        return {"__all__": [str(d) for d in (detail if isinstance(detail, list) else [detail])]}
    for name, messages in detail.items():
        if isinstance(messages, dict):
            for child, sub in messages.items():
                flat[f"{name}-{child}"] = [str(m) for m in sub]
        else:
            flat[name] = [str(m) for m in messages]
    return flat


def errors_elsewhere(action, errors: dict[str, list[str]]) -> list[str]:
    """Messages that belong to no field of the form (shown above it, so none is lost)."""
    names = {html_name for html_name, _field in _leaves(action.input())}
    return [m for name, messages in errors.items() if name not in names for m in messages]
