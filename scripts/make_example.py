"""Make the bundled example report, examples/example-2022.pdf, with the project's own composer.

The figures are those of a real report (中国共产党武汉市汉阳区委组织部 2022 年度部门决算),
kept as data in examples/example-2022.json (the report model's JSON form): its
tables 2 and 3, the tables they determine (1, 4, 5), what the narrative states
for tables 6 and 7, tables 8 and 9 as declared empty, and the narrative and
绩效 figures.  No text of the published document is copied: every sentence of
the example is composed by juesuan.compose from those figures.

    .venv/bin/python scripts/make_example.py            # examples/example-2022.json -> .pdf
    .venv/bin/python scripts/make_example.py --seed ../shared/corpus/hanyang-zzb-2022.expected.json
                                                        # (re)build the .json from a corpus answer first
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "example-2022.json"
PDF = ROOT / "examples" / "example-2022.pdf"

# Figures the 2022 narrative states or implies (previous year = this year - printed change);
# the short description of functions is our own summary, not the publisher's text.
EXTRA_FACTS: dict[str, Any] = {
    "previous_total": "1542.46",
    "general_budget.previous": "1542.46",
    "three_public.previous": "0.15",
    "operating_costs.previous": "26.45",
    "profile.functions": "中国共产党武汉市汉阳区委组织部是汉阳区委主管组织工作、干部工作、人才工作、"
                         "公务员管理和绩效考核工作的职能部门。",
    "profile.subordinate_units": 0,
}


def seed(answer_path: Path) -> dict[str, Any]:
    """The example's data from a corpus answer: its figures, plus the tables they determine."""
    from juesuan.compose.derive import fill_derived
    from juesuan.model import TABLE_KEYS, Table
    from juesuan.model_json import report_from_json, report_to_json

    report = report_from_json(json.loads(answer_path.read_text(encoding="utf-8")))
    n = report.narrative
    report.tables["gov_fund"] = Table(key="gov_fund", empty=True,
                                      note="本部门当年无政府性基金预算财政拨款收入支出，故本表无数据。")
    report.tables["state_capital"] = Table(key="state_capital", empty=True,
                                           note="本部门当年无国有资本经营预算财政拨款收入支出，故本表无数据。")
    fill_derived(report)  # tables 1, 4, 5 from tables 2 and 3; 6 and 7 from what the narrative states
    report.tables = {k: report.tables[k] for k in TABLE_KEYS if k in report.tables}
    for path, value in EXTRA_FACTS.items():
        n.set(path, Decimal(value) if isinstance(value, str) and value[:1].isdigit() else value, overwrite=True)
    report.source, report.source_format, report.page_count = None, None, None
    data = report_to_json(report, with_pages=False)
    data.pop("source", None)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, help="rebuild the data file from this corpus answer first")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("-o", "--output", type=Path, default=PDF)
    args = parser.parse_args(argv)
    if args.seed:
        args.data.write_text(json.dumps(seed(args.seed), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.data}")
    from juesuan.compose.pdf import report_pdf
    from juesuan.model_json import report_from_json

    report = report_from_json(json.loads(args.data.read_text(encoding="utf-8")))
    args.output.write_bytes(report_pdf(report))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
