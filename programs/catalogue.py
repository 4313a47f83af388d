"""The catalogue as declared in POLICY.md (S000: 9 departments, 14 items, 22 sub-items, plus
特困 and 临时救助), and the policy parameters it is seeded with.

`catalogue_sync()` upserts departments, materials and items (code is the key), and creates
parameter rows that do not exist yet — it never overwrites a figure an admin has edited.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

DEPARTMENTS = [
    # code, name, name_en, the agency's name after a district's or city's name (the notice issuer)
    ("civil_affairs", "民政", "Civil Affairs", "民政局"),
    ("hrss", "人力资源和社会保障", "Human Resources and Social Security", "人力资源和社会保障局"),
    ("education", "教育", "Education", "教育局"),
    ("housing", "住房保障和房屋管理", "Housing", "住房保障和房屋管理局"),
    ("justice", "司法", "Justice", "司法局"),
    ("medical_security", "医疗保障", "Medical Security", "医疗保障局"),
    ("trade_union", "总工会", "Trade Union", "总工会"),
    ("womens_federation", "妇联", "Women's Federation", "妇女联合会"),
    ("youth_league", "团委", "Communist Youth League", "团委"),
]

# Items whose approval gives the household a status other items require or that waives a check,
# with the short name the status goes by (“享受低保待遇”).
STATUS_GRANTING = {
    "dibao": "低保",
    "low_income": "低收入",
    "extreme_poverty": "特困",
    "rigid_expense": "支出型贫困",
}

# The proof of a status an item requires (低保证 …), replaced by the electronic certificate.
STATUS_PROOF = "assistance_certificate"

MATERIALS = [
    # code, name, name_en, note
    ("id_card", "家庭成员居民身份证", "Resident ID cards of household members", "可调用电子证照的免于提交"),
    ("hukou_book", "户口簿", "Household register (hukou book)", "可调用电子证照的免于提交"),
    (
        "check_authorization",
        "家庭经济状况核对授权书",
        "Authorisation for the household economic check",
        "在线勾选同意即视为签署",
    ),
    ("income_proof", "收入证明（工资、养老金等）", "Proof of income (wages, pension, …)", ""),
    ("residence_permit", "居住证或居住登记凭证", "Residence permit or registration", "人户分离家庭提供"),
    ("disability_certificate", "残疾人证", "Disability certificate", ""),
    ("medical_bills", "医疗费用票据及诊断证明", "Medical bills and diagnosis", ""),
    ("education_fee_proof", "教育费用证明", "Proof of education costs", ""),
    ("student_status", "在校学籍证明", "Proof of school enrolment", ""),
    ("aid_application_form", "学生资助申请表", "Student aid application form", "向学校领取"),
    ("birth_certificates", "子女出生医学证明", "Children's birth certificates", ""),
    ("unemployment_registration", "失业登记证明", "Unemployment registration", ""),
    (
        "social_insurance_proof",
        "灵活就业登记及社会保险缴费凭证",
        "Flexible-employment registration and contribution receipts",
        "",
    ),
    ("housing_proof", "住房状况证明或租赁合同", "Proof of housing situation or lease", ""),
    ("legal_case_materials", "法律援助申请表及案件材料", "Legal-aid application form and case materials", ""),
    ("union_membership", "工会会员证明", "Trade-union membership", ""),
    ("incident_proof", "急难情况说明", "Statement of the emergency", ""),
    (
        STATUS_PROOF,
        "社会救助对象证明（低保、低收入、特困、支出型）",
        "Proof of assistance status (dibao, low-income, 特困, rigid-expense)",
        "由系统调取电子证明，或以本次申请的审批结果为准",
    ),
]

# 两个免于提交 (S000 §三): materials a municipal government department issues, or that exist as an
# electronic certificate, are fetched by the system, not asked for (code → where they come from).
EXEMPT_MATERIALS = {
    "id_card": "e_certificate",  # 公安: 电子身份证照
    "hukou_book": "e_certificate",  # 公安: 户口簿电子证照
    "residence_permit": "e_certificate",  # 公安: 居住登记凭证电子证照 (S003)
    "disability_certificate": "e_certificate",  # 残联: 残疾人证电子证照
    "unemployment_registration": "government_data",  # 人社: 就业失业登记
    "social_insurance_proof": "government_data",  # 人社: 灵活就业登记与社保缴费记录
    # 民政: the household's electronic certificate (monitoring.Certificate, S003), or this
    # application's own decision on the status; never asked of the family again.
    STATUS_PROOF: "e_certificate",
}
# The online consent (授权与声明) is the signed authorisation it replaces.
CONSENT_MATERIALS = {"check_authorization"}

# code, name, name_en, department, family, apply_at, precondition text, requires_status, materials
PROGRAMS = [
    (
        "dibao",
        "最低生活保障家庭生活救助",
        "Minimum living allowance (dibao)",
        "civil_affairs",
        "means_tested",
        "社区事务受理服务中心",
        "",
        [],
        ["id_card", "hukou_book", "check_authorization", "income_proof"],
    ),
    (
        "low_income",
        "低收入困难家庭认定",
        "Low-income family certification",
        "civil_affairs",
        "means_tested",
        "社区事务受理服务中心",
        "低保未获批准且收入在低收入标准以内的，经申请人同意自动转入",
        [],
        ["id_card", "hukou_book", "check_authorization", "income_proof"],
    ),
    (
        "extreme_poverty",
        "特困人员救助供养",
        "Support for people in extreme poverty (tekun)",
        "civil_affairs",
        "extreme_poverty",
        "社区事务受理服务中心（乡镇、街道）",
        "",
        [],
        ["id_card", "hukou_book", "check_authorization", "disability_certificate"],
    ),
    (
        "rigid_expense",
        "支出型贫困家庭生活救助",
        "Assistance for families with rigid expenses",
        "civil_affairs",
        "means_tested",
        "社区事务受理服务中心",
        "未享受低保、低收入或特困待遇",
        [],
        [
            "id_card",
            "hukou_book",
            "check_authorization",
            "income_proof",
            "medical_bills",
            "education_fee_proof",
        ],
    ),
    (
        "severe_disability",
        "重残无业人员生活补助",
        "Living subsidy for severely disabled people without work",
        "civil_affairs",
        "civil_allowance",
        "社区事务受理服务中心",
        "",
        [],
        ["id_card", "hukou_book", "disability_certificate", "income_proof"],
    ),
    (
        "multiple_birth",
        "三胞胎以上家庭生活补助",
        "Living subsidy for families with triplets or more",
        "civil_affairs",
        "civil_allowance",
        "社区事务受理服务中心",
        "",
        [],
        ["id_card", "hukou_book", "birth_certificates", "income_proof", "student_status"],
    ),
    (
        "employment_insurance_subsidy",
        "“就业困难人员”灵活就业社会保险补贴",
        "Social-insurance subsidy for flexibly employed people with employment difficulties",
        "hrss",
        "employment",
        "社区事务受理服务中心",
        "需认定为就业困难人员",
        [],
        ["id_card", "unemployment_registration", "social_insurance_proof"],
    ),
    (
        "edu_preschool",
        "学前教育资助",
        "Pre-school education aid",
        "education",
        "education",
        "就读学校（困难身份经社区事务受理服务中心核定）",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["student_status", "aid_application_form"],
    ),
    (
        "edu_compulsory",
        "义务教育资助",
        "Compulsory education aid",
        "education",
        "education",
        "就读学校（困难身份经社区事务受理服务中心核定）",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["student_status", "aid_application_form"],
    ),
    (
        "edu_highschool_grant",
        "普通高中助学金",
        "General high-school grant",
        "education",
        "education",
        "就读学校（困难身份经社区事务受理服务中心核定）",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["student_status", "aid_application_form"],
    ),
    (
        "edu_highschool_aid",
        "普通高中资助",
        "General high-school fee aid",
        "education",
        "education",
        "就读学校（困难身份经社区事务受理服务中心核定）",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["student_status", "aid_application_form"],
    ),
    (
        "edu_vocational_grant",
        "中等职业教育国家助学金",
        "National grant for secondary vocational education",
        "education",
        "education",
        "就读学校（困难身份经社区事务受理服务中心核定）",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["student_status", "aid_application_form"],
    ),
    (
        "edu_vocational_aid",
        "中等职业教育资助",
        "Secondary vocational education aid",
        "education",
        "education",
        "就读学校（困难身份经社区事务受理服务中心核定）",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["student_status", "aid_application_form"],
    ),
    (
        "edu_special_needs",
        "残疾人教育资助",
        "Education aid for students with disabilities",
        "education",
        "education",
        "就读学校（困难身份经社区事务受理服务中心核定）",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["student_status", "aid_application_form", "disability_certificate"],
    ),
    (
        "low_rent_housing",
        "廉租住房保障",
        "Low-rent housing",
        "housing",
        "housing",
        "本市任一社区事务受理服务中心",
        "街道经济状况调查后报区房管部门",
        [],
        ["id_card", "hukou_book", "housing_proof", "income_proof"],
    ),
    (
        "shared_ownership_housing",
        "共有产权保障住房",
        "Shared-ownership housing",
        "housing",
        "housing",
        "户籍地社区事务受理服务中心（非沪籍：单位所在地）",
        "",
        [],
        ["id_card", "hukou_book", "housing_proof", "income_proof"],
    ),
    (
        "legal_aid",
        "法律援助",
        "Legal aid",
        "justice",
        "legal_aid",
        "法律援助中心（网上预申请后现场核验原件）",
        "享受低保、特困或低收入待遇的免于经济状况审查",
        [],
        ["id_card", "legal_case_materials"],
    ),
    (
        "medical_insurance_subsidy",
        "医疗救助：资助参保",
        "Medical aid: subsidised insurance enrolment",
        "medical_security",
        "medical",
        "社区事务受理服务中心",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["id_card"],
    ),
    (
        "medical_outpatient",
        "医疗救助：门急诊医疗救助",
        "Medical aid: outpatient and emergency care",
        "medical_security",
        "medical",
        "社区事务受理服务中心",
        "家庭享受低保、低收入或特困待遇",
        ["dibao", "low_income", "extreme_poverty"],
        ["id_card", "medical_bills"],
    ),
    (
        "medical_inpatient",
        "医疗救助：住院医疗救助",
        "Medical aid: inpatient care",
        "medical_security",
        "medical",
        "社区事务受理服务中心",
        "家庭享受低保、低收入、支出型贫困或特困待遇",
        ["dibao", "low_income", "rigid_expense", "extreme_poverty"],
        ["id_card", "medical_bills"],
    ),
    (
        "union_hardship",
        "工会困难职工帮扶",
        "Trade-union support for workers in hardship",
        "trade_union",
        "union",
        "所在基层工会（由工会申报）",
        "",
        [],
        ["union_membership", "income_proof"],
    ),
    (
        "women_critical_illness",
        "困难重症妇女关爱",
        "Care for women with serious illness in hardship",
        "womens_federation",
        "womens_care",
        "居（村）妇联排摸上报",
        "本市户籍女性，当年发病的妇科、乳腺重症",
        [],
        ["id_card", "medical_bills"],
    ),
    (
        "youth_charity",
        "“爱心上海”青春公益集中行动",
        "“Caring Shanghai” youth charity campaign",
        "youth_league",
        "youth_charity",
        "非依申请事项：每年由团市委组织排摸",
        "",
        [],
        [],
    ),
    (
        "temporary_assistance",
        "临时救助",
        "Temporary assistance",
        "civil_affairs",
        "temporary_assistance",
        "户籍地、居住地或急难发生地社区事务受理服务中心",
        "",
        [],
        ["id_card", "hukou_book", "incident_proof", "check_authorization"],
    ),
]

# The English of the items' places and conditions (the catalogue's `*_en` columns), by the
# Chinese text, which many items share. A text missing here is shown in Chinese.
APPLY_AT_EN = {
    "户籍地、居住地或急难发生地社区事务受理服务中心": (
        "Community affairs service centre of the hukou place, the residence, or where the emergency happened"
    ),
    "社区事务受理服务中心": "Community affairs service centre",
    "社区事务受理服务中心（乡镇、街道）": "Community affairs service centre (township or street)",
    "本市任一社区事务受理服务中心": "Any community affairs service centre in the city",
    "户籍地社区事务受理服务中心（非沪籍：单位所在地）": (
        "Community affairs service centre of the hukou place (non-Shanghai hukou: where the employer is)"
    ),
    "就读学校（困难身份经社区事务受理服务中心核定）": (
        "The student's school (hardship status confirmed by the community affairs service centre)"
    ),
    "法律援助中心（网上预申请后现场核验原件）": (
        "Legal aid centre (apply online first, then bring the originals for checking)"
    ),
    "所在基层工会（由工会申报）": "The worker's grassroots trade union (which applies on their behalf)",
    "居（村）妇联排摸上报": "Identified and reported by the neighbourhood (village) women's federation",
    "非依申请事项：每年由团市委组织排摸": (
        "Not applied for: the municipal Youth League committee identifies families each year"
    ),
}
PRECONDITION_EN = {
    "低保未获批准且收入在低收入标准以内的，经申请人同意自动转入": (
        "Opened automatically, with the applicant's consent, when dibao is not approved "
        "and income is within the low-income line"
    ),
    "未享受低保、低收入或特困待遇": "Not receiving dibao, low-income or extreme-poverty support",
    "需认定为就业困难人员": "Must be certified as a person with employment difficulties",
    "家庭享受低保、低收入或特困待遇": "The household receives dibao, low-income or extreme-poverty support",
    "家庭享受低保、低收入、支出型贫困或特困待遇": (
        "The household receives dibao, low-income, rigid-expense or extreme-poverty support"
    ),
    "街道经济状况调查后报区房管部门": (
        "The street checks the household's finances and reports to the district housing authority"
    ),
    "享受低保、特困或低收入待遇的免于经济状况审查": (
        "Households receiving dibao, extreme-poverty or low-income support are exempt from the economic check"
    ),
    "本市户籍女性，当年发病的妇科、乳腺重症": (
        "Women with Shanghai hukou diagnosed this year with a serious gynaecological or breast illness"
    ),
}

D = Decimal
_LONG_AGO = dt.date(2000, 1, 1)
# key, name, value, unit, effective_from, source, confirmed
PARAMETERS = [
    ("dibao.standard", "最低生活保障标准", D("1510"), "yuan", dt.date(2023, 7, 1), "SH5（二手来源）", False),
    ("dibao.standard", "最低生活保障标准", D("1595"), "yuan", dt.date(2024, 7, 1), "SH5（二手来源）", False),
    ("dibao.standard", "最低生活保障标准", D("1650"), "yuan", dt.date(2025, 7, 1), "SH10（二手来源）", False),
    (
        "extreme_poverty.standard",
        "特困人员基本生活标准",
        D("2075"),
        "yuan",
        dt.date(2024, 7, 1),
        "SH5（二手来源）",
        False,
    ),
    (
        "low_income.multiplier",
        "低收入认定标准（低保标准倍数）",
        D("2"),
        "ratio",
        dt.date(2024, 7, 1),
        "SH5；国家规定1.5倍",
        True,
    ),
    ("dibao.employment_exemption", "就业收入豁免额", D("870"), "yuan", dt.date(2024, 7, 1), "SH5", True),
    ("dibao.asset_limit", "低保家庭人均财产上限", D("55000"), "yuan", _LONG_AGO, "未找到原始依据", False),
    (
        "low_income.asset_limit",
        "低收入家庭人均财产上限",
        D("85000"),
        "yuan",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
    (
        "rigid_expense.resident_income",
        "上年度居民月人均可支配收入",
        D("7364"),
        "yuan",
        dt.date(2025, 1, 1),
        "未找到原始依据（按2024年88366元/年折算）",
        False,
    ),
    ("deadline.accept", "受理或一次性告知", D("1"), "working_days", _LONG_AGO, "S001", True),
    # S001 asks for a one-time notice of the missing materials but names no period to supply them.
    ("deadline.supplement", "补正材料期限", D("10"), "working_days", _LONG_AGO, "未找到原始依据", False),
    ("deadline.investigation", "入户调查", D("3"), "working_days", _LONG_AGO, "N2", True),
    # After the decision (一体管理): re-check cycles (S002), the gradual exit and the death re-check
    # (N5), the 特困 termination notice period (N3), the reminders before a due day.
    ("recheck.quarterly", "定期核查：低收入、支出型家庭", D("3"), "months", _LONG_AGO, "S002", True),
    (
        "recheck.half_yearly",
        "定期核查：收入不固定或有劳动能力的低保家庭",
        D("6"),
        "months",
        _LONG_AGO,
        "S002",
        True,
    ),
    (
        "recheck.yearly",
        "定期核查：特困、经济状况稳定的低保家庭、重残无业",
        D("12"),
        "months",
        _LONG_AGO,
        "S002",
        True,
    ),
    ("recheck.after_death", "家庭成员死亡后复核", D("3"), "months", _LONG_AGO, "N5", True),
    (
        "recheck.change_report",
        "主动报告变化后复核",
        D("10"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
    ("recheck.opens_before", "定期核查提前开启", D("10"), "working_days", _LONG_AGO, "未找到原始依据", False),
    (
        "recheck.spot_share",
        "重残无业不定期抽查比例（每月）",
        D("0.05"),
        "ratio",
        _LONG_AGO,
        "未找到原始依据（S002 仅规定“根据需要进行不定期抽查”）",
        False,
    ),
    ("recheck.gradual_exit", "渐退期（最长）", D("6"), "months", _LONG_AGO, "N5", True),
    ("termination.publicity", "特困人员终止供养公示", D("7"), "calendar_days", _LONG_AGO, "N3", True),
    ("reminder.lead", "到期前提醒", D("2"), "working_days", _LONG_AGO, "未找到原始依据", False),
    ("deadline.verification", "家庭经济状况核对", D("7"), "working_days", _LONG_AGO, "S001", True),
    ("deadline.review", "联审联批评审", D("5"), "working_days", _LONG_AGO, "未找到原始依据", False),
    ("deadline.publicity", "公示期", D("7"), "calendar_days", _LONG_AGO, "N2（部分地区为7个工作日）", True),
    (
        "deadline.decision_after_publicity",
        "公示无异议后作出决定",
        D("5"),
        "working_days",
        _LONG_AGO,
        "S001",
        True,
    ),
    ("deadline.objection", "公示有异议重新调查", D("3"), "working_days", _LONG_AGO, "S001", True),
    (
        "deadline.denial_notice",
        "书面告知不予批准",
        D("2"),
        "working_days",
        _LONG_AGO,
        "S001（国家规定3个工作日）",
        True,
    ),
    ("deadline.whole_procedure", "全流程办理时限", D("30"), "working_days", _LONG_AGO, "N2, N5", True),
    (
        "deadline.whole_procedure_extended",
        "全流程办理时限（人户分离等延长）",
        D("45"),
        "working_days",
        _LONG_AGO,
        "N2, N5",
        True,
    ),
    (
        "deadline.whole_procedure_street",
        "全流程办理时限（街道审批）",
        D("20"),
        "working_days",
        _LONG_AGO,
        "N2",
        True,
    ),
    ("deadline.sample_check", "抽查办理时限", D("15"), "working_days", _LONG_AGO, "未找到原始依据", False),
    ("deadline.advisor_reply", "社区救助顾问答复", D("2"), "working_days", _LONG_AGO, "S000", True),
    (
        "deadline.edu_school_review",
        "学校资助评审",
        D("10"),
        "working_days",
        _LONG_AGO,
        "未找到原始依据",
        False,
    ),
    ("deadline.edu_bureau_review", "教育局审核", D("10"), "working_days", _LONG_AGO, "未找到原始依据", False),
    ("deadline.medical_review", "医疗救助审核", D("10"), "working_days", _LONG_AGO, "未找到原始依据", False),
]


@transaction.atomic
def catalogue_sync() -> None:
    from accounts.models import Department

    from .models import Material, PolicyParameter, Program

    departments = {}
    for order, (code, name, name_en, agency) in enumerate(DEPARTMENTS):
        departments[code], _ = Department.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "agency_name": agency, "sort_order": order}
        )
    materials = {}
    for order, (code, name, name_en, note) in enumerate(MATERIALS):
        materials[code], _ = Material.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "note": note,
                "sort_order": order,
                "exempt_source": EXEMPT_MATERIALS.get(code, ""),
                "covered_by_consent": code in CONSENT_MATERIALS,
            },
        )
    for order, (code, name, name_en, dept, family, apply_at, pre_text, requires, mats) in enumerate(PROGRAMS):
        program, _ = Program.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "department": departments[dept],
                "family": family,
                "apply_at": apply_at,
                "apply_at_en": APPLY_AT_EN.get(apply_at, ""),
                "precondition_text": pre_text,
                "precondition_text_en": PRECONDITION_EN.get(pre_text, ""),
                "requires_status": requires,
                "grants_status": code in STATUS_GRANTING,
                "short_name": STATUS_GRANTING.get(code, ""),
                "sort_order": order,
            },
        )
        # An item that needs a status lists its proof; the certificate replaces it (S003).
        needed = [*mats, STATUS_PROOF] if requires else mats
        program.materials.set([materials[m] for m in needed])
    from .registry import FAMILIES

    family_parameters = [row for family in FAMILIES.values() for row in family.parameters]
    for key, name, value, unit, effective_from, source, confirmed in [*PARAMETERS, *family_parameters]:
        PolicyParameter.objects.get_or_create(
            key=key,
            effective_from=effective_from,
            defaults={"name": name, "value": value, "unit": unit, "source": source, "confirmed": confirmed},
        )


def catalogue_sync_on_migrate(sender, **kwargs) -> None:
    catalogue_sync()
