"""Who and when a document says it is: the department and year it names itself by."""

from __future__ import annotations

import re
from collections import Counter

from lz_pipeline.extract.locate import DocumentLayout

# 部门：泸州市财政局 单位：万元 · 单位名称：… · 编制单位：…
_DEPARTMENT_LINE = re.compile(
    r"(?:^|\s)(?:编制部门|部门|单位名称|编制单位|预算单位|部门名称)\s*[:：]\s*(?P<name>[^\s:：]+)"
)
# A name begins with a Chinese character: never with the "- 1 -" of a page number above it.
_COVER = (
    re.compile(r"(?P<year>(?:19|20)\d{2})年度?(?!度)(?P<name>[\u4e00-\u9fff][^\d]*?)(?:部门|单位)(?:决算|预算)"),
    re.compile(r"(?P<name>[\u4e00-\u9fff][^\d]*?)(?P<year>(?:19|20)\d{2})年度?(?:部门|单位)?(?:决算|预算)"),
)
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
_NOISE = re.compile(r"[\s\u3000]")


def document_identity(layout: DocumentLayout) -> tuple[str | None, int | None]:
    """(department, year) as the document prints them, or None where it does not say."""
    names = Counter(
        m.group("name").removesuffix("单位")
        for page in layout.pages
        for line in page.lines
        if (m := _DEPARTMENT_LINE.search(line))
    )
    cover = _NOISE.sub("", "".join(layout.pages[0].lines))
    year = None
    for pattern in _COVER:
        if found := pattern.search(cover):
            names.setdefault(found.group("name"), 0)
            year = int(found.group("year"))
            break
    if year is None:
        years = Counter(int(y) for page in layout.pages[:3] for line in page.lines for y in _YEAR.findall(line))
        year = years.most_common(1)[0][0] if years else None
    department = names.most_common(1)[0][0] if names else None
    return department, year
