"""An action's input serializer as an HTML form, and a POST back into the action's input.

The step table names each action's input (programs.steps.Action.input); the staff page renders
those fields and nothing else, so a page never repeats what an action takes.
"""

from rest_framework import serializers


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


def form_fields(action, *, posted=None, initial=None, errors=None) -> list[dict]:
    """Field descriptors for the template: name, label, kind, help, value, errors."""
    posted, initial, errors = posted or {}, initial or {}, errors or {}
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
            }
        )
    return fields


def data_from_post(action, post) -> dict:
    """The action's input from a web form: booleans from checkboxes, blanks left out of numbers."""
    data: dict = {}
    for html_name, field in _leaves(action.input()):
        parent, _sep, child = html_name.partition("-")
        raw = post.get(html_name)
        if isinstance(field, serializers.BooleanField):
            value = bool(raw)
        elif raw is None or (raw.strip() == "" and isinstance(field, serializers.DecimalField)):
            continue
        else:
            value = raw.strip() if isinstance(field, serializers.DecimalField) else raw
        if child:
            data.setdefault(parent, {})[child] = value
        else:
            data[html_name] = value
    return data


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
