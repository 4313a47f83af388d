"""Reading a rule trace: which conditions failed, whether every one was met, and how to show it.

Each condition is recorded in Chinese (`label`, `detail`: the official text a decision quotes),
with the untranslated wording of its figures (`detail_template`) and the figures themselves
(`params`), so that a page or a notice in English shows it in English.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language, gettext


def trace_failures(trace) -> list[dict]:
    return [step for step in trace or [] if not step.get("passed")]


def trace_all_passed(trace) -> bool:
    return bool(trace) and not trace_failures(trace)


def in_record_language(render):
    """Call `render()` in the language of the record (Chinese), whatever the page's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render()


def in_each_language(render) -> dict[str, str]:
    """`render()` in every language of the site: a figure of a trace that is itself words."""
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = str(render())
    return out


def _param(value):
    if isinstance(value, dict):
        language = get_language() or settings.LANGUAGE_CODE
        for code, text in value.items():
            if language.startswith(code.split("-")[0]):
                return text
        return value.get(settings.LANGUAGE_CODE, next(iter(value.values()), ""))
    return value


def trace_step_shown(step: dict) -> dict:
    """One condition in the reader's language; a record from before the wording was kept (no
    `detail_template`) shows its Chinese figures under the translated label."""
    shown = {**step, "label": gettext(step.get("label", "")) if step.get("label") else ""}
    template = step.get("detail_template")
    if template:
        try:
            shown["detail"] = gettext(template) % {
                k: _param(v) for k, v in (step.get("params") or {}).items()
            }
        except (KeyError, TypeError, ValueError):
            shown["detail"] = step.get("detail", "")
    return shown


def trace_shown(trace) -> list[dict]:
    return [trace_step_shown(step) for step in trace or []]
