"""The rule catalogue as text (``juesuan rules``) and as Markdown (docs/rules.md, generated)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from juesuan.check.finding import SEVERITY_LABELS
from juesuan.check.rule import SECTIONS, Rule
from juesuan.check.rule_fixes import FIXES

USAGE = """\
## 用法 (usage)

```sh
juesuan check report.pdf                          # 终端文本：每条结果一行，带页码、表、行、列或原句
juesuan check a.pdf b.pdf --severity error        # 只看错误（各种格式都适用）
juesuan check report.pdf --format json -o out.json
juesuan check report.pdf --format sarif -o out.sarif   # SARIF 2.1.0，供代码评审/CI 工具（startLine 为页码）
juesuan check report.pdf --format html -o out.html     # 单个网页：错误在前，可筛选，页面图像上框出单元格或句子
juesuan check 各部门/ --format html -o 结果/            # 整个文件夹（逐层）：每份一个网页，另有 结果/index.html
juesuan check 各部门/ -j 4 --summary 汇总.xlsx          # 4 个进程并行；汇总表每份报告一行（也可 .csv）
juesuan rules                                      # 规则一览；--format markdown 生成本文件
juesuan rules C203                                 # 解释一条规则：为什么、例子、如何修正
```

退出码：0 没有错误；1 有错误；2 有文件无法读取（照常打印一行原因，其余文件照常检查）或设置有误。
输入可以是 PDF、文本、XLSX 填报工作簿或报告模型 JSON（`juesuan parse --format json` 的输出，或 corpus 的
*.expected.json），也可以是包含它们的文件夹。
没有页面位置或正文的输入（如模型 JSON）照样检查，结果只是没有框和原句；依赖正文的规则在没有正文时不报。

## 关闭规则、改变级别、基线 (settings and baseline)

项目设置写在工作目录的 `juesuan.toml`（或用 `--config` 指定）：

```toml
[check]
ignore = ["C204"]                    # 关闭规则；可写前缀，如 "C2"
baseline = "juesuan-baseline.json"   # 已接受的结果（相对于本文件）

[check.severity]
N403 = "warning"                     # error、warning、info（或 错误、警告、提示）
C201 = "error"
```

命令行 `--ignore C204,C2`、`--severity-override N403=warning` 加在其上。新级别用于规则按自身级别报告的结果；
它的其他结果（报为提示的取整差异、因表格未完整读取而降为警告的错误）保持原级别，但不高于新级别。
I001（规则运行出错）不能关闭或降级。
`juesuan check 各部门/ --write-baseline 基线.json` 记下现有结果；以后 `--baseline 基线.json` 只列出新的结果。
结果按规则、表、行、列、正文路径、原句和打印值与应有值识别（不看页码和措辞），报告按部门和年度识别（不知道时按文件名）。

在 Python 中：`juesuan.check(report)` 返回 `Finding` 列表（规则、严重程度、中文说明、打印值与应有值、位置）。
"""

ROUNDING_RULE = """\
## 取整规则 (the rounding rule)

表中每个金额都四舍五入到 0.01 万元，所以
**n 个打印的分项之和与打印的合计最多可差 n × 0.005**（每项半分钱；
空白单元格不是打印的金额，不计入 n，打印的 0.00 计入）。
差额在这个范围内报 **提示（取整差异）**，超过才报 **错误**。
同一个数在两处打印（表与表、正文与表）按 n = 1 计：容差 0.005，
所以差 0.01 就是错误——两处都由同一个精确数取整而来，不可能不同。
正文少打小数位（“6.2万元”对表中 6.20）不算错。
全项目只用 `juesuan.amounts` 中的这一条规则，没有按规则各设的容差。

## 百分比的取整规则 (percentages)

占比、增减率、完成率、执行率都由打印的金额重算。每个打印的金额代表一个区间（6.20 代表 [6.195, 6.205]，
正文只打 6.2 时代表 [6.15, 6.25]），所以重算出的比率也是一个区间 [最小, 最大]。打印的百分比 p
（k 位小数）代表 [p − ½·10⁻ᵏ, p + ½·10⁻ᵏ]：

- 两个区间相交：正确，不报（某组与打印金额相符的精确值会四舍五入出 p）；
- 不相交但相距不超过末位一个单位 10⁻ᵏ：**提示（取整差异）**，例如为使各项占比合计 100% 而调整的末位，
  或截尾而非四舍五入；
- 更远：**错误**。
- 除数可能为 0（上年为 0 的增长率、预算为 0 的完成率）时不算百分比：上年为 0 只作说明，
  对预算 0 打印完成率由 N405 报告。

这样，凡是某组精确值能得出的百分比都不会被误报，这是本检查的首要要求：不误报。
"""

SEVERITIES = """\
## 严重程度 (severities)

- **错误 (error)**：文件中确有不一致，需要更正。`juesuan check` 有错误时退出码为 1。
- **警告 (warning)**：很可能有问题，需人工核对（名称可能不同、0/0 的完成率等）。
- **提示 (info)**：取整差异等，不是错误。

规则的严重程度是它发现真正不一致时的级别；同一规则发现的取整差异报提示。
读取程序报告某张表有未能读取的内容（C105）时，涉及该表的错误降为警告并注明，因为差额可能来自漏读而不是文件；
读取程序未能确定列的单元格（模型中的 `ambiguous`）不参与勾稽。
规则自身运行出错时报 I001（错误），绝不当作“没有问题”。
"""


def render_rules_text(rules: Sequence[Rule]) -> str:
    lines: list[str] = []
    for section, label in SECTIONS.items():
        group = [r for r in rules if r.section == section]
        if not group:
            continue
        lines.append(f"{label}")
        for r in group:
            lines.append(f"  {r.id}  {SEVERITY_LABELS[r.severity]}  {r.title}  ({r.name})")
        lines.append("")
    return "\n".join(lines)


def explain_rule(r: Rule) -> str:
    """One rule for a person: ``juesuan rules C203``."""
    return "\n".join([
        f"{r.id} {r.title}",
        f"  名称 {r.name} · {SEVERITY_LABELS[r.severity]} ({r.severity}) · {SECTIONS[r.section]}",
        "",
        "检查什么、为什么 (what it checks and why):",
        f"  {_paragraph(r.explanation)}",
        "",
        "例 (example):",
        f"  {_paragraph(r.example)}",
        "",
        "如何修正 (how to fix):",
        f"  {FIXES.get(r.id, '（暂无）')}",
        "",
        f"关闭或改变级别：juesuan.toml 的 [check] ignore = [\"{r.id}\"] 或 [check.severity] {r.id} = \"warning\"；"
        f"或 juesuan check --ignore {r.id}",
        "",
    ])


def render_rules_json(rules: Sequence[Rule]) -> str:
    data = [{"id": r.id, "name": r.name, "severity": r.severity, "section": r.section, "title": r.title,
             "explanation": _paragraph(r.explanation), "example": _paragraph(r.example), "fix": FIXES.get(r.id)}
            for r in rules]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _paragraph(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def render_rules_markdown(rules: Sequence[Rule]) -> str:
    out = [
        "# 审核规则 (check rules)",
        "",
        "<!-- Generated from the code by `juesuan rules --format markdown`; do not edit by hand. -->",
        "",
        "`juesuan check FILE...` 用下列规则审核部门决算；`juesuan rules` 列出它们。",
        "",
        USAGE,
        ROUNDING_RULE,
        SEVERITIES,
        "## 规则一览 (catalogue)",
        "",
        "| id | 名称 | 严重程度 | 标题 |",
        "|---|---|---|---|",
    ]
    out += [f"| {r.id} | {r.name} | {SEVERITY_LABELS[r.severity]} | {r.title} |" for r in rules]
    out.append("")
    for section, label in SECTIONS.items():
        group = [r for r in rules if r.section == section]
        if not group:
            continue
        out += [f"## {label}", ""]
        for r in group:
            out += [
                f"### {r.id} {r.title}",
                "",
                f"`{r.name}` · {SEVERITY_LABELS[r.severity]} ({r.severity})",
                "",
                _paragraph(r.explanation),
                "",
                f"例：{_paragraph(r.example)}",
                "",
                f"如何修正：{FIXES[r.id]}" if r.id in FIXES else "",
                "",
            ]
    return "\n".join(out).rstrip() + "\n"
