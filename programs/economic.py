"""One household economic check per application (信息集成共享, "一次提交、多次复用").

A civil-affairs means-tested item (dibao, 低收入, 支出型) verifies the household's income and
assets (核对). Other items of the same application that need an economic check — the street's
investigation for 廉租住房, the economic check of 工会帮扶 — take those verified figures instead
of investigating twice: their step declares `Step.reuse_verification`, and the engine calls it
when the step opens with a verification already done, or when the verification lands while
the step is open. While a sibling item's verification is still to come the step waits for it
(`verification_awaited`); if that item closes without one, the step's own staff do the check.
"""

from django.db import transaction
from django.dispatch import Signal, receiver

from .lifecycle import FINAL_STATES

# Sent by a family when a case's verified figures are recorded (sender: the family's model).
verification_recorded = Signal()


def shared_verification(case):
    """The other case of this application whose household economic check is done, or None."""
    from .models import ProgramCase

    return (
        ProgramCase.objects.filter(application_id=case.application_id)
        .exclude(pk=case.pk)
        .exclude(verified_figures={})
        .select_related("program")
        .order_by("program__sort_order")
        .first()
    )


def verification_awaited(case) -> list:
    """The other, still open cases of this application that will verify the household's finances
    (the means-tested family's 核对 not done yet): the check waits for them."""
    from .models import ProgramCase

    return list(
        ProgramCase.objects.filter(application_id=case.application_id, program__family="means_tested")
        .exclude(pk=case.pk)
        .exclude(state__in=FINAL_STATES)
        .filter(verified_figures={})
        .select_related("program")
        .order_by("program__sort_order")
    )


def reuse_record(source) -> dict:
    """What the reusing case keeps about the check it took (shown on its pages and notices)."""
    return {
        "source": "reused",
        "program": source.program.code,
        "case": source.pk,
        "figures": dict(source.verified_figures),
    }


def verification_reuse(case, *, actor=None) -> bool:
    """Take the application's verification at a step that reuses it; True when it moved on.

    The caller holds the transaction and the case's row lock."""
    from .registry import as_family, family_of

    case = as_family(case)
    step = family_of(case).step(case.state)
    if step is None or step.reuse_verification is None:
        return False
    source = shared_verification(case)
    if source is None:
        return False
    step.reuse_verification(case=case, source=source, actor=actor)
    return True


@receiver(verification_recorded, dispatch_uid="programs.economic.siblings_reuse")
def siblings_reuse(sender=None, *, case, actor=None, **kwargs) -> None:
    """A verification landed: every sibling waiting at a reusing step takes it now (in the same
    transaction as the verification)."""
    from .models import ProgramCase

    siblings = (
        ProgramCase.objects.filter(application_id=case.application_id)
        .exclude(pk=case.pk)
        .exclude(state__in=FINAL_STATES)
        .select_related("program", "application__household")
        .select_for_update(of=("self",))
    )
    with transaction.atomic():
        for sibling in siblings:
            verification_reuse(sibling, actor=actor)
