"""manage.py generate_city (benchmarks/scale.py's city), small: what it writes is what the
product reads — the dashboard summary counts it, the household search finds its people, and
the sweep finds only today's work, as in a city whose sweep has been running."""

import datetime as dt
import io

from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from intake.services import household_lookup
from programs.memo import memoised
from programs.models import DecisionTally, ProgramCase, StateTally
from review.deadlines import deadline_sweep_once
from review.management.commands.generate_city import Command as GenerateCity
from review.models import WorkItem


def test_a_small_city_is_counted_found_and_swept_as_a_running_one(users):
    out = io.StringIO()
    call_command("generate_city", cases=400, open_share=0.5, streets=1, committees=2, batch=200, stdout=out)
    cases = ProgramCase.objects.all()
    assert cases.count() >= 400
    assert set(cases.values_list("state", flat=True)) > {"approved", "denied"}
    assert StateTally.objects.aggregate(n=Sum("n"))["n"] == cases.count()
    assert DecisionTally.objects.aggregate(n=Sum("n"))["n"] == cases.filter(decided_at__isnull=False).count()
    live = WorkItem.objects.filter(status="open")
    assert live.count() == cases.filter(decided_at__isnull=True).count() > 0
    today = timezone.localdate()
    # Told already: everything overdue before yesterday; nothing due from today on.
    assert not live.filter(due_date__lt=today - dt.timedelta(days=1), escalated_at__isnull=True).exists()
    assert not live.filter(due_date__gte=today, escalated_at__isnull=False).exists()
    with memoised():
        found = household_lookup(user=users["clerk"], id_number=GenerateCity._id_number(1, "self"))
        assert found is not None
        swept = deadline_sweep_once()
    # Today's sweep escalates only what fell due yesterday.
    assert (
        swept["escalated"]
        == WorkItem.objects.filter(status="open", due_date=today - dt.timedelta(days=1)).count()
    )
