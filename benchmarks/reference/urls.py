"""One write (1 case + its members + its program rows, one transaction) and one status read."""

import json

from django.db import transaction
from django.http import Http404, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from .models import Case, Member, ProgramRow


def _body(case: Case) -> dict:
    return {
        "reference": case.reference,
        "members": [{"name": m.name, "relation": m.relation} for m in case.members.all()],
        "items": [{"code": p.code, "state": p.state} for p in case.programs.all()],
    }


@csrf_exempt
def applications(request):
    data = json.loads(request.body)
    with transaction.atomic():
        case = Case.objects.create(address=data["household"]["address"])
        case.reference = f"RF{case.pk:08d}"
        case.save(update_fields=["reference"])
        Member.objects.bulk_create(
            Member(case=case, name=m["name"], id_number=m["id_number"], relation=m["relation"])
            for m in data["members"]
        )
        ProgramRow.objects.bulk_create(ProgramRow(case=case, code=code) for code in data["items"])
    return JsonResponse({"reference": case.reference}, status=201)


def application(request, reference):
    case = Case.objects.filter(reference=reference).prefetch_related("members", "programs").first()
    if case is None:
        raise Http404
    return JsonResponse(_body(case))


urlpatterns = [
    path("api/v1/applications/", applications),
    path("api/v1/applications/<str:reference>/", application),
]
