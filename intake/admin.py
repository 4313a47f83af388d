from django.contrib import admin

from .models import Application, ApplicationMaterial, Household, Person


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = (
        "name",
        "id_number_masked",
        "relation",
        "sex",
        "birth_date",
        "disability_grade",
        "employment_status",
        "school_stage",
    )
    readonly_fields = fields
    can_delete = False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("id", "address", "hukou_office", "residence_office")
    inlines = [PersonInline]


class MaterialInline(admin.TabularInline):
    model = ApplicationMaterial
    extra = 0
    # The file itself only through the permission-checked, audited download (it has no URL).
    fields = readonly_fields = (
        "material",
        "provided",
        "exempt_source",
        "from_consent",
        "original_name",
        "content_type",
        "size",
        "uploaded_at",
        "bring_to_office",
    )
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("reference", "household", "channel", "acceptance", "submitted_at")
    list_filter = ("channel", "acceptance")
    search_fields = ("reference",)
    inlines = [MaterialInline]
    readonly_fields = [f.name for f in Application._meta.fields]

    def has_add_permission(self, request):
        return False
