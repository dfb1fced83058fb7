"""Draw the charts and check every Chinese glyph, as a script: the test runs it with the system fonts hidden.

``python -m lz_pipeline_tests.analytics.font_probe OUT_DIR`` writes the four charts of the 2020 office
report (figures transcribed from the published document) to OUT_DIR and prints a JSON summary.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import numpy as np
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from lz_pipeline.analytics import charts

D = Decimal
# 泸州市人民政府办公室 2020, as published: 收、支总计 by year, 支出 by 类, 三公 决算数, 一般公共预算 by 类.
OFFICE_2020 = charts.ChartData(
    department="泸州市人民政府办公室",
    year=2020,
    totals=[("2019", D("4187.34")), ("2020", D("3542.28"))],
    classes=[
        ("一般公共服务", D("2647.05")),
        ("社会保障和就业", D("535.29")),
        ("卫生健康", D("127.57")),
        ("住房保障", D("232.37")),
    ],
    three_public=[
        ("因公出国（境）费", D("0.31")),
        ("公务用车购置费", D("0")),
        ("公务用车运行维护费", D("78")),
        ("公务接待费", D("1.53")),
    ],
    # its 部门预算 by 类 (the sample budget's truth) against the 决算, and 完成预算 %
    execution_year=2020,
    execution=[
        ("一般公共服务", D("2647.05"), D("2647.05"), D("100.00")),
        ("社会保障和就业", D("535.30"), D("535.29"), D("100.00")),
        ("卫生健康", D("127.58"), D("127.57"), D("99.99")),
        ("住房保障", D("232.37"), D("232.37"), D("100.00")),
    ],
)
NOT_A_CHARACTER = "\U000f0000"  # a private-use code point: no font has it, so it draws the missing-glyph box


def ink(text: str, font: Path) -> np.ndarray:
    """The dark pixels of ``text`` drawn alone at 40 pt in ``font``."""
    figure = Figure(figsize=(1, 1), dpi=100)
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, text, font=font, fontsize=40, ha="center", va="center")
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba())[..., 0] < 128


def chart_text(data: charts.ChartData) -> str:
    """Every CJK character the three charts print."""
    text = data.department + charts.PROBE + "".join(label for label, _ in (*data.classes, *data.three_public))
    return "".join(char for char in dict.fromkeys(text) if ord(char) > 0x2000)


def glyph_report(text: str, font: Path) -> dict[str, object]:
    """Characters drawn as the missing-glyph box or as nothing, and how many distinct bitmaps the rest give."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the box itself warns
        box = ink(NOT_A_CHARACTER, font)
    bitmaps = {char: ink(char, font) for char in text}
    boxes = [char for char, bitmap in bitmaps.items() if not bitmap.any() or np.array_equal(bitmap, box)]
    distinct = len({bitmap.tobytes() for bitmap in bitmaps.values()})
    return {"checked": len(text), "boxes": "".join(boxes), "distinct": distinct, "box_ink": int(box.sum())}


def system_fonts() -> list[str]:
    """What matplotlib and fontconfig can see outside the Python packages."""
    found = list(font_manager.findSystemFonts())
    if shutil.which("fc-list"):
        found += subprocess.run(["fc-list", "--format=%{file}\n"], capture_output=True, text=True).stdout.split()
    return sorted(set(found))


def main(out_dir: Path) -> int:
    font = charts.cjk_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rendered = charts.render_charts(OFFICE_2020)
    paths = charts.write_charts(rendered, out_dir)
    summary = {
        "system_fonts": system_fonts(),
        "font": str(font),
        "family": font_manager.FontProperties(fname=str(font)).get_name(),
        "charts": {name: str(path) for name, path in paths.items()},
        "glyphs": glyph_report(chart_text(OFFICE_2020), font),
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
