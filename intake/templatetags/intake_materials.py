"""Materials on pages whose views are not this module's: {% load intake_materials %}.

The status and acceptance pages read the application's checklist through the same selector
(intake.materials.application_materials_summary), so no view needs to pass it in.
"""

from django import template

from intake.materials import (
    application_materials_summary,
    material_present_by_default,
    materials_listed_total,
    max_megabytes,
    reduction_percent,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def application_materials(context, application):
    """{% application_materials application as mats %}: what is still needed, by when, and where."""
    request = context.get("request")
    return application_materials_summary(application=application, user=getattr(request, "user", None))


@register.simple_tag
def materials_tally(programs, materials):
    """{% materials_tally chosen_programs materials as tally %} on the form's materials step."""
    codes = [p.code for p in programs]
    listed = materials_listed_total(codes)
    asked = sum(1 for m in materials if not m.exempt_source and not m.covered_by_consent)
    return {
        "listed": listed,
        "merged": len(materials),
        "asked": asked,
        "percent": reduction_percent(listed, asked),
    }


@register.filter
def present_by_default(row) -> bool:
    return material_present_by_default(row)


@register.simple_tag
def material_max_megabytes() -> str:
    return max_megabytes()
