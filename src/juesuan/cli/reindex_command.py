"""``juesuan reindex [--db URL] [--workers N | --dask ADDRESS] [--all]``: re-read and re-check what is stored."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from juesuan.cli.help_format import examples
from juesuan.cli.ingest_command import add_db_argument


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "reindex",
        help="用当前的读取和审核程序重新处理已入库的报告，保留历史 (re-process stored reports, keeping history)",
        description="读取程序版本不同的文件重新读取（文件须仍在原处且内容未变），审核程序版本不同的重新审核；"
                    "旧的读取和审核结果保留为历史。",
        epilog=examples(
            "juesuan reindex                 # 只处理版本不同的",
            "juesuan reindex --all --db postgresql://me@db/juesuan",
        ),
    )
    add_db_argument(p)
    p.add_argument("--workers", type=int, metavar="N", help="本机进程数，默认全部核；0 在本进程内运行")
    p.add_argument("--dask", metavar="ADDRESS", help="在已有的 Dask 集群上运行，如 tcp://HOST:8786")
    p.add_argument("--all", action="store_true", help="全部重新读取，不论版本 (re-read everything)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from juesuan.store.database import open_store
    from juesuan.store.reindex import reindex
    from juesuan.store.runners import make_runner
    from juesuan.store.versions import checker_version, reader_version

    store = open_store(args.db, must_exist=True)
    runner = make_runner(args.workers, args.dask)
    try:
        summary = reindex(store, runner, force=args.all)
    finally:
        runner.close()
        store.dispose()
    print(f"重新读取 {summary.reread} 份，重新审核 {summary.rechecked} 份，文件不在原处或已改变 {summary.missing} 个，"
          f"出错 {summary.failed} 个，与上年比较 {summary.cross_checked} 份（读取程序 {reader_version()}，"
          f"审核程序 {checker_version()}）(re-read {summary.reread}, re-checked {summary.rechecked}, "
          f"missing {summary.missing}, failed {summary.failed}, compared with last year {summary.cross_checked})",
          file=sys.stderr)
    return 2 if summary.failed else 0
