"""Retention: anonymise closed applications after ONEWINDOW_RETENTION_DAYS (PIPL §19, §47).

The unit is the application (one form, many item cases). It is due when every one of its cases
is final (programs.lifecycle.FINAL_STATES), its last activity (submission, acceptance, decision,
any case update or transition, the end of a status one of its cases granted) is older than the
period, the household holds no live entitlement (a family still receiving help is never
anonymised), and no other application of the household has a live case.

Anonymising an application removes the free text and files that identify people and keeps what
statistics need: the items, states, decision dates, deciding office, amounts, verified figures,
policy figures, declared amounts and the conditions of the trace. Once every application of a
household is anonymised and nothing of it is live, the household and its members go too: names,
ID numbers (ciphertext and blind index), address, phone, the day and month of birth.

Each application (and each household) is done in its own transaction, under row locks, after
checking again that it is still due: a case reopened or a new application submitted meanwhile
wins. Files are deleted after the commit. One audit row per run, with counts and references only.
"""

import datetime as dt
import secrets
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.audit import audit_log_ref
from notices.models import Notice
from programs.lifecycle import FINAL_STATES, SharedState
from programs.models import CaseTransition, Commission, Entitlement, ProgramCase
from programs.registry import FAMILIES
from review.models import Investigation, Objection

from .models import Application, ApplicationMaterial, Draft, Household, Person

# Stored placeholders. Stored records are in Chinese (like decision reasons); pages show the
# translated label "已匿名化" where a field is empty or anonymised.
ANONYMISED_NAME = "已匿名"
ANONYMISED_TEXT = "已匿名化"
# Trace rules whose `detail` quotes free text typed by staff (the legal matter); every other
# detail is built from figures and parameters only. A family adding such a rule lists it here.
FREE_TEXT_TRACE_RULES = frozenset({"matter_in_scope"})
# Figures of a trace that are a person's name or words ("%(name)s：70 周岁"): replaced, and the
# detail rebuilt from its wording without them. Families name such figures with these keys.
PERSONAL_TRACE_PARAMS = frozenset({"name", "names", "matter"})
AUDIT_CODE = "intake.retention.run"


@dataclass
class RetentionReport:
    dry_run: bool
    now: dt.datetime
    cutoff: dt.datetime
    days: int
    applications: list[str] = field(default_factory=list)
    households: list[int] = field(default_factory=list)
    # item code → state → number of cases in the applications above
    cases_by_item: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    counts: Counter = field(default_factory=Counter)
    # Due when listed, no longer due under the lock (e.g. a new application came in meanwhile).
    skipped: list[str] = field(default_factory=list)

    def as_data(self) -> dict:
        """What the audit row records: counts and references, never personal data."""
        return {
            "dry_run": self.dry_run,
            "days": self.days,
            "cutoff": self.cutoff.isoformat(),
            "applications": self.applications,
            "households": self.households,
            "cases_by_item": {code: dict(states) for code, states in sorted(self.cases_by_item.items())},
            "counts": dict(sorted(self.counts.items())),
            "skipped": self.skipped,
        }

    def lines(self) -> list[str]:
        verb = "that would be anonymised" if self.dry_run else "anonymised"
        out = [
            f"Retention run{' (dry run: nothing changed)' if self.dry_run else ''}: period {self.days} days, "
            f"last activity before {timezone.localtime(self.cutoff):%Y-%m-%d %H:%M}",
            f"Applications {verb}: {len(self.applications)}",
            *(f"  {reference}" for reference in self.applications),
            "Cases by item:",
            *(
                f"  {code}: " + ", ".join(f"{state} {n}" for state, n in sorted(states.items()))
                for code, states in sorted(self.cases_by_item.items())
            ),
            f"Households {verb}: {len(self.households)}"
            + (f" (ids {', '.join(str(pk) for pk in self.households)})" if self.households else ""),
            *(f"  {name}: {n}" for name, n in sorted(self.counts.items())),
        ]
        if self.skipped:
            out.append(f"Skipped (changed while running): {', '.join(self.skipped)}")
        return out


def retention_cutoff(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=int(settings.ONEWINDOW_RETENTION_DAYS))


def _live_entitlements(*, today: dt.date) -> QuerySet[Entitlement]:
    return Entitlement.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def _live_cases() -> QuerySet[ProgramCase]:
    return ProgramCase.objects.exclude(state__in=FINAL_STATES)


def _latest(queryset: QuerySet, column: str) -> Subquery:
    """The latest `column` of the rows of this application (NULL when there are none)."""
    return Subquery(
        queryset.values("application_id").annotate(latest=Max(column)).values("latest")[:1],
        output_field=DateTimeField(),
    )


def retention_due_applications(*, now: dt.datetime | None = None) -> QuerySet[Application]:
    """Applications to anonymise on `now` (default: now), oldest first."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    today = timezone.localdate(now)
    cases = ProgramCase.objects.filter(application=OuterRef("pk"))
    last_transition = Subquery(
        CaseTransition.objects.filter(case__application=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    submitted = "submitted_at"
    return (
        Application.objects.filter(anonymised_at__isnull=True)
        .filter(Exists(cases))
        .exclude(Exists(_live_cases().filter(application__household=OuterRef("household"))))
        .exclude(Exists(_live_cases().filter(household=OuterRef("household"))))
        .exclude(Exists(_live_entitlements(today=today).filter(household=OuterRef("household"))))
        # A status one of its cases granted ended within the period: the period counts from its end.
        .exclude(
            Exists(
                Entitlement.objects.filter(
                    source_case__application=OuterRef("pk"), valid_until__gte=timezone.localdate(cutoff)
                )
            )
        )
        .annotate(
            last_activity=Greatest(
                submitted,
                Coalesce("accepted_at", submitted),
                Coalesce(_latest(cases, "decided_at"), submitted),
                Coalesce(_latest(cases, "updated_at"), submitted),
                Coalesce(last_transition, submitted),
            )
        )
        .filter(last_activity__lt=cutoff)
        .order_by("submitted_at", "pk")
    )


def _household_due(household_id: int, *, today: dt.date, anonymised_too: Collection[int] = ()) -> bool:
    """Every application of the household anonymised (or in `anonymised_too`), nothing live."""
    applications = Application.objects.filter(household_id=household_id)
    return (
        applications.exists()
        and not applications.filter(anonymised_at__isnull=True).exclude(pk__in=anonymised_too).exists()
        and not _live_cases()
        .filter(Q(application__household_id=household_id) | Q(household_id=household_id))
        .exists()
        and not _live_entitlements(today=today).filter(household_id=household_id).exists()
    )


# --- Scrubbing the JSON of a case ------------------------------------------------------------


def _is_figure(value: str) -> bool:
    """A number or an ISO date: what statistics keep. Anything else may be a person's words."""
    try:
        Decimal(value)
        return True
    except (InvalidOperation, ValueError):
        pass
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def scrub_details(value):
    """Keep numbers, booleans, dates and the shape; replace every other text (names, matters)."""
    if isinstance(value, dict):
        return {key: scrub_details(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_details(item) for item in value]
    if isinstance(value, str) and value and not _is_figure(value):
        return ANONYMISED_TEXT
    return value


def scrub_trace(trace) -> list:
    """Keep each condition (rule, label, met or not) and its figures; drop quoted free text and
    the names a detail quotes (the detail is rebuilt from its wording with the name replaced)."""
    return [_scrub_step(step) if isinstance(step, dict) else step for step in trace or []]


def _scrub_step(step: dict) -> dict:
    params = step.get("params") if isinstance(step.get("params"), dict) else {}
    personal = PERSONAL_TRACE_PARAMS & set(params)
    if step.get("rule") in FREE_TEXT_TRACE_RULES:
        scrubbed = {"params": {k: ANONYMISED_TEXT for k in params}} if "params" in step else {}
        return {**step, "detail": ANONYMISED_TEXT, **scrubbed}
    if not personal:
        return step
    scrubbed = {key: ANONYMISED_NAME if key in personal else value for key, value in params.items()}
    try:
        shown = {
            k: v.get(settings.LANGUAGE_CODE, "") if isinstance(v, dict) else v for k, v in scrubbed.items()
        }
        detail = str(step.get("detail_template") or "") % shown or ANONYMISED_TEXT
    except (KeyError, TypeError, ValueError):
        detail = ANONYMISED_TEXT
    return {**step, "detail": detail, "params": scrubbed}


def scrubbed_reason(case: ProgramCase, trace: list) -> str:
    """The statutory grounds without the reviewer's words: the failed conditions, else a placeholder."""
    failures = [
        f"{step.get('label', '')}（{step.get('detail', '')}）"
        for step in trace
        if isinstance(step, dict) and not step.get("passed")
    ]
    if case.state != SharedState.APPROVED and failures:
        return "；".join(failures)
    return ANONYMISED_TEXT if case.decision_reason else ""


# --- One application, one household ----------------------------------------------------------


def _files(queryset: QuerySet, field_name: str) -> list[str]:
    return [name for name in queryset.exclude(**{field_name: ""}).values_list(field_name, flat=True) if name]


def _delete_files_on_commit(model, field_name: str, names: list[str]) -> None:
    storage = model._meta.get_field(field_name).storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def _tally(application: Application, report: RetentionReport) -> None:
    cases = ProgramCase.objects.filter(application=application)
    for code, state in cases.values_list("program__code", "state"):
        report.cases_by_item[code][state] += 1
    report.counts["notice_files"] += len(_files(Notice.objects.filter(case__application=application), "file"))
    report.counts["material_files"] += len(_files(application.materials.all(), "file"))
    report.counts["transition_reasons"] += (
        CaseTransition.objects.filter(case__application=application).exclude(reason="").count()
    )
    report.counts["investigations"] += Investigation.objects.filter(case__application=application).count()
    report.counts["objections"] += Objection.objects.filter(case__application=application).count()
    report.counts["drafts"] += Draft.objects.filter(submitted_application=application).count()


def _application_scrub(application: Application, *, now: dt.datetime) -> None:
    Application.objects.filter(pk=application.pk).update(
        note="",
        delegate_name="",
        delegate_relation="",
        return_reason="",
        # A hash of the submitted body (names and ID numbers): pseudonymous, so it goes too.
        request_fingerprint="",
        anonymised_at=now,
    )
    for case in ProgramCase.objects.filter(application=application):
        trace = scrub_trace(case.eligibility_trace)
        ProgramCase.objects.filter(pk=case.pk).update(
            details=scrub_details(case.details or {}),
            verified_figures=scrub_details(case.verified_figures or {}),
            eligibility_trace=trace,
            decision_reason=scrubbed_reason(case, trace),
        )
    CaseTransition.objects.filter(case__application=application).exclude(reason="").update(reason="")
    Investigation.objects.filter(case__application=application).update(findings=ANONYMISED_TEXT)
    Objection.objects.filter(case__application=application).update(content=ANONYMISED_TEXT)
    Commission.objects.filter(case__application=application).update(
        report=ANONYMISED_TEXT, democratic_evaluation=ANONYMISED_TEXT
    )
    # Records a family keeps beside its cases (obligors, advances, meeting minutes).
    for family in FAMILIES.values():
        if family.retention_scrub is not None:
            family.retention_scrub(ProgramCase.objects.filter(application=application), ANONYMISED_TEXT)
    notices = Notice.objects.filter(case__application=application)
    _delete_files_on_commit(Notice, "file", _files(notices, "file"))
    notices.update(file="")
    materials = ApplicationMaterial.objects.filter(application=application)
    _delete_files_on_commit(ApplicationMaterial, "file", _files(materials, "file"))
    materials.update(file="")
    # Submitted drafts hold no data any more; the link to the application goes with the row.
    Draft.objects.filter(submitted_application=application).delete()


def _application_run(pk: int, *, now: dt.datetime, report: RetentionReport) -> bool:
    """Anonymise one due application in its own transaction; False if it is no longer due."""
    with transaction.atomic():
        household_id = Application.objects.filter(pk=pk).values_list("household_id", flat=True).first()
        if household_id is None:
            return False
        # Household first: a submission for the household writes its row, so it waits for us (or we
        # for it, and then see its new cases when checking again below).
        Household.objects.select_for_update().filter(pk=household_id).first()
        application = Application.objects.select_for_update().get(pk=pk)
        list(ProgramCase.objects.select_for_update().filter(application=application).values_list("pk"))
        if not retention_due_applications(now=now).filter(pk=pk).exists():
            report.skipped.append(str(application))
            return False
        _tally(application, report)
        _application_scrub(application, now=now)
    report.applications.append(str(application))
    return True


def _person_scrub(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(
        name=ANONYMISED_NAME,
        id_number_encrypted="",
        # Unique per person (person_unique_in_household) and never an HMAC (64 hex digits), so no
        # look-up by ID number can find it again.
        id_number_index=f"anonymised:{secrets.token_hex(16)}",
        id_number_masked="",
        birth_date=dt.date(person.birth_date.year, 1, 1),
    )


def _stale_drafts(household: Household, *, now: dt.datetime) -> QuerySet[Draft]:
    """The account's unsubmitted drafts untouched for the whole period (one being typed now stays)."""
    if household.owner_id is None:
        return Draft.objects.none()
    return Draft.objects.filter(
        owner_id=household.owner_id, submitted_application__isnull=True, updated_at__lt=retention_cutoff(now)
    )


def _household_tally(household: Household, *, now: dt.datetime, report: RetentionReport) -> None:
    report.counts["persons"] += household.members.count()
    report.counts["drafts"] += _stale_drafts(household, now=now).count()
    report.households.append(household.pk)


def _household_run(household_id: int, *, now: dt.datetime, report: RetentionReport) -> bool:
    with transaction.atomic():
        household = Household.objects.select_for_update().filter(pk=household_id).first()
        if household is None or household.anonymised_at is not None:
            return False
        if not _household_due(household_id, today=timezone.localdate(now)):
            return False
        _household_tally(household, now=now, report=report)
        for person in household.members.all():
            _person_scrub(person)
        _stale_drafts(household, now=now).delete()
        # Unlinked from the account, so a new application by the same person starts a new household.
        Household.objects.filter(pk=household_id).update(address="", phone="", owner=None, anonymised_at=now)
    return True


def _household_candidates(*, due_households: set[int]) -> list[int]:
    """Households of this run's applications, and any left behind by an interrupted run."""
    leftover = (
        Household.objects.filter(anonymised_at__isnull=True, applications__anonymised_at__isnull=False)
        .exclude(Exists(Application.objects.filter(household=OuterRef("pk"), anonymised_at__isnull=True)))
        .values_list("pk", flat=True)
        .distinct()
    )
    fresh = Household.objects.filter(pk__in=due_households, anonymised_at__isnull=True).values_list(
        "pk", flat=True
    )
    return sorted(set(fresh) | set(leftover))


def retention_run(*, dry_run: bool, now: dt.datetime | None = None) -> RetentionReport:
    """Anonymise every due application, then every household left with nothing live.

    A dry run changes nothing and reports what a real run at the same `now` would do.
    """
    now = now or timezone.now()
    report = RetentionReport(
        dry_run=dry_run, now=now, cutoff=retention_cutoff(now), days=int(settings.ONEWINDOW_RETENTION_DAYS)
    )
    today = timezone.localdate(now)
    due = list(retention_due_applications(now=now).values_list("pk", "household_id"))
    due_pks = {pk for pk, _household in due}
    if dry_run:
        for application in Application.objects.filter(pk__in=due_pks).order_by("submitted_at", "pk"):
            _tally(application, report)
            report.applications.append(str(application))
    else:
        for pk, _household in due:
            _application_run(pk, now=now, report=report)
    for household_id in _household_candidates(due_households={household for _pk, household in due}):
        if not dry_run:
            _household_run(household_id, now=now, report=report)
        elif _household_due(household_id, today=today, anonymised_too=due_pks):
            _household_tally(Household.objects.get(pk=household_id), now=now, report=report)
    audit_log_ref(
        actor=None,
        code=AUDIT_CODE,
        object_type="intake.retention",
        object_id=now.isoformat(timespec="seconds"),
        data=report.as_data(),
    )
    return report
