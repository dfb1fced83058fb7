"""Numeric claims of a report's narrative (情况说明), parsed into rows that SQL can reconcile with the tables.

Pure: text in, ``Claim`` rows out. A claim is one figure with a unit (万元 or %), what it is about
(``subject``: a ``metric_value`` key such as ``total`` or ``three_public_overseas``, or ``function:<code>``),
what kind of figure it is (``metric``) and the comparison year. Subjects carry over within a sentence
("…减少645.06万元，下降15.41%" → both about 收、支总计); a share's base is what the sentence is about
("本年支出合计…其中：基本支出…占75.93%") unless it names one ("占本年支出合计的100%").

Metrics: ``amount`` (万元), ``change`` (万元 against ``comparison_year``, signed), ``percent`` (change %, signed),
``share`` (% of ``base_subject``), ``budget`` (年初预算 万元), ``completion`` (完成预算 %), ``execution`` (a budget's
"2023年当年预算执行数为54.60万元": the comparison year's execution, 万元), ``other`` (a % we cannot place).

The same subject keys serve both publications, read from the tables of the claim's own ``document_kind``: in a
预算 ``total`` is the 收支预算总表's 收入合计, in a 决算 the 收入支出决算总表's 总计. Some wording is a budget's only
(财政拨款收入, 收入预算…) and some subjects only a budget has (单位预留机动经费, 政府采购…): ``SUBJECTS`` says which.
A budget compares with the year before's budget ("比上年预算增加…") unless it says 预算执行数 (``comparison_basis``).
Amounts printed in 元 are converted to 万元 (exactly: 4 more decimals).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from lz_pipeline.catalog import DocumentKind

# Chinese punctuation the parser splits clauses and lead-ins at: NFKC would make it ASCII.
CLAUSE_PUNCTUATION = "，：；"
# NFKC of full-width forms (digits, ．, ％, brackets), ideographic space, small forms, and the Kangxi radicals and
# compatibility ideographs some PDF fonts map Chinese characters to ('⼀' for '一').
_COMPATIBLE = ((0x3000, 0x3001), (0xFF01, 0xFF5F), (0xFE50, 0xFE6C), (0x2F00, 0x2FE0), (0xF900, 0xFB00))
NFKC = str.maketrans(
    {
        char: unicodedata.normalize("NFKC", char)
        for first, end in _COMPATIBLE
        for char in map(chr, range(first, end))
        if char not in CLAUSE_PUNCTUATION and unicodedata.normalize("NFKC", char) != char
    }
)
FULL_WIDTH_THOUSANDS = re.compile(r"(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")  # "３，５４２．２８": a separator
PAGE_NUMBER = re.compile(r"^[-—－\s]*\d{1,3}[-—－\s]*$|^第\s*\d+\s*页")
HEADING = re.compile(r"^(第.部分|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")
# An amount, with its thousands separators ("3,542.28"): an ASCII comma splits clauses only elsewhere.
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = re.compile(rf"(?<![\d.,])({_AMOUNT})(万元|元|%)")
YUAN_PER_WAN = Decimal(10000)
BARE_AMOUNT = re.compile(rf"为({_AMOUNT})$")  # "决算数为3542.28，" (unit left out), at the end of its clause
CLAUSE_BREAK = re.compile(r"[，；;]|(?<!\d),|,(?!\d{3}(?!\d))")
COMPARISON = re.compile(r"(?:与|比|较)(\d{4})年")
DECREASE = ("减少", "下降", "降低", "降幅")
INCREASE = ("增加", "增长", "上升", "增幅")
# "本年数小于上年预算数29.65万元": the comparison's direction said before what it compares with
SMALLER, LARGER = re.compile(r"(?:小于|低于)上年(?:预算数)?$"), re.compile(r"(?:大于|高于)上年(?:预算数)?$")
BASE_NAMED = re.compile(r"占(?!比)(.+?)的?$")
# "年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%": the first figure is the budget.
BUDGET = re.compile(r"年初预算|预算数|(?<!公共)预算为")
COMPLETION = re.compile(r"完成(?:年初)?预算")
# A budget's figure for the year before as executed, not as budgeted: "2023年当年预算执行数为54.60万元",
# "比2023年预算执行数减少1.39%".
EXECUTION = re.compile(r"执行数")
EXECUTION_BASIS = "预算执行数"
YEAR = re.compile(r"(\d{4})年")
# A sentence that opens with a comparison speaks of the previous sentence's subject ("…5,678.17万元。与上年相比减少…"),
# as does one whose first figure names nothing (see _opens_without_subject).
USAGE = re.compile(r"^(?:主要用于|用于|主要原因|主要包括|主要是)")
COMPARISON_FIRST = re.compile(r"^(?:与|比|较)(?:上年|\d{4}年)")

# Subject patterns, most specific first; the last-ending match in a clause names its subject (the first listed
# of those ending there). The one vocabulary of what a narrative's figures are about, for both publications;
# a pattern marked BUDGET_ONLY is budget wording, which a 决算 uses for something else or never.
BOTH_KINDS = frozenset(DocumentKind)
BUDGET_ONLY = frozenset({DocumentKind.BUDGET})
SUBJECTS: tuple[tuple[str, str, frozenset[DocumentKind]], ...] = (
    # 收、支总计 and the national wording 收入支出总计; 收入总计 or 支出总计 alone is the same (the sides balance)
    ("fiscal_total", r"财政拨款(?:收入?、?支出?|收入|支出)(?:预算)?总计", BOTH_KINDS),
    # 财政拨款收、支总预算, 财政拨款预算支出, 财政拨款支出预算, 财政拨款收入 (not 一般公共预算财政拨款支出预算)
    ("fiscal_total", r"(?<!预算)财政拨款(?:预算)?(?:收、支|收入、支出|收支|收入|支出)(?:总?预算)?", BUDGET_ONLY),
    ("fund_account", r"财政专户管理资金(?:收入)?(?:预算)?(?:总计)?", BUDGET_ONLY),
    ("other_funds", r"其他资金(?:收入)?(?:预算)?(?:总计)?", BUDGET_ONLY),
    ("total", r"(?:收入?、?支出?|收入|支出)(?:预算)?总计|(?:收入?、?支出?|收入|支出)总预算", BOTH_KINDS),
    # Jiangsu's 本年收入预算合计 is the 总表's 收入合计, carry-over included; Shanghai's plain 收入预算…万元
    (
        "total",
        r"本年(?:收入|支出)预算合计|(?:^|(?<=[处院局厅会委室部所站心校府队馆社]))(?:收入|支出)预算$",
        BUDGET_ONLY,
    ),
    ("income_total", r"本年收入合计", BOTH_KINDS),
    ("income_total", r"本年收入预算$", BUDGET_ONLY),  # Sichuan: "2020年本年收入预算3542.30万元"
    ("expenditure_total", r"本年支出预算$", BUDGET_ONLY),
    ("expenditure_total", r"本年支出合计", BOTH_KINDS),
    ("general_budget_income", r"一般公共预算财政拨款收入", BOTH_KINDS),
    ("general_budget_income", r"一般公共预算(?:资金|拨款)?收入", BUDGET_ONLY),
    ("general_budget_basic", r"一般公共预算(?:拨款)?基本支出", BUDGET_ONLY),
    ("general_budget_basic", r"一般公共预算财政拨款基本支出", BOTH_KINDS),
    ("general_budget_project", r"一般公共预算财政拨款项目支出", BOTH_KINDS),
    ("general_budget_total", r"一般公共预算(?:财政)?(?:拨款)?(?:支出)?(?:决算数)?", BOTH_KINDS),
    ("fiscal_basic", r"财政拨款基本支出", BUDGET_ONLY),
    ("fiscal_project", r"财政拨款项目支出", BUDGET_ONLY),
    ("government_fund_income", r"政府性基金(?:预算)?(?:财政)?(?:拨款)?收入", BUDGET_ONLY),
    ("government_fund_total", r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:支出)?", BUDGET_ONLY),
    ("state_capital", r"国有资本经营预算(?:财政)?(?:拨款)?(?:收入|支出)?", BUDGET_ONLY),
    ("three_public_total", r"“?三公”?经费", BOTH_KINDS),
    ("three_public_overseas", r"因公出国\(境\)", BOTH_KINDS),
    ("three_public_vehicle", r"公务用?车购置及运行(?:维护)?费", BOTH_KINDS),
    ("three_public_vehicle_operation", r"公务用车运行(?:维护)?费", BOTH_KINDS),
    ("three_public_vehicle_purchase", r"公务用车购置(?:预算)?(?:支出|费)?(?!及)", BOTH_KINDS),
    ("three_public_reception", r"(?<!外事)(?<!国内)公务接待费?", BOTH_KINDS),
    ("meeting", r"会议费", BUDGET_ONLY),
    ("training", r"培训费", BUDGET_ONLY),
    ("operating_cost", r"机关运行经费", BOTH_KINDS),
    ("procurement_goods", r"(?:拟|政府)采购货物|拟购买货物|货物类政府采购(?:支出)?(?:预算)?", BUDGET_ONLY),
    ("procurement_works", r"(?:拟|政府)采购工程|拟购买工程|工程类政府采购(?:支出)?(?:预算)?", BUDGET_ONLY),
    ("procurement_services", r"拟购买服务|政府采购服务|服务类政府采购(?:支出)?(?:预算)?", BUDGET_ONLY),
    ("procurement", r"政府采购(?:支出)?预算(?:总额)?", BUDGET_ONLY),
    ("public", r"(?:日常)?公用经费", BOTH_KINDS),
    ("personnel", r"人员经费", BOTH_KINDS),
    ("business_income", r"(?<!\w)事业收入", BUDGET_ONLY),
    ("operating_income", r"事业单位经营收入", BUDGET_ONLY),
    ("superior_subsidy", r"上级补助收入", BUDGET_ONLY),
    ("affiliated_remittance", r"附属单位上缴收入", BUDGET_ONLY),
    ("other_income", r"其他收入", BOTH_KINDS),
    ("carried_over", r"上年结转(?:资金)?", BUDGET_ONLY),
    ("carried_forward", r"结转下年(?:资金)?", BUDGET_ONLY),
    ("reserve", r"单位预留机动经费", BUDGET_ONLY),
    ("basic", r"基本支出", BOTH_KINDS),
    ("project", r"项目支出", BOTH_KINDS),
)
SUBJECT_PATTERNS = {
    kind: [(key, re.compile(pattern)) for key, pattern, kinds in SUBJECTS if kind in kinds] for kind in DocumentKind
}
# 一般公共服务(类)政府办公厅(室)及相关机构事务(款)行政运行(项): 款 and 项 optional; quoted in Shanghai (“…(项)”).
_NAME = r"[^()，,；;：:、\d.“”\"]"
FUNCTION = re.compile(rf"({_NAME}+?)\(类\)(?:(.+?)\(款\))?(?:(.+?)\(项\))?")
# The same without its 类, which a heading above gave ("(一)一般公共服务支出(类)" / "1.政协事务(款)行政运行(项)").
ITEM = re.compile(rf"(?:((?:{_NAME}|\(室\))+?)\(款\))?({_NAME}+?)\(项\)")
# An 经济分类 line ("工资福利支出(类)", "(1)基本工资(款)支出737.94万元"): named, but no table of ours holds it.
ECONOMIC = re.compile(rf"({_NAME}+?)\((?:类|款)\)")
# The 收支预算总表's section of a budget narrative: its 类 figures are the 总表's, all funds included, not the
# 一般公共预算 table's ("一、收支预算总体情况说明", "一、收支预算总表情况说明"; not 财政拨款收支预算总…).
TOTAL_SECTION = re.compile(r"(?<!财政拨款)收支预算总")
TOP_HEADING = re.compile(r"^(?:第.部分|[一二三四五六七八九十]+、)")
# Words that may stand between a subject and its figure without naming another subject.
FILLER = re.compile(
    r"\d{4}年度?|上年度?|其中|主要用于以下方面|共计|合计|支出决算为|支出决算|决算数为|决算为|支出|为|各|占|比|与|相比|"
    r"决算|经费|预算执行数|当年|预算安排|预算|增减相抵后|[：:“”()\s*]"
)


@dataclass(frozen=True)
class Claim:
    page: int | None
    sentence: str
    subject: str | None  # metric key or function:<code>; None when not one the tables hold
    subject_text: str
    metric: str
    value: Decimal
    decimals: int
    comparison_year: int | None = None
    base_subject: str | None = None
    base_text: str | None = None
    implied_prior: Decimal | None = None
    # None: the year before's own figure (a budget's: its budget); 预算执行数: the budget's estimate of its execution
    comparison_basis: str | None = None


@dataclass(frozen=True)
class FunctionRow:
    code: str
    name: str
    level: int


def normalize_text(text: str) -> str:
    """Full-width digits, ．, ％ and brackets to ASCII (Chinese clause punctuation kept), Markdown emphasis
    and all whitespace out: the PDF text layer spaces characters out ('本 年 收 入 合 计 2946.25 万 元')
    and wraps numbers across lines ('15.' + '11%')."""
    return re.sub(r"\s+|\*\*", "", FULL_WIDTH_THOUSANDS.sub(",", text).translate(NFKC))


def _page_number(line: str, index: int, count: int) -> bool:
    """A page's first or last line that is only its number ('- 21 -'): it would glue onto the figure it
    interrupts ('年初预算为' + '22' + '1560.05万元')."""
    return index in (0, count - 1) and bool(PAGE_NUMBER.match(line.strip()))


@dataclass(frozen=True)
class Heading:
    """What the headings above a sentence say: the section (一、…) and the 类 a "(一)…(类)" heading names."""

    section: str = ""
    function_class: str | None = None

    @property
    def total_section(self) -> bool:
        return bool(TOTAL_SECTION.search(self.section))


def _headed_sentences(
    pages: dict[int | None, Sequence[str]], paragraphs: bool = False
) -> list[tuple[int | None, str, Heading]]:
    """(page, sentence, the headings above it) in reading order: see ``sentences``."""
    out: list[tuple[int | None, str, Heading]] = []
    pending, pending_page, heading = "", None, Heading()
    for page, lines in pages.items():
        for index, raw in enumerate(lines):
            if not paragraphs and _page_number(raw, index, len(lines)):
                continue
            line = normalize_text(raw.lstrip("#"))
            if not line:
                continue
            if HEADING.match(line) and "。" not in line and len(line) < 40:
                if pending:
                    out.append((pending_page, pending, heading))
                pending = ""
                named = FUNCTION.search(line)
                section = line if TOP_HEADING.match(line) else heading.section
                heading = Heading(section, re.sub(r"^\(.\)", "", named.group(1)) if named else None)
                continue
            if not pending:
                pending_page = page
            pending += line
            while "。" in pending:
                head, pending = pending.split("。", 1)
                if head:
                    out.append((pending_page, head + "。", heading))
                pending_page = page
            if paragraphs and pending and not pending.endswith(("：", ":")):  # a lead-in runs on
                out.append((pending_page, pending, heading))
                pending = ""
    if pending:
        out.append((pending_page, pending, heading))
    return out


def sentences(pages: dict[int | None, Sequence[str]], paragraphs: bool = False) -> list[tuple[int | None, str]]:
    """(page, sentence) in reading order: lines joined across wraps and page breaks, headings dropped.
    ``paragraphs``: every line is a whole paragraph (Markdown), so a sentence also ends with its line
    (unless the line is a lead-in ending with a colon)."""
    return [(page, sentence) for page, sentence, _ in _headed_sentences(pages, paragraphs)]


def markdown_narrative(text: str) -> dict[int | None, tuple[str, ...]]:
    """The 情况说明 part (第二部分) of a report converted to Markdown, as one page without a number."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^#+\s*第二部分", line))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^#*\s*第三部分", lines[i])), len(lines))
    return {None: tuple(lines[start + 1 : end])}


def _clean(name: str) -> str:
    """A 功能分类 name as compared: half-width brackets (中医（民族）医院), no list number, no 支出 suffix."""
    return re.sub(r"^\d+\.", "", name.translate(NFKC)).removesuffix("支出")


def resolve_function(groups: tuple[str | None, ...], rows: Iterable[FunctionRow]) -> str | None:
    """The code a '…(类)…(款)…(项)' phrase names, matched by name within its 类 (款 names change between
    editions, e.g. 行政事业单位离退休 → 行政事业单位养老支出, so the 项 is matched within the 类). Without its
    类 (or with a 类 named as no code is: 医疗卫生与计划生育 became 卫生健康), a name must be unique among all
    the codes of its level."""
    rows = list(rows)
    class_name, section, item = (_clean(g) if g else None for g in groups)
    code = ""
    if class_name is not None:
        classes = [r for r in rows if r.level == 1 and _clean(r.name).startswith(class_name)]
        if len(classes) > 1 or (not classes and not (section or item)):
            return None
        code = classes[0].code if classes else ""
    for level, name in ((3, item), (2, section)):
        if not name:
            continue
        found = _named(rows, level, code, name)
        if len(found) > 1 and level == 3 and section:  # 一般行政管理事务 of many 款: the one under its 款
            sections = {r.code for r in _named(rows, 2, code, section)}
            found = [r for r in found if r.code[:5] in sections]
        return found[0].code if len(found) == 1 else None
    return code or None


def _named(rows: list[FunctionRow], level: int, code: str, name: str) -> list[FunctionRow]:
    """The codes of a level under ``code`` with this name (else those whose name begins like it)."""
    candidates = [(r, _clean(r.name)) for r in rows if r.level == level and r.code.startswith(code)]
    return [r for r, n in candidates if n == name] or [
        r for r, n in candidates if n.startswith(name) or name.startswith(n)
    ]


@dataclass(frozen=True)
class _Reading:
    """How a document's clauses are read: its 功能分类 codes, its kind's subject patterns, the headings in force."""

    rows: list[FunctionRow]
    document_kind: DocumentKind = DocumentKind.FINAL
    heading: Heading = Heading()
    explaining: bool = False  # a budget's "主要原因是…1447.63万元": parts of a reason, not figures of the tables

    @property
    def lists_items(self) -> bool:
        """A budget's narrative lists its items: a sentence naming nothing goes on about the item before."""
        return self.document_kind is DocumentKind.BUDGET

    def transparent(self, clause: str) -> bool:
        """A budget's "主要用于…", "主要原因是…" clause: what it names is not what the figures are about."""
        return self.lists_items and bool(USAGE.match(clause))

    def function(self, code: str | None) -> str | None:
        if code is None:
            return None
        return f"{'total_function' if self.heading.total_section else 'function'}:{code}"


def _subject_in(text: str, reading: _Reading) -> tuple[str | None, str] | None:
    """(subject key, matched text) of the last subject named in ``text``, or None (ties: the first found)."""
    found: list[tuple[int, str | None, str]] = []
    for match in FUNCTION.finditer(text):
        found.append((match.end(), reading.function(resolve_function(match.groups(), reading.rows)), match.group(0)))
    for match in ITEM.finditer(text):
        groups = (reading.heading.function_class, *match.groups())
        found.append((match.end(), reading.function(resolve_function(groups, reading.rows)), match.group(0)))
    found += [(match.end(), None, match.group(0)) for match in ECONOMIC.finditer(text)]
    if reading.lists_items:  # a budget's list "1.一般公共服务支出7,827.46万元": a 类 named without (类)
        for row in reading.rows:
            if row.level == 1:
                pattern = re.escape(_clean(row.name)) + "(?:支出)?"
                found += [(m.end(), reading.function(row.code), m.group(0)) for m in re.finditer(pattern, text)]
    for key, pattern in SUBJECT_PATTERNS[reading.document_kind]:
        found += [(match.end(), key, match.group(0)) for match in pattern.finditer(text)]
    if not found:
        return None
    best = max(found, key=lambda f: f[0])  # max keeps the first of equals
    return best[1], best[2]


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


@dataclass
class _Context:
    """What a sentence has said so far: its head subject, the last subject, the comparison year."""

    head: tuple[str | None, str] | None = None
    last: tuple[str | None, str] | None = None
    comparison_year: int | None = None
    stated: dict[str, Decimal] = field(default_factory=dict)  # document-wide: last amount per subject
    share_base: tuple[str | None, str] | None = None  # the base of the last share, for a list of one-line items


def _figures(clause: str) -> list[tuple[int, int, str, str]]:
    """(start, end, number, unit) of each figure in a clause."""
    found = [(m.start(), m.end(), m.group(1).replace(",", ""), m.group(2)) for m in NUMBER.finditer(clause)]
    found += [(m.start(1), m.end(1), m.group(1).replace(",", ""), "万元") for m in BARE_AMOUNT.finditer(clause)]
    return sorted(found)


def parse_claims(
    pages: dict[int | None, Sequence[str]],
    year: int,
    functions: Iterable[FunctionRow] = (),
    paragraphs: bool = False,
    document_kind: DocumentKind = DocumentKind.FINAL,
) -> list[Claim]:
    """Every figure with a unit in the narrative, as claims (see the module docstring)."""
    rows = list(functions)
    claims: list[Claim] = []
    stated: dict[str, Decimal] = {}
    previous, previous_heading = _Context(), Heading()
    for page, sentence, heading in _headed_sentences(pages, paragraphs):
        reading = _Reading(rows, document_kind, heading)
        reading = replace(reading, explaining=bool(USAGE.match(sentence)) and reading.lists_items)
        context = _Context(stated=stated)
        if sentence.startswith("其中"):  # "…117.15万元。其中：因公出国…占36.23%": the previous sentence's whole
            context.head = previous.head
        context.share_base = previous.share_base
        if COMPARISON_FIRST.match(sentence) or (
            reading.lists_items and heading == previous_heading and _opens_without_subject(sentence, reading)
        ):
            # "…5,678.17万元。与上年相比减少238.10万元"; a budget's "…行政运行(项)”25.77万元，主要用于…。
            # 2023年当年预算执行数为60.13万元": still that 项
            context.last = previous.last
        for clause in CLAUSE_BREAK.split(sentence.rstrip("。")):
            if match := COMPARISON.search(clause):
                context.comparison_year = int(match.group(1))
            position = 0
            for start, end, number, unit in _figures(clause):
                prefix = clause[position:start]
                position = end
                claims.append(_claim(page, sentence, prefix, number, unit, year, context, reading))
            mention = None if reading.transparent(clause[position:]) else _subject_in(clause[position:], reading)
            if mention:
                context.last = mention
                context.head = context.head or mention
        previous, previous_heading = context, heading
    return claims


def _opens_without_subject(sentence: str, reading: _Reading) -> bool:
    """Nothing is named before the sentence's first figure ("2023年当年预算执行数为…"), or it has no figure
    and names nothing but what a thing is used for ("主要用于…")."""
    clause = CLAUSE_BREAK.split(sentence.rstrip("。"))[0]
    figures = _figures(clause)
    prefix = clause[: figures[0][0]] if figures else clause
    if reading.transparent(prefix):
        return True
    return _subject_in(prefix, reading) is None and len(_unnamed(prefix)) < 2


def _unnamed(prefix: str) -> str:
    """What a figure's prefix says besides years, comparisons, budget words and filler."""
    rest = FILLER.sub("", BUDGET.sub("", COMPLETION.sub("", COMPARISON.sub("", prefix))))
    for word in (*DECREASE, *INCREASE):
        rest = rest.replace(word, "")
    return rest


def _claim(
    page: int | None,
    sentence: str,
    prefix: str,
    number: str,
    unit: str,
    year: int,
    context: _Context,
    reading: _Reading,
) -> Claim:
    mention = _subject_in(prefix, reading)
    named_rest = _unnamed(prefix)
    base_match = BASE_NAMED.search(prefix)
    if mention is None and len(named_rest) >= 2 and not base_match:
        mention = (None, named_rest)  # names something, but nothing the tables hold
    if mention is None or (base_match and mention[1] in base_match.group(1)):
        mention = context.last
    if reading.explaining:
        mention = (None, named_rest or "主要原因")
    subject, subject_text = mention or (None, "")
    value, decimals = Decimal(number), _decimals(number)
    if unit == "元":  # Shanghai prints some figures in 元: every claim is in 万元
        value, decimals, unit = value.scaleb(-4), decimals + 4, "万元"
    tail = prefix[-4:]
    sign = -1 if any(w in tail for w in DECREASE) else 1 if any(w in tail for w in INCREASE) else 0
    sign = sign or (-1 if SMALLER.search(prefix) else 1 if LARGER.search(prefix) else 0)
    budget = reading.document_kind is DocumentKind.BUDGET  # every figure of a budget is a 预算数
    basis = EXECUTION_BASIS if budget and EXECUTION.search(prefix) else None
    base_subject = base_text = None
    comparison_year = implied_prior = None
    if unit == "万元" and sign:
        metric, value = "change", sign * value
        comparison_year = context.comparison_year or year - 1
        if subject and subject in context.stated and basis is None:
            implied_prior = context.stated[subject] - value
    elif unit == "万元" and basis:
        metric = "execution"
        years = YEAR.findall(prefix)
        comparison_year = int(years[-1]) if years else context.comparison_year or year - 1
    elif unit == "万元" and not budget and BUDGET.search(prefix):
        metric = "budget"
    elif unit == "万元":
        metric = "amount"
        if subject:
            context.stated[subject] = value
    elif sign:
        metric, value = "percent", sign * value
        comparison_year = context.comparison_year or year - 1
    elif not budget and COMPLETION.search(prefix):
        metric = "completion"
    elif "占" in prefix:
        metric = "share"
        if base_match:
            base = _subject_in(base_match.group(1), reading)
            base_subject, base_text = base if base else (None, base_match.group(1))
        elif context.head and (context.head[0] != subject or not context.share_base):
            base_subject, base_text = context.head
        elif context.share_base:  # "一般公共预算收入…，占99.29%。财政专户管理资金…，占0.71%。": the list's base
            base_subject, base_text = context.share_base
        context.share_base = (base_subject, base_text or "")
    else:
        metric = "other"
    context.last = (subject, subject_text) if subject or subject_text else context.last
    context.head = context.head or context.last
    return Claim(
        page=page,
        sentence=sentence,
        subject=subject,
        subject_text=subject_text,
        metric=metric,
        value=value,
        decimals=decimals,
        comparison_year=comparison_year,
        base_subject=base_subject,
        base_text=base_text,
        implied_prior=implied_prior,
        comparison_basis=basis if metric in ("change", "percent", "execution") else None,
    )
