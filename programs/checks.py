"""System checks: a family's step table names only parameters that will exist."""

from django.core import checks


@checks.register()
def step_deadlines_have_parameters(app_configs=None, **kwargs):
    from .catalogue import PARAMETERS
    from .registry import FAMILIES

    errors = []
    for family in FAMILIES.values():
        seeded = {row[0] for row in PARAMETERS} | {row[0] for row in family.parameters}
        for step in family.steps:
            if step.deadline not in seeded:
                errors.append(
                    checks.Error(
                        f"step {step.state!r} of family {family.code!r} counts its deadline with "
                        f"parameter {step.deadline!r}, which neither programs.catalogue.PARAMETERS nor "
                        "the family's PARAMETERS seeds",
                        hint="Add the parameter row and pass parameters=PARAMETERS to Family(...).",
                        id="programs.E001",
                    )
                )
    return errors
