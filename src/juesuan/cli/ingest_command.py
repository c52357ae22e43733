"""``juesuan ingest PATH... [--db URL] [--workers N | --dask tcp://HOST:8786]``.

Exit 0: every file stored and read; 2: some files could not be read (each is recorded with its reason
and printed as one line); 130: interrupted (everything finished is committed; run again to resume).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from juesuan.cli.help_format import examples


def add_db_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL",
                   help="数据库：SQLite 文件路径或 postgresql://… 地址（默认 $JUESUAN_DB 或 ./juesuan.db）"
                        " (database: a SQLite file or a postgresql:// URL)")


def add_runner_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, metavar="N",
                   help="本机进程数，默认全部核；0 在本进程内运行 (local processes; default: all cores)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="在已有的 Dask 集群上运行，如 tcp://HOST:8786 (run on a Dask cluster)")
    p.add_argument("--no-progress", action="store_true", help="不显示进度条 (no progress bar)")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "ingest",
        help="报告入库：文件和目录（递归）读入数据库 (ingest reports into a database)",
        description="把 PDF、文本、HTML、XLSX、模型 JSON 读入数据库并审核；相同内容只存一次，"
                    "同一部门同一年度的更正版本另存为新版本。退出码 0 全部读取，2 有文件无法读取（已记录），"
                    "130 已中断（已完成的已保存，再次运行继续）。",
        epilog=examples(
            "juesuan ingest 各部门/                                   # 递归入库到 ./juesuan.db，全部核并行",
            "juesuan ingest 各部门/ --db postgresql://me@db/juesuan --workers 8",
            "juesuan ingest 各部门/ --dask tcp://scheduler:8786       # 在 Dask 集群上读取和审核",
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录 (files or folders)")
    add_db_argument(p)
    add_runner_arguments(p)
    p.add_argument("--batch-size", type=int, default=50, metavar="N",
                   help="每个事务写入的报告数 (reports written per transaction; default: 50)")
    p.set_defaults(func=run)


def make_progress(args: argparse.Namespace) -> Any:
    from juesuan.store.progress import LineProgress, RichProgress

    if args.no_progress or not sys.stderr.isatty():
        return LineProgress()
    return RichProgress()


def run(args: argparse.Namespace) -> int:
    from juesuan.store.database import open_store
    from juesuan.store.ingest import ingest
    from juesuan.store.runners import make_runner

    store = open_store(args.db)
    runner = make_runner(args.workers, args.dask)
    try:
        summary = ingest(store, args.paths, runner, make_progress(args), batch_size=max(1, args.batch_size))
    finally:
        runner.close()
        store.dispose()
    rate = summary.processed / summary.seconds if summary.seconds else 0.0
    print(f"入库 {summary.files} 个文件：新存 {summary.stored} 份，无法读取 {summary.failed} 个，"
          f"内容已存 {summary.unchanged} 个，已入库跳过 {summary.known} 个，新版本 {summary.new_versions} 份，"
          f"与上年比较 {summary.cross_checked} 份；{summary.seconds:.1f} 秒，{rate:.1f} 份/秒 "
          f"(files {summary.files}: stored {summary.stored}, failed {summary.failed}, unchanged {summary.unchanged}, "
          f"skipped {summary.known}, new versions {summary.new_versions}, compared with last year "
          f"{summary.cross_checked})", file=sys.stderr)
    if summary.interrupted:
        print("juesuan: 已中断，已完成的已保存；再次运行同一命令继续 (interrupted: finished work is saved; "
              "run the same command again to resume)", file=sys.stderr)
        return 130
    return 2 if summary.failed else 0
