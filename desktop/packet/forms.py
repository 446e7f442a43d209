"""The wording and layout of the default forms: the one source of the Word templates and the PDFs.

Change a form here, then run ``.venv/bin/python tools/make_forms.py`` to rewrite forms/*.docx;
tests/packet/test_forms_description.py fails while the Word files differ from this description.
Tags are those of the Word templates (README, "Customising a form"); the packet context
(desktop/packet/context.py) says what each holds.
"""

from __future__ import annotations

from desktop.packet.form_model import Block, For, Form, If, Row, Rows, Signature, Table, Text, Together

FIRM_ROWS = (
    ("申报单位名称", "{{ firm.name }}"),
    ("统一社会信用代码", "{{ firm.credit_code }}"),
    ("所在城市", "{{ firm.city_name }}"),
    ("成立日期", "{{ firm.established }}"),
    ("注册地址", "{{ firm.address }}"),
    ("法定代表人", "{{ firm.legal_representative }}"),
    ("联系人", "{{ firm.contact_person }}"),
    ("联系电话", "{{ firm.contact_phone }}"),
    ("开户银行", "{{ firm.bank_name }}"),
    ("银行账号", "{{ firm.bank_account }}"),
)


PERIOD = "{% if m.period_text %}{{ m.period_text }}{% else %}{{ year }}年全年{% endif %}"


def _label_table(rows: tuple[tuple[str, str], ...]) -> Table:
    return Table((4.2, 12.0), rows=tuple(Row(pair) for pair in rows))


APPLICATION = Form(
    "申报书.docx",
    (
        Text("跨境电商政策资金申报书", style="Title"),
        Text("受理单位：{{ receiving_bureau }}", align="center"),
        Text("业绩年度：{{ year }}年", align="center"),
        If("period_text", (Text("业绩计算期间：{{ period_text }}", align="center"),)),
        Text(
            "政策依据：{% if documents_text %}{{ documents_text }}{% else %}{{ jurisdictions_text }}{% endif %}",
            align="center",
        ),
        Text("一、申报单位基本情况", style="Heading 1"),
        _label_table(FIRM_ROWS),
        # The amounts keep together, and so do the other funds with the declaration and the seal;
        # the declaration repeats the total, so the seal never lands on a page without the amount it signs for.
        Text("二、申报事项", style="Heading 1", keep=True),
        # Per measure the computed award, other support for the same matter and the amount applied
        # for (就高不重复): the determinate rows add up to the total, the 最高 rows to the ceilings' total.
        Table(
            (1.3, 3.5, 3.3, 2.5, 3.2, 2.4),
            header=(
                "序号",
                "政策条款",
                "申报事项",
                "测算金额（元）",
                "同一事项其他资金支持（元）",
                "申报金额（元）",
            ),
            keep_header=True,
            rows=(
                Rows(
                    "m in applied",
                    (
                        Row(
                            (
                                "{{ loop.index }}",
                                "{{ m.clause }}",
                                "{{ m.title }}",
                                "{% if m.up_to %}最高{% endif %}{{ m.computed_text }}",
                                "{% if m.support %}{{ m.support_text }}{% else %}无{% endif %}",
                                "{% if m.up_to %}最高{% endif %}{{ m.amount_text }}",
                            ),
                            right=(3, 5),
                            keep=True,
                        ),
                    ),
                ),
                Row(
                    ("", "", "合计（确定金额）", "", "", "{{ total_text }}"), right=(5,), bold=True, keep=True
                ),
                Rows(
                    "up_to_total in up_to_totals",
                    (
                        Row(
                            ("", "", "最高额合计（待核定）", "", "", "最高{{ up_to_total }}"),
                            right=(5,),
                            bold=True,
                            keep=True,
                        ),
                    ),
                ),
            ),
        ),
        Text(keep=True),
        Text("申报金额合计：{{ total_capital }}（¥{{ total_text }}）。", bold=True, keep=True),
        If(
            "has_up_to",
            (
                Text(
                    "另有“最高额”事项{{ up_to_count }}项，最高合计{{ total_up_to_text }}元（{{ total_up_to_capital }}），"
                    "政策原文只规定了上限，具体金额以年度资金申报指南核定为准，未计入上述合计。",
                    indent=True,
                    keep=True,
                ),
            ),
        ),
        Text(),
        Text("三、同一事项已获得或正在申请的其他资金支持", style="Heading 1", keep=True),
        If(
            "other_funds",
            (
                Table(
                    (1.3, 3.4, 4.5, 2.6, 4.4),
                    header=("序号", "对应申报事项", "资金名称", "金额（元）", "处理"),
                    keep_header=True,
                    rows=(
                        Rows(
                            "f in other_funds",
                            (
                                Row(
                                    (
                                        "{{ loop.index }}",
                                        "{{ f.measure }}",
                                        "{{ f.source }}",
                                        "{{ f.amount_text }}",
                                        "{{ f.treatment }}",
                                    ),
                                    right=(3,),
                                    keep=True,
                                ),
                            ),
                        ),
                    ),
                ),
                Text(keep=True),
            ),
            (Text("本单位申报事项未获得、也未申请其他财政资金支持。", indent=True, keep=True),),
        ),
        Text("四、申报声明", style="Heading 1", keep=True),
        Text(
            "本单位申报资金合计{{ total_capital }}（¥{{ total_text }}）{% if has_up_to %}，"
            "另有最高额事项最高{{ total_up_to_text }}元待核定{% endif %}。"
            "本单位承诺：所填报的各项数据和所附材料真实、准确、完整；同一事项不重复申报，"
            "已获得其他财政资金支持的事项已如实说明；如有不实，愿承担相应责任。",
            indent=True,
            keep=True,
        ),
        Signature(keep=True),
    ),
)

MEASURE_FORM = Form(
    "申请表.docx",
    (
        Text("{{ m.title }}申请表", style="Title"),
        Text("业绩年度：{{ year }}年", align="center"),
        _label_table(
            (
                ("申报单位名称", "{{ firm.name }}"),
                ("统一社会信用代码", "{{ firm.credit_code }}"),
                (
                    "政策依据",
                    "{{ m.jurisdiction_name }}《{{ m.document }}》{{ m.clause }}{% if m.guide %}；"
                    "年度指南《{{ m.guide }}》{% if m.deadline %}，申报截止{{ m.deadline }}{% endif %}"
                    "{% if m.windows_text %}（{{ m.windows_text }}）{% endif %}{% endif %}",
                ),
                ("业绩计算期间", PERIOD),
                ("条款原文", "“{{ m.quote }}”"),
                ("奖励标准", "{{ m.rule }}"),
            )
        ),
        Text("一、申报条件", style="Heading 1", keep=True),
        Table(
            (9.6, 4.6, 2.0),
            header=("申报条件", "本单位情况", "是否符合"),
            rows=(
                Rows(
                    "c in m.conditions",
                    (
                        Row(
                            ("{{ c.indent }}{{ c.condition }}", "{{ c.figure }}", "{{ c.verdict }}"),
                            right=(1,),
                        ),
                    ),
                ),
            ),
        ),
        Text("二、计算依据", style="Heading 1", keep=True),
        Table(
            (5.4, 3.6, 7.2),
            header=("数据项", "本单位数据", "计算方法"),
            keep_header=True,
            rows=(
                Rows(
                    "f in m.figures",
                    (Row(("{{ f.label }}", "{{ f.value }}", "{{ f.method }}"), right=(1,), keep=True),),
                ),
            ),
        ),
        Text("三、金额测算", style="Heading 1", keep=True),
        For("line in m.arithmetic", (Text("{{ line }}", keep=True),)),
        If(
            "m.support",
            (
                Text(
                    "同一事项已获得其他资金支持（{{ m.support_text }}）。按就高不重复原则，申报金额＝测算金额"
                    "{{ m.computed_text }}元−其他资金支持{{ m.support_total_text }}元＝{{ m.amount_text }}元"
                    "{% if m.support_rounded %}（不足1元的部分不计）{% endif %}。",
                    keep=True,
                ),
            ),
        ),
        # From 三、金额测算 to the signature everything keeps with the next: the materials and the
        # signature never land on a page without the amount they sign for.
        Text(
            "申报金额：{% if m.up_to %}最高{% endif %}{{ m.amount_text }}元（{{ m.amount_capital }}）",
            bold=True,
            keep=True,
        ),
        For("note in m.notes", (Text("注：{{ note }}", size=10, keep=True),)),
        # The attachments and the signature share one borderless row that cannot split: the signature
        # never lands alone on a page (Word and LibreOffice both move a whole row).
        Together(
            16.2,
            (
                Text("四、需提交的材料", style="Heading 1"),
                For("a in m.attachments", (Text("{{ loop.index }}．{{ a }}"),)),
                Signature(),
            ),
        ),
    ),
)

COMMITMENT_ITEMS = (
    "所提交的申报材料及数据真实、准确、完整、有效，不存在虚报、瞒报、伪造、篡改等行为。",
    "本单位依法经营，近三年内无严重违法失信行为，未被列入严重失信主体名单。",
    "同一事项不重复申报，已获得其他财政资金支持的事项已如实说明，按就高不重复原则接受核定。",
    "获得的资金按规定使用，自觉接受财政、审计、商务等部门的监督检查。",
    "如违反上述承诺，自愿承担退回资金、纳入信用记录等相应责任。",
)

COMMITMENT = Form(
    "信用承诺书.docx",
    (
        Text("信用承诺书", style="Title"),
        # The firm and its code on lines of their own: inside the justified sentence the 18-character
        # code could not break, and the line before it was stretched across the page.
        Text("承诺单位：{{ firm.name }}"),
        Text("统一社会信用代码：{{ firm.credit_code }}"),
        Text("本单位申报{{ year }}年度跨境电商政策资金，郑重承诺如下：", indent=True),
        *(
            Text(f"{number}、{text}", indent=True)
            for number, text in zip("一二三四五", COMMITMENT_ITEMS, strict=True)
        ),
        Text("法定代表人：{{ firm.legal_representative }}", indent=True, keep=True),
        Text("联系人：{{ firm.contact_person }}", indent=True, keep=True),
        Text("联系电话：{{ firm.contact_phone }}", indent=True, keep=True),
        Signature("承诺单位（盖章）", keep=True),
    ),
)

CHECKLIST = Form(
    "材料清单.docx",
    (
        Text("申报材料清单", style="Title"),
        Text("申报单位：{{ firm.name }}", align="center"),
        Text("业绩年度：{{ year }}年", align="center"),
        Table(
            (1.4, 8.6, 4.6, 1.6),
            header=("序号", "材料", "对应事项", "已备"),
            rows=(
                Rows(
                    "item in checklist",
                    (Row(("{{ loop.index }}", "{{ item.name }}", "{{ item.measures }}", "☐")),),
                ),
            ),
        ),
        Text("材料均需加盖单位公章；复印件注明“与原件一致”。", size=10),
    ),
)

_NONE: tuple[Block, ...] = (Text("无。"),)

INTERNAL = Form(
    "内部核对单.docx",
    (
        Text("内部核对单（不提交）", style="Title"),
        Text("{{ firm.name }}　业绩年度：{{ year }}年　生成日期：{{ date_text }}", align="center"),
        Text(
            "本单供企业内部核对，不属于申报材料，请勿提交。所列为本年度未申报的措施及原因、需补充的数据、"
            "接近门槛的提示和测算中采用的读法与说明。",
            indent=True,
            bold=True,
        ),
        Text("一、本次申报事项", style="Heading 1"),
        Table(
            (1.8, 5.0, 6.4, 3.0),
            header=("编号", "事项", "申报文件", "金额（元）"),
            rows=(
                Rows(
                    "m in applied",
                    (
                        Row(
                            (
                                "{{ m.id }}",
                                "{{ m.title }}",
                                "{{ m.file }}",
                                "{% if m.up_to %}最高{% endif %}{{ m.amount_text }}",
                            ),
                            right=(3,),
                        ),
                    ),
                ),
                Row(("", "合计（确定金额）", "", "{{ total_text }}"), right=(3,), bold=True),
            ),
        ),
        Text("二、未申报事项", style="Heading 1"),
        Table(
            (1.8, 4.4, 2.6, 7.4),
            header=("编号", "事项", "状态", "原因"),
            rows=(
                Rows(
                    "m in internal.not_applied",
                    (Row(("{{ m.id }}", "{{ m.title }}", "{{ m.status_text }}", "{{ m.reason }}")),),
                ),
            ),
        ),
        Text("三、需补充的数据", style="Heading 1"),
        If(
            "internal.missing",
            (
                Table(
                    (10.2, 6.0),
                    header=("数据项", "涉及措施"),
                    rows=(Rows("f in internal.missing", (Row(("{{ f.label }}", "{{ f.measures }}")),)),),
                ),
            ),
            _NONE,
        ),
        Text("四、接近门槛的提示", style="Heading 1"),
        For("h in internal.hints", (Text("{{ h.id }} {{ h.title }}：{{ h.text }}"),), _NONE),
        Text("五、申报通知的要求", style="Heading 1"),
        For(
            "c in call",
            (
                Text(
                    "年度指南《{{ c.name }}》{% if c.issued_by %}（{{ c.issued_by }}）{% endif %}", bold=True
                ),
                For("line in c.lines", (Text("{{ line }}"),)),
                For("note in c.notes", (Text("说明：{{ note }}"),)),
            ),
            (Text("尚未添加本年度的年度资金申报指南：申报时间、受理单位和报送方式以申报通知为准。"),),
        ),
        Text("受理单位：{{ receiving_bureau }}"),
        Text("申报通知通常还要求下列条件（年度指南规定的，已作为各项措施的条件核对）："),
        Table(
            (4.4, 2.8, 2.2, 4.0, 2.8),
            header=("条件", "本单位情况", "是否符合", "证明材料", "依据"),
            rows=(
                Rows(
                    "u in internal.universal",
                    (
                        Row(
                            (
                                "{{ u.label }}",
                                "{{ u.answer }}",
                                "{{ u.verdict }}",
                                "{{ u.proof }}",
                                "{{ u.source }}",
                            )
                        ),
                    ),
                ),
            ),
        ),
        If(
            "reports",
            (
                Text(
                    "项目申请报告：{% for r in reports %}{{ r.file }}{% if not loop.last %}、{% endif %}{% endfor %}"
                    "，请补充项目内容和成效后与其他材料一并提交。"
                ),
            ),
        ),
        Text("六、读法与说明", style="Heading 1"),
        Text("门槛按《民法典》第一千二百五十九条理解：“以上”“达到”“不低于”含本数，“超过”“突破”不含本数。"),
        For("w in internal.warnings", (Text("{{ w }}"),)),
        For("r in internal.readings", (Text("{{ r.id }} {{ r.title }}：{{ r.text }}"),)),
        Text("测算依据：CBEC Grant Desk {{ program_version }}，政策目录 {{ catalog_version }}。", size=9),
    ),
)

REPORT = Form(
    "项目申请报告.docx",
    (
        Text("{{ m.title }}项目申请报告", style="Title"),
        Text("申报单位：{{ firm.name }}", align="center"),
        Text("受理单位：{{ receiving_bureau }}", align="center"),
        Text(
            "业绩年度：{{ year }}年{% if m.period_text %}（业绩计算期间：{{ m.period_text }}）{% endif %}",
            align="center",
        ),
        Text("一、企业基本情况", style="Heading 1"),
        Text("{{ firm_intro }}", indent=True),
        If(
            "firm_figures",
            (
                Text("本单位业绩年度主要经营数据如下：", indent=True, keep=True),
                Table(
                    (9.6, 6.6),
                    header=("数据项", "本单位数据"),
                    rows=(Rows("f in firm_figures", (Row(("{{ f.label }}", "{{ f.value }}"), right=(1,)),)),),
                ),
            ),
        ),
        Text("二、项目内容", style="Heading 1"),
        Text(
            "本单位依据{{ m.jurisdiction_name }}《{{ m.document }}》{{ m.clause }}申报“{{ m.title }}”。"
            "条款原文：“{{ m.quote }}”",
            indent=True,
        ),
        If(
            "m.conditions",
            (
                Text("对照申报条件，本单位情况如下：", indent=True, keep=True),
                Table(
                    (9.6, 4.6, 2.0),
                    header=("申报条件", "本单位情况", "是否符合"),
                    rows=(
                        Rows(
                            "c in m.conditions",
                            (
                                Row(
                                    ("{{ c.indent }}{{ c.condition }}", "{{ c.figure }}", "{{ c.verdict }}"),
                                    right=(1,),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
        Text("三、取得成效", style="Heading 1"),
        If(
            "m.figures",
            (
                Text(
                    "{% if m.period_text %}{{ m.period_text }}{% else %}{{ year }}年{% endif %}，"
                    "本单位取得的主要成效如下：",
                    indent=True,
                    keep=True,
                ),
                Table(
                    (9.6, 6.6),
                    header=("数据项", "本单位数据"),
                    rows=(Rows("f in m.figures", (Row(("{{ f.label }}", "{{ f.value }}"), right=(1,)),)),),
                ),
            ),
            (Text("（请填写项目取得的主要成效，并附相关证明材料。）", indent=True),),
        ),
        Text("四、申请金额及依据", style="Heading 1", keep=True),
        If(
            "m.money",
            (
                Text(
                    "按{{ m.jurisdiction_name }}《{{ m.document }}》{{ m.clause }}：{{ m.rule }}。",
                    indent=True,
                    keep=True,
                ),
                For("line in m.arithmetic", (Text("{{ line }}", keep=True),)),
                Text(
                    "申请金额：{% if m.up_to %}最高{% endif %}{{ m.amount_text }}元（{{ m.amount_capital }}）",
                    bold=True,
                ),
            ),
            (Text("政策原文未规定金额，申请按有关规定给予支持。", indent=True),),
        ),
        Together(
            16.2,
            (
                Text("五、附件", style="Heading 1"),
                For("a in m.attachments", (Text("{{ loop.index }}．{{ a }}"),)),
                Signature(),
            ),
        ),
    ),
)

ASSESSMENT = Form(
    "绩效自评表.docx",
    (
        Text("跨境电商政策资金绩效自评表", style="Title"),
        Text("（资金拨付后填写）", align="center"),
        _label_table(
            (
                ("申报单位名称", "{{ firm.name }}"),
                ("统一社会信用代码", "{{ firm.credit_code }}"),
                ("业绩年度", "{{ year }}年{% if period_text %}（{{ period_text }}）{% endif %}"),
                ("受理单位", "{{ receiving_bureau }}"),
                ("联系人", "{{ firm.contact_person }}"),
                ("联系电话", "{{ firm.contact_phone }}"),
            )
        ),
        Text("一、资金情况", style="Heading 1", keep=True),
        Table(
            (1.4, 5.8, 3.2, 3.2, 2.6),
            header=("序号", "项目名称", "申请金额（元）", "拨付金额（元）", "拨付日期"),
            keep_header=True,
            rows=(
                Rows(
                    "m in applied",
                    (
                        Row(
                            (
                                "{{ loop.index }}",
                                "{{ m.title }}",
                                "{% if m.up_to %}最高{% endif %}{{ m.amount_text }}",
                                "",
                                "",
                            ),
                            right=(2,),
                        ),
                    ),
                ),
            ),
        ),
        Text("二、绩效指标完成情况", style="Heading 1", keep=True),
        Table(
            (4.6, 5.2, 3.2, 3.2),
            header=("项目名称", "绩效指标", "申报时数据", "实际完成情况"),
            keep_header=True,
            rows=(
                Rows(
                    "a in assessment",
                    (Row(("{{ a.title }}", "{{ a.label }}", "{{ a.value }}", ""), right=(2,)),),
                ),
            ),
        ),
        Text("三、资金使用情况", style="Heading 1", keep=True),
        Text("资金使用方向、金额及取得的效果：", indent=True),
        Text(),
        Text(),
        Text(),
        Text("四、自评结论", style="Heading 1", keep=True),
        Text("☐优　☐良　☐中　☐差", indent=True, keep=True),
        Text("存在的问题及改进措施：", indent=True, keep=True),
        Text(keep=True),
        Text(keep=True),
        Signature(keep=True),
    ),
)

# For a firm with nothing to apply for with an amount (Deyang, Mianyang, Suzhou, or every money measure
# ruled out): in place of a zero 申报书 and its 承诺书, the support it can seek and how.
SERVICES = Form(
    "政策服务清单.docx",
    (
        Text("政策服务清单", style="Title"),
        Text("申报单位：{{ firm.name }}", align="center", size=10),
        Text("业绩年度：{{ year }}年　整理日期：{{ date_text }}", align="center", size=10),
        Text(
            "根据本单位填报的情况，{{ year }}年度暂无可按政策标准测算金额申报的资金奖励事项。"
            "下列政策支持本单位可以争取，请按各项所述准备材料、咨询或申请，以有关部门的通知为准。",
            indent=True,
            size=10,
        ),
        Text("一、可以争取的政策支持", style="Heading 1", keep=True),
        # A numbered list, not a table: the full width holds twice the characters a table column does,
        # so the 10 items of a Suzhou firm fit one page (the 19 of a Deyang or Mianyang firm take two).
        For(
            "d in services",
            (
                Text("{{ d.heading }}", bold=True, keep=True, size=11),
                For(
                    "s in d.measures",
                    (
                        Text(
                            "{{ s.number }}．【{{ s.title }}】{{ s.guidance }}　政策条款：{{ s.clause }}",
                            size=10,
                        ),
                    ),
                ),
            ),
            (Text("本年度暂无可以争取的政策支持事项。", indent=True),),
        ),
        If(
            "awaiting",
            (
                Text("二、补充数据后再行测算的事项", style="Heading 1", keep=True),
                Text(
                    "下列事项还需要本单位补充数据或情况，补充后可重新测算是否符合条件及金额：",
                    indent=True,
                    keep=True,
                ),
                Table(
                    (1.4, 5.4, 9.4),
                    header=("序号", "事项", "尚待提供的数据或情况"),
                    keep_header=True,
                    rows=(
                        Rows(
                            "a in awaiting", (Row(("{{ loop.index }}", "{{ a.title }}", "{{ a.needed }}")),)
                        ),
                    ),
                ),
            ),
        ),
    ),
)

FORMS: tuple[Form, ...] = (
    APPLICATION,
    MEASURE_FORM,
    COMMITMENT,
    CHECKLIST,
    INTERNAL,
    REPORT,
    ASSESSMENT,
    SERVICES,
)


def form(file: str) -> Form:
    """Return the description of the default form ``file`` (``申报书.docx``)."""
    return next(item for item in FORMS if item.file == file)
