"""Demo data for the embedded default: an office tree, one login per role, sample households."""

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from .demo_households import _accepted, _place, demo_id_number, member  # noqa: F401
from .models import Department, Office, Role, User

DEMO_PASSWORD = "demo1234"

OFFICES = [
    # code, name, name_en, level, parent code
    ("310000", "上海市（演示）", "Shanghai (demo)", Office.Level.CITY, None),
    ("310105", "长宁区", "Changning District", Office.Level.DISTRICT, "310000"),
    ("310107", "普陀区", "Putuo District", Office.Level.DISTRICT, "310000"),
    ("310105001", "华阳路街道", "Huayang Road Street", Office.Level.STREET, "310105"),
    ("310105002", "江苏路街道", "Jiangsu Road Street", Office.Level.STREET, "310105"),
    ("310107001", "曹杨新村街道", "Caoyang New Village Street", Office.Level.STREET, "310107"),
    ("310105001001", "华阳居委会", "Huayang Neighbourhood Committee", Office.Level.COMMITTEE, "310105001"),
    (
        "310105001002",
        "长宁支路居委会",
        "Changning Branch Road Committee",
        Office.Level.COMMITTEE,
        "310105001",
    ),
    ("310105002001", "江苏路居委会", "Jiangsu Road Committee", Office.Level.COMMITTEE, "310105002"),
    (
        "310107001001",
        "曹杨一村居委会",
        "Caoyang No. 1 Village Committee",
        Office.Level.COMMITTEE,
        "310107001",
    ),
    # Organisations (level "unit"): a grassroots trade union under its district union; a grassroots
    # union under an industry union (产业工会, at district level under the city federation); a
    # youth social-work agency working in 长宁.
    (
        "310105900001",
        "华阳物业管理公司工会",
        "Huayang Property Management Co. Union",
        Office.Level.UNIT,
        "310105",
    ),
    (
        "310000800",
        "上海市建设交通工会",
        "Shanghai Construction and Transport Union",
        Office.Level.DISTRICT,
        "310000",
    ),
    ("310000800001", "上海城建公交公司工会", "Shanghai Urban Bus Co. Union", Office.Level.UNIT, "310000800"),
    (
        "310105910001",
        "阳光社区青少年事务中心长宁工作站",
        "Sunshine Youth Affairs Centre, Changning",
        Office.Level.UNIT,
        "310105",
    ),
]

# username, full name, role, office code, department code
USERS = [
    ("applicant", "王秀英", Role.APPLICANT, None, None),
    ("clerk", "陈窗口", Role.CLERK, "310105001", "civil_affairs"),
    # 全市通办: a centre in another district takes walk-ins registered anywhere in the city.
    ("clerk_putuo", "林窗口", Role.CLERK, "310107001", "civil_affairs"),
    ("advisor", "刘顾问", Role.ADVISOR, "310105001", "civil_affairs"),
    ("investigator", "赵调查", Role.INVESTIGATOR, "310105001", "civil_affairs"),
    ("investigator2", "钱调查", Role.INVESTIGATOR, "310105001", "civil_affairs"),
    ("reviewer_civil", "孙民政", Role.REVIEWER, "310105", "civil_affairs"),
    # The street's own reviewer (街道审核: 重残无业, 三胞胎, 临时救助, 人户分离 reports).
    ("reviewer_street", "何街道", Role.REVIEWER, "310105001", "civil_affairs"),
    ("reviewer_edu", "周教育", Role.REVIEWER, "310105", "education"),
    ("reviewer_medical", "吴医保", Role.REVIEWER, "310105", "medical_security"),
    ("reviewer_justice", "冯法援", Role.REVIEWER, "310105", "justice"),
    ("approver", "郑审批", Role.APPROVER, "310105001", "civil_affairs"),
    # The district's approver: decides where the street has no delegation (seed 004), and the
    # district-level items (重残无业, 三胞胎, 特困 confirmation).
    ("approver_district", "邓区审批", Role.APPROVER, "310105", "civil_affairs"),
    # 人社: the street employment service recognises 就业困难人员; the district grants the subsidy.
    ("employment_street", "蒋就业", Role.REVIEWER, "310105001", "hrss"),
    ("approver_hrss", "韩人社", Role.APPROVER, "310105", "hrss"),
    # 房管: the street's housing economic investigation, the district housing review and decision.
    ("investigator_housing", "杨房调", Role.INVESTIGATOR, "310105001", "housing"),
    ("reviewer_housing", "朱房管", Role.REVIEWER, "310105", "housing"),
    ("approver_housing", "秦房审", Role.APPROVER, "310105", "housing"),
    # 总工会: the grassroots union's cadre, the district union, the city federation.
    ("union_cadre", "尤工会", Role.REVIEWER, "310105900001", "trade_union"),
    ("union_district", "许区工会", Role.REVIEWER, "310105", "trade_union"),
    ("union_city", "何市总", Role.REVIEWER, "310000", "trade_union"),
    ("union_city_approver", "吕市总审批", Role.APPROVER, "310000", "trade_union"),
    # 妇联: neighbourhood, street, district and city women's federations.
    ("women_committee", "施居妇联", Role.REVIEWER, "310105001001", "womens_federation"),
    ("women_street", "张街妇联", Role.REVIEWER, "310105001", "womens_federation"),
    ("women_district", "孔区妇联", Role.REVIEWER, "310105", "womens_federation"),
    ("women_city", "曹市妇联", Role.APPROVER, "310000", "womens_federation"),
    # 团委: the youth social-work agency, the district league (approves the list), the city league.
    ("youth_agency", "严社工", Role.INVESTIGATOR, "310105910001", "youth_league"),
    ("youth_district", "华团区委", Role.APPROVER, "310105", "youth_league"),
    ("youth_city", "金团市委", Role.REVIEWER, "310000", "youth_league"),
    ("district_head", "冯区长", Role.DISTRICT_HEAD, "310105", "civil_affairs"),
    # 一卡通: the district's finance staff; one checks the month's payment list, another confirms.
    ("finance", "钱财务", Role.FINANCE, "310105", "civil_affairs"),
    ("finance2", "李财务", Role.FINANCE, "310105", "civil_affairs"),
    ("admin", "系统管理员", Role.ADMIN, "310000", "civil_affairs"),
    ("auditor", "安全审计员", Role.AUDITOR, "310000", "civil_affairs"),
    # Break-glass: the one superuser, for emergencies only; every use is in the audit log.
    ("breakglass", "应急账户", Role.ADMIN, "310000", "civil_affairs"),
]


def seed_offices() -> dict[str, Office]:
    offices: dict[str, Office] = {}
    for code, name, name_en, level, parent in OFFICES:
        offices[code], _ = Office.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "level": level, "parent": offices.get(parent)},
        )
    return offices


def seed_users(offices: dict[str, Office]) -> dict[str, User]:
    users = {}
    for username, full_name, role, office, dept in USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.full_name, user.role = full_name, role
        user.office = offices.get(office) if office else None
        user.department = Department.objects.get(code=dept) if dept else None
        user.is_staff = role in (Role.ADMIN, Role.AUDITOR)  # the Django admin, by role permissions
        user.is_superuser = username == "breakglass"
        user.set_password(DEMO_PASSWORD)
        user.save()
        users[username] = user
    return users


def seed_households(users: dict[str, User]) -> None:
    from intake.models import Application, Channel, Household
    from intake.services import application_accept, application_submit
    from programs.models import Entitlement, Program

    if Application.objects.exists():
        return
    clerk = users["clerk"]
    # 1. A walk-in family keyed in at the counter: dibao + inpatient medical aid, accepted.
    li = application_submit(
        submitted_by=clerk,
        channel=Channel.COUNTER,
        idempotency_key=f"demo-{uuid.uuid4().hex}",
        payload={
            "household": {
                "hukou_office": "310105001001",
                "residence_office": "310105001001",
                "address": "长宁区华阳路 100 弄 5 号 302 室",
                "phone": "021-62000001",
            },
            "members": [
                member(
                    "李建国",
                    dt.date(1968, 3, 12),
                    11,
                    female=False,
                    relation="self",
                    employment="unemployed",
                    incomes={"transfer": "600"},
                    expenses={"medical": "900"},
                ),
                member(
                    "黄美华",
                    dt.date(1970, 8, 2),
                    12,
                    female=True,
                    relation="spouse",
                    employment="flexible",
                    incomes={"wages": "1500"},
                ),
                member(
                    "李思琪",
                    dt.date(2012, 5, 20),
                    13,
                    female=True,
                    relation="child",
                    employment="student",
                    school="compulsory",
                ),
            ],
            "items": ["dibao", "edu_compulsory", "medical_inpatient"],
            "materials_provided": [
                "id_card",
                "hukou_book",
                "check_authorization",
                "income_proof",
                "medical_bills",
            ],
            "consent_economic_check": True,
            "opt_in_low_income": True,
        },
    )
    application_accept(application=li, actor=clerk)
    # 2. A family that already holds dibao (and lives away from its hukou place, 人户分离):
    #    education aid starts as soon as the application is accepted.
    zhang_home = Household.objects.create(
        hukou_office=Office.objects.get(code="310105001002"),
        residence_office=Office.objects.get(code="310105002001"),
        address="长宁区江苏路 200 号 1201 室",
    )
    Entitlement.objects.create(
        household=zhang_home, program=Program.objects.get(code="dibao"), valid_from=dt.date(2026, 1, 1)
    )
    zhang = application_submit(
        submitted_by=clerk,
        channel=Channel.COUNTER,
        idempotency_key=f"demo-{uuid.uuid4().hex}",
        household=zhang_home,
        payload={
            "household": {
                "hukou_office": "310105001002",
                "residence_office": "310105002001",
                "address": "长宁区江苏路 200 号 1201 室",
            },
            "members": [
                member(
                    "张桂兰",
                    dt.date(1975, 1, 9),
                    21,
                    female=True,
                    relation="self",
                    employment="flexible",
                    incomes={"wages": "1800"},
                ),
                member(
                    "张宇轩",
                    dt.date(2009, 10, 1),
                    22,
                    female=False,
                    relation="child",
                    employment="student",
                    school="highschool",
                ),
            ],
            "items": ["edu_highschool_grant", "legal_aid"],
            "materials_provided": ["student_status", "aid_application_form", "legal_case_materials"],
            "consent_economic_check": True,
        },
    )
    application_accept(application=zhang, actor=clerk)
    # 3. The demo applicant applies online for legal aid (a wage dispute): the legal-aid centre's
    #    pre-check starts at once; the household holds no status, so hardship will be checked.
    application_submit(
        submitted_by=users["applicant"],
        channel=Channel.ONLINE,
        idempotency_key=f"demo-{uuid.uuid4().hex}",
        payload={
            "household": {
                "hukou_office": "310105001001",
                "residence_office": "310105001001",
                "address": "长宁区华阳路 300 弄 2 号 101 室",
                "phone": "13900000003",
            },
            "members": [
                member(
                    "王秀英",
                    dt.date(1962, 4, 18),
                    31,
                    female=True,
                    relation="self",
                    employment="retired",
                    incomes={"pension": "2600"},
                ),
            ],
            "items": ["legal_aid"],
            "materials_provided": ["id_card", "legal_case_materials"],
            "consent_economic_check": True,
            "note": "原工作单位拖欠工资 2 万元，需要起诉。",
        },
    )
    # 4. 全市通办: a Changning household living in Putuo walks into the Caoyang centre; its clerk
    #    keyed the dibao application in and has yet to accept it. Huayang Road decides.
    application_submit(
        submitted_by=users["clerk_putuo"],
        channel=Channel.COUNTER,
        idempotency_key=f"demo-{uuid.uuid4().hex}",
        payload={
            "household": {
                "hukou_office": "310105001001",
                "residence_office": "310107001001",
                "address": "普陀区曹杨路 500 弄 3 号 204 室",
                "phone": "13900000004",
            },
            "members": [
                member(
                    "赵建华",
                    dt.date(1968, 11, 2),
                    41,
                    female=False,
                    relation="self",
                    employment="unemployed",
                    disability="3",
                    incomes={"transfer": "300"},
                ),
            ],
            "items": ["dibao"],
            "materials_provided": ["id_card", "hukou_book", "check_authorization"],
            "consent_economic_check": True,
        },
    )

    seed_civil_allowance(users)
    # The other departments' workflows: each family's own demo households (its demo.py).
    from monitoring.demo import seed as seed_monitoring
    from programs.families.employment.demo import seed as seed_employment
    from programs.families.housing.demo import seed as seed_housing
    from programs.families.union.demo import seed as seed_union
    from programs.families.womens_care.demo import seed as seed_womens_care
    from programs.families.youth_charity.demo import seed as seed_youth_charity

    for seed in (seed_employment, seed_housing, seed_union, seed_womens_care, seed_youth_charity):
        seed(users)
    # After a decision: a family on dibao, its re-check and this month's payment list.
    seed_monitoring(users)


def seed_civil_allowance(users: dict[str, User]) -> None:
    """5. 重残无业 at the street review (reviewer_street); 6. triplets at the district decision
    (approver_district)."""
    from programs.engine import case_act

    _accepted(
        users,
        {
            "household": _place("长宁区华阳路 120 弄 8 号 501 室", "13900000005"),
            "members": [
                member(
                    "陈志强",
                    dt.date(1994, 6, 3),
                    51,
                    female=False,
                    relation="self",
                    employment="unemployed",
                    disability="2",
                    disability_kind="intellectual",
                ),
                member(
                    "陈母",
                    dt.date(1966, 2, 14),
                    52,
                    female=True,
                    relation="parent",
                    employment="retired",
                    incomes={"pension": "3200"},
                ),
            ],
            "items": ["severe_disability"],
            "materials_provided": ["id_card", "hukou_book", "disability_certificate"],
        },
    )
    triplets = _accepted(
        users,
        {
            "household": _place("长宁区华阳路 88 弄 2 号 302 室", "13900000006"),
            "members": [
                member(
                    "刘伟",
                    dt.date(1985, 9, 9),
                    61,
                    female=False,
                    relation="self",
                    employment="employed",
                    incomes={"wages": "9000"},
                ),
                member(
                    "孙丽", dt.date(1987, 3, 3), 62, female=True, relation="spouse", employment="unemployed"
                ),
                *(
                    member(
                        name,
                        dt.date(2018, 5, 1),
                        63 + i,
                        female=i != 1,
                        relation="child",
                        employment="student",
                        school="compulsory",
                        birth_group=1,
                    )
                    for i, name in enumerate(("刘一", "刘二", "刘三"))
                ),
            ],
            "items": ["multiple_birth"],
            "materials_provided": ["id_card", "hukou_book", "birth_certificates", "income_proof"],
        },
    )
    # 7. 临时救助 (S003): a 普陀 household's kitchen fire happened in 华阳路, where it walked in; urgent,
    #    so the street reviewer may pay a small advance today, then review.
    _accepted(
        users,
        {
            "household": _place("普陀区曹杨路 600 弄 1 号 302 室", "13900000007", committee="310107001001"),
            "members": [
                member(
                    "周海明",
                    dt.date(1979, 7, 7),
                    71,
                    female=False,
                    relation="self",
                    employment="flexible",
                    incomes={"wages": "2500"},
                ),
                member(
                    "吴芳", dt.date(1981, 1, 21), 72, female=True, relation="spouse", employment="unemployed"
                ),
            ],
            "items": ["temporary_assistance"],
            "item_answers": {
                "temporary_assistance": {
                    "kind": "emergency",
                    "description": "在华阳路租住房屋厨房失火，衣物被褥全部烧毁，暂住亲戚家。",
                    "incident_date": timezone.localdate().isoformat(),
                    "urgent": True,
                    "incident_office": "310105001",
                }
            },
            "materials_provided": ["id_card", "incident_proof"],
        },
    )
    # 8. 特困: an old man living alone, with a son who works in another city; at the home
    #    investigation (obligors, self-care) for the investigators.
    _accepted(
        users,
        {
            "household": _place("长宁区华阳路 50 弄 4 号 101 室", "13900000008", committee="310105001002"),
            "members": [
                member(
                    "钱老伯",
                    dt.date(1946, 10, 10),
                    81,
                    female=False,
                    relation="self",
                    employment="unable",
                    incomes={"pension": "900"},
                ),
            ],
            "items": ["extreme_poverty"],
            "item_answers": {
                "extreme_poverty": {
                    "obligors": [
                        {
                            "name": "钱小军",
                            "relation": "child",
                            "age": 52,
                            "monthly_income": "2600",
                            "status": "none",
                        }
                    ]
                }
            },
            "materials_provided": ["id_card", "hukou_book", "check_authorization"],
        },
    )
    case = triplets.cases.get(program__code="multiple_birth")
    case_act(
        case=case,
        user=users["reviewer_street"],
        action="pass_street_review",
        data={"note": "三胞胎出生医学证明、在学情况核实无误"},
    )


# Approval level (seed 004): 华阳路 decides dibao and temporary assistance under delegation, and
# the district samples a share of its decisions; every other street leaves them to the district.
APPROVAL_LEVELS = [
    # office, item, level, district sample share, effective from, source
    ("310105001", "dibao", "street", "0.20", dt.date(2021, 1, 1), "S004 委托街道审批（演示配置）"),
    (
        "310105001",
        "temporary_assistance",
        "street",
        "0.20",
        dt.date(2021, 1, 1),
        "S004 委托街道审批（演示配置）",
    ),
]


def seed_approval_levels(offices: dict[str, Office]) -> None:
    from decimal import Decimal

    from programs.models import ApprovalLevel, Program

    for office, item, level, share, since, source in APPROVAL_LEVELS:
        program = Program.objects.filter(code=item).first()
        if program is None:
            continue
        ApprovalLevel.objects.get_or_create(
            office=offices[office],
            program=program,
            effective_from=since,
            defaults={"level": level, "sample_share": Decimal(share), "source": source},
        )


@transaction.atomic
def seed_demo() -> dict[str, User]:
    offices = seed_offices()
    users = seed_users(offices)
    seed_approval_levels(offices)
    seed_households(users)
    return users
