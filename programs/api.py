"""Catalogue, merged materials, case detail and the one actions endpoint."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from intake.materials import merged_materials

from .engine import case_act
from .errors import ActionInvalid
from .models import Program
from .selectors import case_get_for_user
from .serializers import CASE_RESPONSE, MaterialOut, ProgramOut, action_request_schema, case_out


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


class CaseDetail(APIView):
    @extend_schema(responses=CASE_RESPONSE)
    def get(self, request, pk: int):
        return Response(case_out(case_get_for_user(user=request.user, pk=pk), request=request))


class CaseTransitions(APIView):
    """Act on a case. Only the holder of the case's live step may (its role, department and
    office); each action takes its own fields — see `available_actions` on the case."""

    @extend_schema(request=action_request_schema(), responses={200: CASE_RESPONSE})
    def post(self, request, pk: int):
        if not isinstance(request.data, dict):
            raise ActionInvalid(_("请求内容应为 JSON 对象。"))
        body = request.data.dict() if hasattr(request.data, "dict") else dict(request.data)
        action = body.pop("action", None)
        expected = body.pop("expected_state", None) or None
        if not isinstance(action, str) or not action:
            raise ActionInvalid(_("请指定办理操作（action）。"))
        case = case_act(case=pk, user=request.user, action=action, data=body, expected_state=expected)
        return Response(case_out(case, request=request))
