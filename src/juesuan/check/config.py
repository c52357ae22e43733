"""Rule settings for one run or one project: rules switched off, rules made stricter or milder.

A project keeps them in ``juesuan.toml`` (found in the working folder, or named
with ``--config``)::

    [check]
    ignore = ["C204", "C201"]        # rule ids, or a prefix: "C2" is every C2xx rule
    baseline = "juesuan-baseline.json"   # findings already accepted (relative to this file)

    [check.severity]
    N403 = "warning"                 # error | warning | info, or 错误 | 警告 | 提示
    C201 = "error"

and a run adds to them with ``--ignore`` and ``--severity-override``.  A new
level applies to the findings a rule reports at its own level; its other
findings (a 取整差异 reported as 提示, an error lowered to 警告 because the
table was not fully read) keep their level but never rise above the new one.
I001 (a rule that crashed) can be neither switched off nor lowered: a check
that did not run must never look like "no problem".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from juesuan.check.finding import SEVERITY_ORDER, Finding, Severity
from juesuan.check.rules import ALL_RULES, RULES_BY_ID
from juesuan.check.rules.internal import CRASH_ID
from juesuan.config_file import CONFIG_NAME, read_table
from juesuan.errors import ConfigError

SEVERITY_WORDS: dict[str, Severity] = {
    "error": "error", "warning": "warning", "info": "info",
    "错误": "error", "警告": "warning", "提示": "info",
}


@dataclass(frozen=True)
class RuleSettings:
    """Which rules are off and which report at another level; where they were set, for messages."""

    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    baseline: Path | None = None

    def merged(self, run: RuleSettings) -> RuleSettings:
        """These (a project's) settings with a run's on top: the run's levels win, ignores add up."""
        return RuleSettings(
            ignore=self.ignore | run.ignore,
            severity={**self.severity, **run.severity},
            baseline=run.baseline or self.baseline,
        )

    @property
    def empty(self) -> bool:
        return not (self.ignore or self.severity or self.baseline)


def rule_ids(pattern: str, where: str) -> list[str]:
    """The rule ids a setting names: an id (``C203``) or a prefix (``C2``: every C2xx rule)."""
    key = pattern.strip().upper()
    ids = [r.id for r in ALL_RULES if r.id == key] or [r.id for r in ALL_RULES if key and r.id.startswith(key)]
    if not ids:
        raise ConfigError(where, f"没有这条规则 (no such rule): {pattern!r}；`juesuan rules` 列出全部规则")
    return ids


def severity_word(value: object, where: str) -> Severity:
    if isinstance(value, str) and value.strip().lower() in SEVERITY_WORDS:
        return SEVERITY_WORDS[value.strip().lower()]
    raise ConfigError(where, f"严重程度须为 error、warning、info（或 错误、警告、提示）(bad severity): {value!r}")


def settings_from(ignore: Iterable[str], severity: Mapping[str, object], where: str,
                  baseline: Path | None = None) -> RuleSettings:
    """Settings from rule names and level words, checked: every name is a rule, every level a level."""
    off: set[str] = set()
    for pattern in ignore:
        off.update(rule_ids(pattern, where))
    levels: dict[str, Severity] = {}
    for pattern, value in severity.items():
        level = severity_word(value, where)
        for rule_id in rule_ids(pattern, where):
            levels[rule_id] = level
    if CRASH_ID in off:
        raise ConfigError(where, f"{CRASH_ID}（检查规则运行出错）不能关闭：没有运行的检查不能当作没有问题")
    if CRASH_ID in levels and levels[CRASH_ID] != "error":
        raise ConfigError(where, f"{CRASH_ID}（检查规则运行出错）不能降级 (cannot be lowered)")
    return RuleSettings(frozenset(off), levels, baseline)


def run_settings(ignore: Sequence[str], overrides: Sequence[str], baseline: str | None) -> RuleSettings:
    """Settings from the command line: ``--ignore C204,C2`` and ``--severity-override N403=warning``."""
    names = [part for item in ignore for part in item.split(",") if part.strip()]
    levels: dict[str, object] = {}
    for item in overrides:
        for part in (p for p in item.split(",") if p.strip()):
            rule, sep, level = part.partition("=")
            if not sep:
                raise ConfigError("--severity-override",
                                  f"应写成 规则=级别，如 N403=warning (expected RULE=LEVEL): {part!r}")
            levels[rule.strip()] = level
    return settings_from(names, levels, "命令行 (command line)", Path(baseline) if baseline else None)


def find_config(folder: Path | None = None) -> Path | None:
    """``juesuan.toml`` in the working folder, if there is one."""
    path = (folder or Path.cwd()) / CONFIG_NAME
    return path if path.is_file() else None


def load_config(path: str | Path) -> RuleSettings:
    """The ``[check]`` table of a juesuan.toml; a missing file or a mistake in it is a ConfigError."""
    where = str(path)
    section = read_table(path, "check")
    unknown = set(section) - {"ignore", "severity", "baseline"}
    if unknown:
        raise ConfigError(where, f"[check] 中有不认识的设置 (unknown keys): {', '.join(sorted(unknown))}；"
                                 "可用 ignore、severity、baseline")
    ignore = section.get("ignore", [])
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
        raise ConfigError(where, "ignore 应是规则编号的列表，如 [\"C204\"] (a list of rule ids)")
    severity = section.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(where, "[check.severity] 应是 规则 = \"级别\" 的表 (a table of RULE = \"level\")")
    baseline = section.get("baseline")
    if baseline is not None and not isinstance(baseline, str):
        raise ConfigError(where, "baseline 应是文件名 (a file name)")
    base = Path(path).parent / baseline if baseline else None
    return settings_from(cast(list[str], ignore), cast(dict[str, Any], severity), where, base)


def _milder(a: Severity, b: Severity) -> Severity:
    return a if SEVERITY_ORDER[a] >= SEVERITY_ORDER[b] else b


def apply_settings(findings: Iterable[Finding], settings: RuleSettings) -> list[Finding]:
    """Findings with the settings applied: switched-off rules dropped, new levels set; in the checker's order
    (severity first), re-sorted only where a level changed."""
    out: list[Finding] = []
    changed = False
    for f in findings:
        if f.rule in settings.ignore:
            continue
        level = settings.severity.get(f.rule)
        rule = RULES_BY_ID.get(f.rule)
        if level is not None and rule is not None:
            new = level if f.severity == rule.severity else _milder(f.severity, level)
            if new != f.severity:
                f = replace(f, severity=new)
                changed = True
        out.append(f)
    return sorted(out, key=Finding.sort_key) if changed else out
