"""Catalogue, merged materials, case detail and the one transitions endpoint."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from intake.selectors import applications_for_user
from intake.services import merged_materials

from .actions import case_action_fire
from .models import Program, ProgramCase
from .serializers import CaseOut, MaterialOut, ProgramOut, TransitionInput


class CatalogueList(generics.ListAPIView):
    serializer_class = ProgramOut
    pagination_class = None
    queryset = Program.objects.select_related("department").prefetch_related("materials")


class MaterialsChecklist(APIView):
    """一次告知: every material the chosen items need, each listed once."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "items", OpenApiTypes.STR, description="逗号分隔的事项代码，如 dibao,edu_compulsory"
            )
        ],
        responses=MaterialOut(many=True),
    )
    def get(self, request):
        codes = [c for c in request.query_params.get("items", "").split(",") if c]
        return Response(MaterialOut(merged_materials(codes), many=True).data)


def case_get_for_user(*, user, pk: int) -> ProgramCase:
    case = (
        ProgramCase.objects.select_related("program__department", "application__household")
        .filter(pk=pk, application__in=applications_for_user(user=user))
        .first()
    )
    if case is None:
        raise Http404
    return case


class CaseDetail(APIView):
    @extend_schema(responses=CaseOut)
    def get(self, request, pk: int):
        return Response(CaseOut(case_get_for_user(user=request.user, pk=pk)).data)


class CaseTransitions(APIView):
    @extend_schema(request=TransitionInput, responses={200: CaseOut})
    def post(self, request, pk: int):
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        case = case_action_fire(
            case_get_for_user(user=request.user, pk=pk), request.user, data.validated_data
        )
        return Response(CaseOut(ProgramCase.objects.get(pk=case.pk)).data)
