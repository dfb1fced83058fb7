"""What four real budget narratives say, figure by figure, and what their tables make of each figure.

Transcribed by hand from ``pdftotext -layout`` of the PDFs in data/real/budgets (poppler 22.12), sentence by
sentence; the subject is the figure of the tables the sentence names (see analytics/narrative.py SUBJECTS). The
status is worked out by hand from the printed tables (the truth.yaml of the same folder, and of the year before
for a comparison): A agree, D disagree (the arithmetic is in the comment), N not checkable. Amounts are 万元.

One line per claim: ``subject metric value [comparison year] status``; ``-`` is no subject (a figure no table
holds) or no comparison year.
"""

from __future__ import annotations

from decimal import Decimal

STATUS = {"A": "agree", "D": "disagree", "N": "not_checkable"}


def claims(table: str) -> list[tuple]:
    """(subject, metric, value, comparison_year, status) of each line (``#`` starts a comment)."""
    out = []
    for line in table.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        subject, metric, value, year, status = line.split()
        out.append(
            (
                None if subject == "-" else subject,
                metric,
                Decimal(value),
                None if year == "-" else int(year),
                STATUS[status],
            )
        )
    return out


# 江苏省政协办公厅2018年度部门预算.pdf (text only; the tables are in …2018度部门预算公开表.pdf), pages 7-15.
ZHENGXIE_2018 = claims("""
# 一、收支预算总体情况说明: 收入、支出预算总计 10,150.48 万元，与上年相比收、支预算总计各增加 1,003.69 万元，增长 10.97%
total amount 10150.48 - A
total change 1003.69 2017 A  # 10150.48 − 9146.79
total percent 10.97 2017 A  # 1003.69 / 9146.79 = 10.973%
total amount 10150.48 - A  # （一）收入预算总计
fiscal_total amount 10070.48 - A  # 1.财政拨款收入预算总计
general_budget_income amount 10070.48 - A  # （1）一般公共预算收入预算 … 增加 1,003.69 万元，增长 11.07%
general_budget_income change 1003.69 2017 A  # 10070.48 − 9066.79
general_budget_income percent 11.07 2017 A
government_fund_income amount 0 - A  # （2）政府性基金收入预算 0 万元 (its line is blank)
fund_account amount 0 - A  # 2.财政专户管理资金收入预算总计 0 万元
other_funds amount 80 - A  # 3.其他资金收入预算总计 80 万元
carried_over amount 0 - A  # 4.上年结转资金预算数为 0 万元
total amount 10150.48 - A  # （二）支出预算总计
total_function:201 amount 7827.46 - A  # 1.一般公共服务（类）支出 7,827.46 (the 总表: 其他资金 included)
total_function:201 change 1283.91 2017 A  # 7827.46 − 6543.55
total_function:201 percent 19.62 2017 A
total_function:208 amount 823.76 - A
total_function:208 change -685.96 2017 A  # 823.76 − 1509.72
total_function:208 percent -45.44 2017 A
total_function:221 amount 1499.26 - A
total_function:221 change 405.74 2017 A  # 1499.26 − 1093.52
total_function:221 percent 37.10 2017 A
basic amount 5678.17 - A  # 此外，基本支出预算数为 5,678.17 万元。与上年相比减少 238.10 万元，下降 4.02%
basic change -238.10 2017 A  # 5678.17 − 5916.27
basic percent -4.02 2017 A
project amount 3314.68 - A
project change 191 2017 A  # 3314.68 − 3123.68
project percent 6.11 2017 A
reserve amount 1157.63 - A  # 单位预留机动经费预算为 1,157.63 万元 … 增加 1,050.79 万元，增长 983.52%
reserve change 1050.79 2017 A  # 1157.63 − 106.84
reserve percent 983.52 2017 A
# 二、收入预算情况说明: 本年收入预算合计 10,150.48 万元，其中：一般公共预算收入 10,070.48 万元，占 99.21%；…
total amount 10150.48 - A
general_budget_income amount 10070.48 - A
general_budget_income share 99.21 - A
government_fund_income amount 0 - A
government_fund_income share 0 - A
fund_account amount 0 - A
fund_account share 0 - A
other_funds amount 80 - A
other_funds share 0.79 - A  # 80 / 10150.48 = 0.788%
carried_over amount 0 - A
carried_over share 0 - A
# 三、支出预算情况说明
total amount 10150.48 - A
basic amount 5678.17 - A
basic share 55.94 - A
project amount 3314.68 - A
project share 32.66 - A
reserve amount 1157.63 - A
reserve share 11.40 - A
carried_forward amount 0 - A
carried_forward share 0 - A
# 四、财政拨款收支预算总体情况说明: 财政拨款收、支预算 10,070.48 万元 … 各增加 1,003.69 万元，增长 11.07%
fiscal_total amount 10070.48 - A
fiscal_total change 1003.69 2017 A  # 10070.48 − 9066.79
fiscal_total percent 11.07 2017 A
# 五、财政拨款支出预算情况说明: 财政拨款预算支出 10,070.48 万元，占本年支出合计的 99.21%
fiscal_total amount 10070.48 - A
fiscal_total share 99.21 - A
fiscal_total change 1003.69 2017 A
fiscal_total percent 11.07 2017 A
function:2010201 amount 4432.78 - A  # 1.政协事务（款）行政运行（项）4,432.78 万元 … 增加 1,199.75 万元，增长 37.11%
function:2010201 change 1199.75 2017 A  # 4432.78 − 3233.03
function:2010201 percent 37.11 2017 A
function:2010202 amount 1780.22 - A
function:2010202 change 202.40 2017 A  # 1780.22 − 1577.82
function:2010202 percent 12.83 2017 A
function:2010204 amount 814.16 - A
function:2010204 change -213.74 2017 A  # 814.16 − 1027.90
function:2010204 percent -20.79 2017 A
function:2010205 amount 429.30 - A  # 与上年数一致 (no figure)
function:2010299 amount 291 - A
function:2010299 change 95.50 2017 A  # 291 − 195.50
function:2010299 percent 48.85 2017 A
function:2080504 amount 252.82 - A  # 未归口管理的行政单位离退休（项）… 减少 1,256.90 万元，下降 83.25%
function:2080504 change -1256.90 2017 A  # 252.82 − 1509.72
function:2080504 percent -83.25 2017 A
function:2080505 amount 407.81 - A  # 今年新增支出
function:2080506 amount 163.13 - A
function:2210201 amount 391.66 - A
function:2210201 change 49.91 2017 A  # 391.66 − 341.75
function:2210201 percent 14.60 2017 A
function:2210202 amount 1107.60 - A
function:2210202 change 355.83 2017 A  # 1107.60 − 751.77
function:2210202 percent 47.33 2017 A
# 六、财政拨款基本支出: 5,598.17 万元，其中：（一）人员经费 4,482.32 万元 … （二）公用经费 1,115.85 万元
fiscal_basic amount 5598.17 - A  # the 财政拨款收支预算总表's 一、基本支出
personnel amount 4482.32 - A  # 一般公共预算基本支出预算表: 301 3806.26 + 303 676.06
public amount 1115.85 - A  # its 302 商品和服务支出
# 七、一般公共预算财政拨款支出预算 10,070.48 万元，占本年支出合计的 99.21% … 增加 1,003.69 万元，增长 11.07%
general_budget_total amount 10070.48 - A
general_budget_total share 99.21 - A
general_budget_total change 1003.69 2017 A
general_budget_total percent 11.07 2017 A
# 八、一般公共预算财政拨款基本支出预算 5,598.17 万元 (the 基本支出 table's 合计)
general_budget_basic amount 5598.17 - A
personnel amount 4482.32 - A
public amount 1115.85 - A
# 九、"三公"经费、会议费、培训费 (the table: 106 + 156.60 + 412.50 = 675.10; 2017: 76, 443.50). 会议费 is no
# budget figure yet
three_public_overseas amount 106 - A  # 因公出国（境）费支出 106 万元，占“三公”经费的 15.70%
three_public_overseas share 15.70 - A
three_public_vehicle amount 156.60 - A
three_public_vehicle share 23.20 - A
three_public_reception amount 412.50 - A
three_public_reception share 61.10 - A
three_public_overseas amount 106 - A  # 1.因公出国（境）费预算支出 106 万元，比上年预算增加30 万元
three_public_overseas change 30 2017 A
three_public_vehicle amount 156.60 - A
three_public_vehicle_purchase amount 0 - A
three_public_vehicle_operation amount 156.60 - A
three_public_reception amount 412.50 - A
three_public_reception change -31 2017 A
meeting amount 884.16 - N
meeting change -210.46 2017 N
training amount 97.60 - N
training change 16 2017 N
# 十、政府性基金支出预算支出 0 万元
government_fund_total amount 0 - A
# 十一、机关运行经费预算支出 1,115.85 万元，与上年相比减少 2,233.13 万元，下降 66.69%
operating_cost amount 1115.85 - N
operating_cost change -2233.13 2017 N
operating_cost percent -66.69 2017 N
# 十二、政府采购支出预算总额 1,281.76 万元，其中：拟采购货物支出 355.67 万元、拟采购工程支出 0 万元、
# 拟购买服务支出 926.09 万元
procurement amount 1281.76 - N
procurement_goods amount 355.67 - N
procurement_works amount 0 - N
procurement_services amount 926.09 - N
# 十三、绩效目标: 涉及财政性资金合计 0 万元; 国有资本经营预算收入为 0 万元 (the 总表 prints no such line)
- amount 0 - N
state_capital amount 0 - N
""")

# 江苏省委办公厅2018年度部门预算公开文件.pdf (text only), pages 3-10.
WEIBAN_2018 = claims("""
# 一、收入、支出预算总计24458.43万元，与上年相比收、支预算总计各增加3608.98万元，增长17.31%
total amount 24458.43 - A
total change 3608.98 2017 A  # 24458.43 − 20849.45
total percent 17.31 2017 A
total amount 24458.43 - A  # （一）收入预算总计
fiscal_total amount 24458.43 - A  # 1．财政拨款收入预算总计
general_budget_income amount 24458.43 - A  # （1）一般公共预算收入预算24458.43万元 … 增加3756.18万元，增长18.14%
general_budget_income change 3756.18 2017 A  # 24458.43 − 20702.25
general_budget_income percent 18.14 2017 A
fund_account amount 0 - A  # 2．财政专户管理资金收入预算总计0万元。与上年相比减少147.20万元，减少100%
fund_account change -147.20 2017 A  # 0 − 147.20
fund_account percent -100 2017 A
total amount 24458.43 - A  # （二）支出预算总计
total_function:201 amount 20153.75 - A
total_function:201 change 3161.38 2017 A  # 20153.75 − 16992.37
total_function:201 percent 18.60 2017 A
total_function:208 amount 1289.52 - A
total_function:208 change -710.87 2017 A  # 1289.52 − 2000.39
total_function:208 percent -35.54 2017 A
total_function:208 change -710.87 2017 A  # 增减相抵后与上年相比减少710.87万元
total_function:221 amount 3015.16 - A
total_function:221 change 1158.47 2017 A  # 3015.16 − 1856.69
total_function:221 percent 62.39 2017 A
basic amount 10403.11 - A
basic change 439.04 2017 A  # 10403.11 − 9964.07
basic percent 4.41 2017 A
project amount 12081.46 - A
project change 1392.80 2017 A  # 12081.46 − 10688.66
project percent 13.03 2017 A
reserve amount 1973.86 - A
reserve change 1777.14 2017 A  # 1973.86 − 196.72
reserve percent 903.39 2017 A
# 二、本年收入预算合计24458.43万元。其中：一般公共预算收入24458.43万元，占100%
total amount 24458.43 - A
general_budget_income amount 24458.43 - A
general_budget_income share 100 - A
# 三、本年支出预算合计24458.43万元，其中：基本支出10403.11万元，占42.53%；…
total amount 24458.43 - A
basic amount 10403.11 - A
basic share 42.53 - A
project amount 12081.46 - A
project share 49.40 - A
reserve amount 1973.86 - A
reserve share 8.07 - A
# 四、财政拨款收、支总预算24458.43万元。与上年相比收、支预算总计各增加3756.18万元，增长18.14%
fiscal_total amount 24458.43 - A
# The sentence names 收、支预算总计 (the 总表's 收入合计: 24458.43 − 20849.45 = 3608.98, 17.31%) but gives the
# 财政拨款 figures (24458.43 − 20702.25 = 3756.18, 18.14%): a slip of the text.
total change 3756.18 2017 D
total percent 18.14 2017 D
# 五、财政拨款预算支出24458.43万元，占本年支出合计的100% … 增加3756.18万元，增长18.14%
fiscal_total amount 24458.43 - A
fiscal_total share 100 - A
fiscal_total change 3756.18 2017 A
fiscal_total percent 18.14 2017 A
function:2013101 amount 8072.29 - A  # 党委办公厅（室）及相关机构事务（款）行政运行（项）
function:2013101 change 1965.30 2017 A  # 8072.29 − 6106.99
function:2013101 percent 32.18 2017 A
function:2013102 amount 12081.46 - A
function:2013102 change 1343.28 2017 A  # 12081.46 − 10738.18
function:2013102 percent 12.51 2017 A
function:2080504 amount 248.77 - A
function:2080504 change -1751.62 2017 A  # 248.77 − 2000.39
function:2080504 percent -87.56 2017 A
function:2080505 amount 743.39 - A
function:2080505 change 743.39 2017 A  # a code new in 2018: 743.39 − 0
function:2080506 amount 297.36 - A
function:2080506 change 297.36 2017 A
function:2210201 amount 715.28 - A
function:2210201 change 94 2017 A  # 715.28 − 621.28
function:2210201 percent 15.13 2017 A
function:2210202 amount 2299.88 - A
function:2210202 change 1064.47 2017 A  # 2299.88 − 1235.41
function:2210202 percent 86.16 2017 A
# 六、财政拨款基本支出预算10403.11万元，其中：（一）人员经费8308.53万元 … （二）公用经费2094.58万元
fiscal_basic amount 10403.11 - A
personnel amount 8308.53 - A  # 一般公共预算基本支出预算表: 301 7308.27 + 303 1000.26
public amount 2094.58 - A  # its 302
# 七、一般公共预算财政拨款支出预算24458.43万元，与上年相比增加3756.18万元，增长18.14%
general_budget_total amount 24458.43 - A
general_budget_total change 3756.18 2017 A
general_budget_total percent 18.14 2017 A
# 八、一般公共预算财政拨款基本支出预算10403.11万元
general_budget_basic amount 10403.11 - A
personnel amount 8308.53 - A
public amount 2094.58 - A
# 九、"三公"经费、会议费、培训费
three_public_overseas amount 70 - A
three_public_overseas share 13.77 - A
three_public_vehicle amount 411.20 - A
three_public_vehicle share 80.92 - D  # 411.20 / 508.20 = 80.913%: 80.91 (the text forces 100.00)
three_public_reception amount 27 - A
three_public_reception share 5.31 - A
three_public_overseas amount 70 - A
three_public_vehicle amount 411.20 - A
three_public_vehicle_purchase amount 0 - A
three_public_vehicle_operation amount 411.20 - A
three_public_reception amount 27 - A
three_public_reception change -1 2017 A
meeting amount 933.50 - N
training amount 30 - N
training change 5 2017 N
# 十、政府性基金支出预算支出0万元
government_fund_total amount 0 - A
# 十一、机关运行经费预算支出2094.58万元，与上年相比减少8007.18万元，降低79.27 %
operating_cost amount 2094.58 - N
operating_cost change -8007.18 2017 N
operating_cost percent -79.27 2017 N
# 十二、政府采购支出预算总额1449.50万元，其中：拟采购货物支出90万元、拟采购工程支出0万元、拟购买服务支出1359.50万元
procurement amount 1449.50 - N
procurement_goods amount 90 - N
procurement_works amount 0 - N
procurement_services amount 1359.50 - N
# 十三、涉及财政性资金合计0万元; 国有资本经营预算收入为0万元
- amount 0 - N
state_capital amount 0 - N
""")

# 上海市普陀区社会福利院.pdf (2024 单位预算), pages 6 and 16; no 2023 budget is loaded.
FULIYUAN_2024 = claims("""
# 收入预算1,212.12万元，其中：财政拨款收入950.12万元，比2023年预算增加0.46万元；事业收入262.00万元；…
total amount 1212.12 - A  # 12,121,164 元
fiscal_total amount 950.12 - A  # 9,501,164 元
fiscal_total change 0.46 2023 N  # no 2023 budget
business_income amount 262.00 - A
operating_income amount 0.00 - A  # its line is blank
other_income amount 0.00 - A
# 支出预算1,212.12万元，其中：财政拨款支出预算950.12万元，比2023年预算增加0.46万元。…
total amount 1212.12 - A
fiscal_total amount 950.12 - A
fiscal_total change 0.46 2023 N
general_budget_total amount 950.12 - A
general_budget_total change 0.46 2023 N
government_fund_total amount 0.00 - A
state_capital amount 0.00 - A
# 1. “…事业单位离退休（项）”53.84万元 … 2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，
# 比2023年预算执行数减少1.39%
function:2080502 amount 53.84 - A  # 538,440 元
function:2080502 execution 54.60 2023 N
function:2080502 amount 53.84 - A
function:2080502 percent -1.39 2023 N
function:2080505 amount 76.76 - A  # 767,579 元
function:2080505 execution 70.70 2023 N
function:2080505 amount 76.76 - A
function:2080505 percent 8.57 2023 N
function:2080506 amount 38.38 - A  # 383,789 元
function:2080506 execution 35.35 2023 N
function:2080506 amount 38.38 - A
function:2080506 percent 8.57 2023 N
# 4. 社会福利事业单位（项）738.66万元: the 一般公共预算支出功能分类预算表 prints 6,964,796 元 = 696.48 万元
function:2081005 amount 738.66 - D
function:2081005 execution 711.34 2023 N
function:2081005 amount 738.66 - D
function:2081005 percent 3.84 2023 N
# 5. “医疗卫生与计划生育支出（类）…事业单位医疗（项）” (the tables say 卫生健康支出 for 210) 50.37万元
function:2101102 amount 50.37 - A  # 503,724 元
function:2101102 execution 44.17 2023 N
function:2101102 amount 50.37 - A
function:2101102 percent 14.04 2023 N
function:2210201 amount 33.58 - A  # 335,816 元
function:2210201 execution 33.74 2023 N
function:2210201 amount 33.58 - A
function:2210201 percent -0.47 2023 N
# 其他相关情况说明: the "三公" figures are its table's (6.4 万元); 政府采购, 绩效, 资产 have no table
three_public_total amount 6.40 - A
three_public_overseas amount 0.00 - A
three_public_vehicle amount 6.40 - A
three_public_vehicle_purchase amount 0.00 - A
three_public_vehicle_operation amount 6.40 - A
three_public_reception amount 0.00 - A
procurement amount 120.60 - N
procurement_goods amount 0.00 - N
procurement_works amount 0.00 - N
procurement_services amount 120.60 - N
- amount 262.00 - N  # 涉及项目预算资金262.00万元
- amount 100 - N  # 单价100万元（含）以上设备
- amount 100 - N
""")

# 上海市普陀区万里街道办事处.pdf 2024, pages 6-9 (编制说明) and 32-33; its 2023 budget is loaded.
WANLI_2024_HEAD = claims("""
# 收入预算15621.11万元，其中：财政拨款收入15621.11万元，比2023年预算减少876.75万元；事业收入0.00万元；…
total amount 15621.11 - A  # 156,211,123 元
fiscal_total amount 15621.11 - A
fiscal_total change -876.75 2023 A  # 15621.1123 − 16497.8640 = −876.7517
business_income amount 0.00 - A
operating_income amount 0.00 - A
other_income amount 0.00 - A
# 支出预算15621.11万元，其中：财政拨款支出预算15621.11万元，比2023年预算减少876.75万元。…
total amount 15621.11 - A
fiscal_total amount 15621.11 - A
fiscal_total change -876.75 2023 A
general_budget_total amount 15621.11 - A
general_budget_total change -876.75 2023 A
government_fund_total amount 0.00 - A
state_capital amount 0.00 - A
""")
# The 33 财政拨款 项: “…（项）”amount, 2023年当年预算执行数 (execution), 2024年预算安排 (planned), 比2023年预算执行数
# 增加/减少 % (None: 持平). Amounts agree with the 一般公共预算支出功能分类预算表 except where planned differs.
WANLI_2024_ITEMS = [
    ("2010507", "25.77", "60.13", "25.77", "-57.14"),
    ("2012902", "42.60", "45.41", "42.60", "-6.19"),
    ("2013202", "88.87", "60.79", "88.87", "46.19"),
    ("2013302", "110.60", "114.00", "110.60", "-2.98"),
    ("2013402", "11.91", "9.00", "11.91", "32.33"),
    ("2013802", "13.52", "14.62", "13.52", "-7.52"),
    ("2040607", "30.00", "15.00", "30.00", "100.00"),
    ("2049999", "133.30", "130.23", "133.30", "2.36"),
    ("2059999", "25.00", "0.00", "25.00", "100.00"),
    ("2060702", "10.00", "10.00", "10.00", None),
    ("2070308", "20.00", "20.00", "20.00", None),
    ("2080501", "24.31", "20.30", "24.31", "19.75"),
    ("2080502", "7.66", "6.26", "7.66", "22.36"),
    ("2080505", "460.85", "357.56", "460.85", "28.89"),
    ("2080506", "230.28", "198.60", "230.28", "15.95"),
    ("2080599", "0.39", "0.31", "0.39", "25.81"),
    ("2080705", "421.23", "389.59", "421.23", "8.12"),
    ("2081602", "4.44", "4.33", "4.44", "2.54"),
    ("2082501", "30.00", "30.00", "30.00", None),
    ("2089999", "781.24", "1410.22", "781.24", "-44.60"),
    ("2100717", "20.00", "20.00", "20.00", None),
    ("2101101", "142.22", "95.16", "142.22", "49.45"),
    ("2101102", "160.14", "132.56", "160.14", "20.81"),
    ("2120101", "1660.32", "1899.77", "1660.32", "-12.60"),
    ("2120102", "1759.10", "2083.68", "1759.10", "-15.58"),
    ("2120104", "604.34", "676.66", "604.34", "-10.69"),
    ("2120199", "5421.24", "5276.21", "5421.24", "2.75"),
    ("2120399", "972.18", "775.00", "972.18", "25.44"),
    ("2120501", "599.33", "830.24", "599.33", "-27.81"),
    ("2129999", "922.02", "1822.46", "922.02", "-49.41"),
    # 31. 住房公积金（项）”350.35万元 … 2024年预算安排352.67万元: the table prints 3,503,499 元 = 350.35 万元
    ("2210201", "350.35", "348.52", "352.67", "0.53"),
    ("2210203", "320.17", "318.14", "320.17", "0.64"),
    ("2210399", "217.72", "217.72", "217.72", None),
]
WANLI_2024_TAIL = claims("""
# 一、2024年“三公”经费预算数为47.91万元，比2023年预算增加25万元 (the tables: 47.91, and 22.91 in 2023)
three_public_total amount 47.91 - A
three_public_total change 25 2023 A
three_public_overseas amount 0 - A
three_public_vehicle amount 46.56 - A
three_public_vehicle change 25 2023 A
three_public_vehicle_purchase amount 25 - A
three_public_vehicle_purchase change 25 2023 A
three_public_vehicle_operation amount 21.56 - A
three_public_reception amount 1.35 - A
operating_cost amount 443.18 - N  # 二、机关运行经费预算为443.18万元
# 三、政府采购预算1662.44万元，其中：政府采购货物预算93.98万元、政府采购工程预算815.87万元、政府采购服务预算752.59万元
procurement amount 1662.44 - N
procurement_goods amount 93.98 - N
procurement_works amount 815.87 - N
procurement_services amount 752.59 - N
- amount 664.98 - N  # 面向中小企业预留政府采购项目预算金额
- amount 465.49 - N  # 预留给小型和微型企业的
- amount 5634.81 - N  # 涉及项目预算资金
- amount 100 - N  # 单价100万元（含）以上设备
- amount 100 - N
- amount 158.05 - N  # 项目经费情况说明: 第一…第四季度用款计划158.05万元
- amount 158.05 - N
- amount 158.05 - N
- amount 158.05 - N
""")


def _items() -> list[tuple]:
    out = []
    for code, amount, execution, planned, percent in WANLI_2024_ITEMS:
        subject = f"function:{code}"
        out.append((subject, "amount", Decimal(amount), None, "agree"))
        out.append((subject, "execution", Decimal(execution), 2023, "not_checkable"))
        out.append((subject, "amount", Decimal(planned), None, "agree" if planned == amount else "disagree"))
        if percent is not None:
            out.append((subject, "percent", Decimal(percent), 2023, "not_checkable"))
    return out


WANLI_2024 = WANLI_2024_HEAD + _items() + WANLI_2024_TAIL
