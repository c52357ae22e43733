"""``juesuan check FILE|DIR... [--format text|json|sarif|html] [-o OUT] [-j N] [--summary T.xlsx|T.csv]``.

Exit 0: no errors; 1: errors found; 2: a file could not be read (its one-line
reason is printed, the other files are still checked), the output could not
be written, or the settings are wrong (juesuan.toml, --ignore, a baseline).
The work is in ``juesuan.check.batch`` and the writers in ``juesuan.check.render``;
this module wires them to the arguments, the progress bar and the exit code.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack, closing
from pathlib import Path
from typing import IO, Any

from juesuan.atomic_write import open_binary_output, open_output, write_output
from juesuan.cli.help_format import examples
from juesuan.cli.limits_option import add_limit_option, run_limits
from juesuan.cli.parse_command import add_ocr_option
from juesuan.errors import JuesuanError, OutputError


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="审核报告：表内、表间、正文与表格的一致性 (check reports)",
        description="审核部门决算：表内勾稽、表间勾稽、情况说明与表格、绩效自评。\n"
                    "输入可以是 PDF（含扫描件）、网页、文本、XLSX 填报工作簿或模型 JSON，\n"
                    "也可以是文件夹（逐层查找其中的这些文件）。\n"
                    "退出码 0 无错误，1 有错误，2 有文件无法读取或设置有误。",
        epilog=examples(
            "juesuan check 2024年决算.pdf                          # 终端文本，每条结果一行",
            "juesuan check 各部门/ -j 4                            # 整个文件夹，4 个进程并行，显示进度",
            "juesuan check 各部门/ --format html -o 结果/          # 每份报告一个网页，另有 结果/index.html",
            "juesuan check 各部门/ --summary 汇总.xlsx             # 每份报告一行：错误数、各规则次数、主要合计",
            "juesuan check a.pdf --severity error --format json   # 只要错误，JSON",
            "juesuan check a.pdf --format sarif -o a.sarif        # SARIF 2.1.0，供代码评审/CI 工具",
            "juesuan check a.pdf --ignore C204 --severity-override N403=warning",
            "juesuan check 各部门/ --write-baseline 基线.json      # 记下现有结果，以后用 --baseline 只看新问题",
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="PDF、网页、文本、XLSX 工作簿或模型 JSON 文件，或包含它们的文件夹")
    out = p.add_argument_group("输出 (output)")
    out.add_argument("--format", choices=("text", "json", "sarif", "html"), default="text",
                     help="text: 终端; json; sarif: SARIF 2.1.0; html: 每份报告一个网页 (default: text)")
    out.add_argument("-o", "--output", metavar="OUT",
                     help="写入文件；html 且多个文件或文件夹时为目录（不存在则新建），内含 index.html")
    out.add_argument("--severity", choices=("error", "warning", "info"), default="info",
                     help="只列出不低于此级别的结果，各种格式都适用；计数和退出码仍按全部结果 (default: info)")
    out.add_argument("--summary", metavar="TABLE",
                     help="另写一张汇总表 .xlsx 或 .csv：每份报告一行（部门、年度、各级别和各规则的个数、主要合计）")
    out.add_argument("--no-progress", action="store_true", help="不显示进度条 (no progress bar)")
    run_group = p.add_argument_group("运行 (running)")
    run_group.add_argument("-j", "--jobs", type=int, metavar="N",
                           help="并行进程数 (default: 全部 CPU 核)")
    add_limit_option(run_group)
    add_ocr_option(run_group)
    rules = p.add_argument_group("规则设置 (rule settings)",
                                 "项目设置写在工作目录的 juesuan.toml（[check] ignore、[check.severity]、\n"
                                 "baseline），命令行设置加在其上。")
    rules.add_argument("--config", metavar="TOML", help="用这个设置文件，而不是工作目录的 juesuan.toml")
    rules.add_argument("--no-config", action="store_true", help="不读 juesuan.toml")
    rules.add_argument("--ignore", action="append", default=[], metavar="RULES",
                       help="关闭规则，逗号分隔；可写前缀，如 C2 (switch rules off)")
    rules.add_argument("--severity-override", action="append", default=[], metavar="RULE=LEVEL",
                       help="改变规则的级别，如 N403=warning、C201=error (make a rule stricter or milder)")
    rules.add_argument("--baseline", metavar="FILE", help="不列出基线文件中已接受的结果 (suppress accepted findings)")
    rules.add_argument("--write-baseline", metavar="FILE",
                       help="把本次全部结果写成基线文件（此时不套用已有基线）(record the findings as accepted)")
    p.set_defaults(func=run)


def _settings(args: argparse.Namespace) -> Any:
    from juesuan.check.config import RuleSettings, find_config, load_config, run_settings

    project = RuleSettings()
    if args.config:
        project = load_config(args.config)
    elif not args.no_config:
        found = find_config()
        if found is not None:
            project = load_config(found)
    return project.merged(run_settings(args.ignore, args.severity_override, args.baseline))


def _html_names(files: list[str], folder: Path) -> list[str]:
    used: set[str] = set()
    out: list[str] = []
    for file in files:
        base = Path(file).name
        name, n = f"{base}.check.html", 1
        while name in used:  # the same file name from two folders
            n += 1
            name = f"{base}.{n}.check.html"
        used.add(name)
        out.append(str(folder / name))
    return out


def _html_folder(output: str | None) -> Path:
    if not output:
        raise OutputError(None, "多个文件的 HTML 需要用 -o 指定一个目录 (several files: -o DIR)")
    folder = Path(output)
    if folder.suffix.lower() in (".html", ".htm") and not folder.is_dir():
        raise OutputError(output, "多份报告的网页写入一个目录（其中每份一页，另有 index.html），请给目录名 "
                                  "(several reports: -o DIR)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(output, f"无法建立目录 (cannot create the folder): {exc.strerror or exc}") from None
    return folder


def run(args: argparse.Namespace) -> int:
    from juesuan.check.baseline import load_baseline
    from juesuan.check.batch import BatchOptions, Task, default_jobs, expand

    settings = _settings(args)  # a ConfigError exits 2 with its one line, before any work
    baseline = load_baseline(settings.baseline) if settings.baseline and not args.write_baseline else None
    if args.jobs is not None and args.jobs < 1:
        print("juesuan: -j 须为正整数 (must be at least 1)", file=sys.stderr)
        return 2
    files = expand(args.files)
    if not files:
        print(f"juesuan: {', '.join(args.files)}: 未找到 PDF、网页、文本、XLSX 或 JSON 文件 (no report files found)",
              file=sys.stderr)
        return 2
    inputs = tuple(Path(f) for f in files)
    many = len(files) > 1 or any(Path(f).is_dir() for f in args.files)
    options = BatchOptions(settings, baseline, args.severity, run_limits(args), args.ocr)
    html_folder: Path | None = None
    single_page = args.format == "html" and not many and not (
        args.output and (Path(args.output).is_dir() or args.output.endswith(("/", "\\"))))
    try:
        if args.format == "html" and not single_page:
            html_folder = _html_folder(args.output)
            tasks = [Task(f, page) for f, page in zip(files, _html_names(files, html_folder), strict=True)]
        elif single_page:
            tasks = [Task(files[0], "-")]
        else:
            tasks = [Task(f) for f in files]
        jobs = min(args.jobs or default_jobs(), len(tasks))
        with ExitStack() as stack:
            writers = _open_writers(args, stack, inputs, settings, many)
            code = _run(args, tasks, options, jobs, writers, html_folder, many)
    except JuesuanError as exc:  # output problems: one line, exit 2 (a batch has nothing half-written)
        print(f"juesuan: {exc.message}", file=sys.stderr)
        return 2
    return code


def _open_writers(args: argparse.Namespace, stack: ExitStack, inputs: tuple[Path, ...], settings: Any,
                  many: bool) -> list[Any]:
    """The outputs, opened before any work so that a bad path fails at once; each appears only on success."""
    writers: list[Any] = []
    if args.format in ("text", "json", "sarif"):
        out: IO[str] = stack.enter_context(open_output(args.output, inputs)) if args.output else sys.stdout
        if args.format == "json":
            from juesuan.check.render.json_report import JsonWriter

            writers.append(JsonWriter(out, args.severity))
        elif args.format == "sarif":
            from juesuan.check.render.sarif import SarifWriter

            writers.append(SarifWriter(out, args.severity, settings))
        else:
            from juesuan.check.render.text import TextWriter

            writers.append(TextWriter(out, args.severity, many))
    if args.summary:
        from juesuan.check.render.summary_table import CsvSummary, XlsxSummary

        kind = Path(args.summary).suffix.lower()
        if kind == ".csv":
            writers.append(CsvSummary(stack.enter_context(open_output(args.summary, inputs))))
        elif kind == ".xlsx":
            writers.append(XlsxSummary(stack.enter_context(open_binary_output(args.summary, inputs))))
        else:
            raise OutputError(args.summary, "汇总表须为 .xlsx 或 .csv (the summary must be .xlsx or .csv)")
    if args.write_baseline:
        from juesuan.check.baseline import BaselineWriter

        writers.append(_BaselineAdapter(BaselineWriter(stack.enter_context(open_output(args.write_baseline, inputs)))))
    return writers


class _BaselineAdapter:
    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def add(self, result: Any) -> None:
        if result.error is None:
            self.writer.add(result.file, result.department, result.year, result.findings)

    def close(self) -> None:
        self.writer.close()


def _run(args: argparse.Namespace, tasks: list[Any], options: Any, jobs: int, writers: list[Any],
         html_folder: Path | None, many: bool) -> int:
    from juesuan.check.batch import run_batch
    from juesuan.check.render.index import IndexRow, render_index
    from juesuan.cli.progress import BatchProgress

    rows: list[IndexRow] = []
    unread = with_errors = 0
    totals = {"error": 0, "warning": 0, "info": 0}
    show_bar = many and not args.no_progress and sys.stderr.isatty()
    pooled = options.limits.isolate and len(tasks) > 1  # -j 1 over many files: one warm worker process
    with BatchProgress(len(tasks), show_bar) as progress, \
            closing(run_batch(tasks, options, jobs, pooled=pooled)) as results:
        for result in results:
            if result.output_error is not None:
                raise result.output_error
            if result.error is not None:
                unread += 1
                progress.note(f"juesuan: {result.error}")
            else:
                for k, v in result.counts().items():
                    totals[k] += v
                with_errors += result.counts()["error"] > 0
            for writer in writers:
                writer.add(result)
            if html_folder is not None:
                rows.append(IndexRow.of(result))
            progress.advance(result.error is not None, result.error is None and result.counts()["error"] > 0)
            if result.page_html is not None:
                if args.output:
                    write_output(args.output, result.page_html, protect=(Path(result.file),))
                else:
                    sys.stdout.write(result.page_html)
        for writer in writers:
            writer.close()
        if html_folder is not None:
            write_output(html_folder / "index.html", render_index(rows, html_folder))
    if many and (args.output or args.format != "text" or show_bar):  # text on stdout has its own last line
        seconds = progress.seconds
        line = (f"已审核 {len(tasks)} 份报告，用时 {seconds:.1f} 秒（{len(tasks) / seconds:.1f} 份/秒）："
                f"{with_errors} 份有错误" + (f"，{unread} 份无法读取" if unread else "")
                + f"；错误 {totals['error']}，警告 {totals['warning']}，提示 {totals['info']}")
        if html_folder is not None:
            line += f"；索引 {html_folder / 'index.html'}"
        print(line, file=sys.stderr)
    if args.write_baseline:
        print(f"已写入基线 {args.write_baseline}", file=sys.stderr)
    if unread:
        return 2
    return 1 if totals["error"] else 0
