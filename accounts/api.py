"""Office look-up for forms and department systems."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from .models import Office


class OfficeOut(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)

    class Meta:
        model = Office
        fields = ["code", "name", "name_en", "level", "parent"]


@extend_schema(
    parameters=[
        OpenApiParameter("q", OpenApiTypes.STR, description="名称或代码的一部分"),
        OpenApiParameter("level", OpenApiTypes.STR, enum=[c for c, _label in Office.Level.choices]),
    ]
)
class OfficeList(generics.ListAPIView):
    """Offices by name or code (e.g. the 居委会 of a household)."""

    serializer_class = OfficeOut

    def get_queryset(self):
        qs = Office.objects.select_related("parent").order_by("path")
        q = self.request.query_params.get("q", "").strip()[:50]
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
        level = self.request.query_params.get("level", "")
        if level:
            if level not in Office.Level.values:
                raise serializers.ValidationError({"level": _("未知的机构层级。")})
            qs = qs.filter(level=level)
        return qs
