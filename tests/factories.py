"""factory_boy factories and payload builders shared by the suite."""

import datetime as dt
import itertools

import factory

from accounts.demo import demo_id_number
from accounts.models import Department, Office, Role, User

_seq = itertools.count(100)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.APPLICANT
    password = factory.PostGenerationMethodCall("set_password", "demo1234")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff(role: str, *, office_code: str, department: str = "civil_affairs", **kwargs) -> User:
    return UserFactory(
        role=role,
        office=Office.objects.get(code=office_code),
        department=Department.objects.get(code=department),
        **kwargs,
    )


def id_number(*, birth=dt.date(1980, 1, 1), female=False) -> str:
    return demo_id_number(birth, next(_seq) % 499, female=female)


def member(
    name="测试",
    *,
    relation="self",
    birth=dt.date(1980, 1, 1),
    female=False,
    employment="unemployed",
    school="none",
    disability="none",
    incomes=None,
    assets=None,
    expenses=None,
) -> dict:
    return {
        "name": name,
        "id_number": id_number(birth=birth, female=female),
        "relation": relation,
        "employment_status": employment,
        "school_stage": school,
        "disability_grade": disability,
        "incomes": incomes or {},
        "assets": assets or {},
        "expenses": expenses or {},
    }


def payload(*, items, members=None, hukou="310105001001", residence="310105001001", **extra) -> dict:
    """A complete, valid unified-form payload. Default: a poor family of three."""
    data = {
        "household": {
            "hukou_office": hukou,
            "residence_office": residence,
            "address": "长宁区测试路 1 号",
            "phone": "13800000000",
        },
        "members": members
        or [
            member("李测试", relation="self", incomes={"transfer": "500"}),
            member(
                "王测试", relation="spouse", female=True, employment="flexible", incomes={"wages": "1200"}
            ),
            member(
                "李小测",
                relation="child",
                birth=dt.date(2014, 3, 3),
                employment="student",
                school="compulsory",
            ),
        ],
        "items": items,
        "materials_provided": ["id_card", "hukou_book", "check_authorization", "income_proof"],
        "consent_economic_check": True,
        "opt_in_low_income": True,
    }
    data.update(extra)
    return data


def well_off_members() -> list[dict]:
    """Per-capita income far above the low-income line (2 × dibao)."""
    return [
        member("富测试", relation="self", employment="employed", incomes={"wages": "20000"}),
        member(
            "富小测", relation="child", birth=dt.date(2013, 6, 6), employment="student", school="compulsory"
        ),
    ]
