"""Numeric claims of a report's narrative (情况说明), parsed into rows that SQL can reconcile with the tables.

Pure: text in, ``Claim`` rows out. A claim is one figure with a unit (万元 or %), what it is about
(``subject``: a ``metric_value`` key such as ``total`` or ``three_public_overseas``, or ``function:<code>``),
what kind of figure it is (``metric``) and the comparison year. Subjects carry over within a sentence
("…减少645.06万元，下降15.41%" → both about 收、支总计); a share's base is what the sentence is about
("本年支出合计…其中：基本支出…占75.93%") unless it names one ("占本年支出合计的100%").

Metrics: ``amount`` (万元), ``change`` (万元 against ``comparison_year``, signed), ``percent`` (change %, signed),
``share`` (% of ``base_subject``), ``budget`` (年初预算 万元), ``completion`` (完成预算 %), ``other`` (a % we cannot
place).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

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
NUMBER = re.compile(rf"(?<![\d.,])({_AMOUNT})(万元|%)")
BARE_AMOUNT = re.compile(rf"为({_AMOUNT})$")  # "决算数为3542.28，" (unit left out), at the end of its clause
CLAUSE_BREAK = re.compile(r"[，；;]|(?<!\d),|,(?!\d{3}(?!\d))")
COMPARISON = re.compile(r"(?:与|比|较)(\d{4})年")
DECREASE = ("减少", "下降", "降低")
INCREASE = ("增加", "增长", "上升")
BASE_NAMED = re.compile(r"占(.+?)的$")
# "年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%": the first figure is the budget.
BUDGET = re.compile(r"年初预算|预算数|(?<!公共)预算为")
COMPLETION = re.compile(r"完成(?:年初)?预算")

# Subject patterns, most specific first; the last-ending match in a clause names its subject.
SUBJECTS: tuple[tuple[str, str], ...] = (
    # 收、支总计 and the national wording 收入支出总计; 收入总计 or 支出总计 alone is the same (the sides balance)
    ("fiscal_total", r"财政拨款(?:收入?、?支出?|收入|支出)总计"),
    ("total", r"(?:收入?、?支出?|收入|支出)总计"),
    ("income_total", r"本年收入合计"),
    ("expenditure_total", r"本年支出合计"),
    ("general_budget_income", r"一般公共预算财政拨款收入"),
    ("general_budget_basic", r"一般公共预算财政拨款基本支出"),
    ("general_budget_project", r"一般公共预算财政拨款项目支出"),
    ("general_budget_total", r"一般公共预算(?:财政拨款)?(?:支出)?(?:决算数)?"),
    ("three_public_total", r"“?三公”?经费"),
    ("three_public_overseas", r"因公出国\(境\)"),
    ("three_public_vehicle", r"公务用车购置及运行(?:维护)?费"),
    ("three_public_vehicle_operation", r"公务用车运行维护费"),
    ("three_public_vehicle_purchase", r"公务用车购置(?:支出|费)"),
    ("three_public_reception", r"(?<!外事)(?<!国内)公务接待费?"),
    ("operating_cost", r"机关运行经费"),
    ("public", r"(?:日常)?公用经费"),
    ("personnel", r"人员经费"),
    ("other_income", r"其他收入"),
    ("basic", r"基本支出"),
    ("project", r"项目支出"),
)
SUBJECT_PATTERNS = [(key, re.compile(pattern)) for key, pattern in SUBJECTS]
# 一般公共服务(类)政府办公厅(室)及相关机构事务(款)行政运行(项): 款 and 项 optional.
FUNCTION = re.compile(r"([^()，,；;：:、\d.]+?)\(类\)(?:(.+?)\(款\))?(?:(.+?)\(项\))?")
# Words that may stand between a subject and its figure without naming another subject.
FILLER = re.compile(
    r"\d{4}年度?|上年度?|其中|主要用于以下方面|共计|合计|支出决算为|支出决算|决算数为|决算为|支出|为|各|占|比|与|相比|"
    r"决算|经费|[：:“”()\s*]"
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


def sentences(pages: dict[int | None, Sequence[str]], paragraphs: bool = False) -> list[tuple[int | None, str]]:
    """(page, sentence) in reading order: lines joined across wraps and page breaks, headings dropped.
    ``paragraphs``: every line is a whole paragraph (Markdown), so a sentence also ends with its line
    (unless the line is a lead-in ending with a colon)."""
    out: list[tuple[int | None, str]] = []
    pending, pending_page = "", None
    for page, lines in pages.items():
        for index, raw in enumerate(lines):
            if not paragraphs and _page_number(raw, index, len(lines)):
                continue
            line = normalize_text(raw.lstrip("#"))
            if not line:
                continue
            if HEADING.match(line) and "。" not in line and len(line) < 40:
                if pending:
                    out.append((pending_page, pending))
                pending = ""
                continue
            if not pending:
                pending_page = page
            pending += line
            while "。" in pending:
                head, pending = pending.split("。", 1)
                if head:
                    out.append((pending_page, head + "。"))
                pending_page = page
            if paragraphs and pending and not pending.endswith(("：", ":")):  # a lead-in runs on
                out.append((pending_page, pending))
                pending = ""
    if pending:
        out.append((pending_page, pending))
    return out


def markdown_narrative(text: str) -> dict[int | None, tuple[str, ...]]:
    """The 情况说明 part (第二部分) of a report converted to Markdown, as one page without a number."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^#+\s*第二部分", line))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^#*\s*第三部分", lines[i])), len(lines))
    return {None: tuple(lines[start + 1 : end])}


def _clean(name: str) -> str:
    return re.sub(r"^\d+\.", "", name).removesuffix("支出")


def resolve_function(groups: tuple[str | None, ...], rows: Iterable[FunctionRow]) -> str | None:
    """The code a '…(类)…(款)…(项)' phrase names, matched by name within its 类 (款 names change between
    editions, e.g. 行政事业单位离退休 → 行政事业单位养老支出, so the 项 is matched within the 类)."""
    rows = list(rows)
    class_name, section, item = (_clean(g) if g else None for g in groups)
    classes = [r for r in rows if r.level == 1 and _clean(r.name).startswith(class_name or "\0")]
    if len(classes) != 1:
        return None
    code = classes[0].code
    for level, name in ((3, item), (2, section)):
        if not name:
            continue
        candidates = [(r, _clean(r.name)) for r in rows if r.level == level and r.code.startswith(code)]
        found = [r for r, n in candidates if n == name] or [
            r for r, n in candidates if n.startswith(name) or name.startswith(n)
        ]
        return found[0].code if len(found) == 1 else None
    return code


def _subject_in(text: str, rows: list[FunctionRow]) -> tuple[str | None, str] | None:
    """(subject key, matched text) of the last subject named in ``text``, or None."""
    best: tuple[int, str | None, str] | None = None
    for match in FUNCTION.finditer(text):
        key = resolve_function(match.groups(), rows)
        best = (match.end(), f"function:{key}" if key else None, match.group(0))
    for key, pattern in SUBJECT_PATTERNS:
        for match in pattern.finditer(text):
            if best is None or match.end() > best[0]:
                best = (match.end(), key, match.group(0))
    return (best[1], best[2]) if best else None


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


@dataclass
class _Context:
    """What a sentence has said so far: its head subject, the last subject, the comparison year."""

    head: tuple[str | None, str] | None = None
    last: tuple[str | None, str] | None = None
    comparison_year: int | None = None
    stated: dict[str, Decimal] = field(default_factory=dict)  # document-wide: last amount per subject


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
) -> list[Claim]:
    """Every figure with a unit in the narrative, as claims (see the module docstring)."""
    rows = list(functions)
    claims: list[Claim] = []
    stated: dict[str, Decimal] = {}
    previous_head: tuple[str | None, str] | None = None
    for page, sentence in sentences(pages, paragraphs):
        context = _Context(stated=stated)
        if sentence.startswith("其中"):  # "…117.15万元。其中：因公出国…占36.23%": the previous sentence's whole
            context.head = previous_head
        for clause in CLAUSE_BREAK.split(sentence.rstrip("。")):
            if match := COMPARISON.search(clause):
                context.comparison_year = int(match.group(1))
            position = 0
            for start, end, number, unit in _figures(clause):
                prefix = clause[position:start]
                position = end
                claims.append(_claim(page, sentence, prefix, number, unit, year, context, rows))
            mention = _subject_in(clause[position:], rows)
            if mention:
                context.last = mention
                context.head = context.head or mention
        previous_head = context.head
    return claims


def _claim(
    page: int | None,
    sentence: str,
    prefix: str,
    number: str,
    unit: str,
    year: int,
    context: _Context,
    rows: list[FunctionRow],
) -> Claim:
    mention = _subject_in(prefix, rows)
    named_rest = FILLER.sub("", BUDGET.sub("", COMPLETION.sub("", COMPARISON.sub("", prefix))))
    for word in (*DECREASE, *INCREASE):
        named_rest = named_rest.replace(word, "")
    base_match = BASE_NAMED.search(prefix)
    if mention is None and len(named_rest) >= 2 and not base_match:
        mention = (None, named_rest)  # names something, but nothing the tables hold
    if mention is None or (base_match and mention[1] in base_match.group(1)):
        mention = context.last
    subject, subject_text = mention or (None, "")
    value, decimals = Decimal(number), _decimals(number)
    tail = prefix[-4:]
    sign = -1 if any(w in tail for w in DECREASE) else 1 if any(w in tail for w in INCREASE) else 0
    base_subject = base_text = None
    comparison_year = implied_prior = None
    if unit == "万元" and sign:
        metric, value = "change", sign * value
        comparison_year = context.comparison_year or year - 1
        if subject and subject in context.stated:
            implied_prior = context.stated[subject] - value
    elif unit == "万元" and BUDGET.search(prefix):
        metric = "budget"
    elif unit == "万元":
        metric = "amount"
        if subject:
            context.stated[subject] = value
    elif sign:
        metric, value = "percent", sign * value
        comparison_year = context.comparison_year or year - 1
    elif COMPLETION.search(prefix):
        metric = "completion"
    elif "占" in prefix:
        metric = "share"
        if base_match:
            base = _subject_in(base_match.group(1), rows)
            base_subject, base_text = base if base else (None, base_match.group(1))
        elif context.head:
            base_subject, base_text = context.head
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
    )
