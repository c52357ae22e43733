"""The fonts of the composed report: government style where the fonts are installed, and always something.

Published 部门决算 follow the 公文 habit: 正文 in 仿宋, headings in 黑体 (the second level in
楷体), tables in 宋体, digits and Latin letters in Times New Roman.  None of those fonts is
free, so each role is a chain of family names: the Windows / macOS names first (a department's
machine has them), then free faces of the same style that Debian packages, then WenQuanYi
Micro Hei (Debian ``fonts-wqy-microhei``, which setup.sh installs), which covers every character
the report prints.  A renderer takes the first family of the chain that it has, character by
character, so a missing font never draws boxes.

Free faces used where the Windows fonts are absent (all Debian packages):

* 宋体 (serif): ``fonts-arphic-uming`` ("AR PL UMing CN", 21 MB), or ``fonts-noto-cjk``
  ("Noto Serif CJK SC", 91 MB) where installed;
* 楷体: ``fonts-arphic-ukai`` ("AR PL UKai CN", 17 MB);
* 黑体: ``fonts-wqy-microhei`` ("WenQuanYi Micro Hei", 5 MB), or Noto Sans CJK SC;
* Times New Roman: ``fonts-liberation2`` ("Liberation Serif", same metrics, 4 MB).

There is no free 仿宋 in Debian (cwTeX 仿宋 covers traditional characters only): 仿宋 falls
back to 宋体, its nearest relative.

The DOCX names the Windows fonts (Word on the officer's machine has them; LibreOffice
substitutes through fontconfig); the PDF embeds what the chain finds here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

LATIN: tuple[str, ...] = ("Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif")
ALWAYS: tuple[str, ...] = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Droid Sans Fallback")
SONG: tuple[str, ...] = ("SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC",
                         "AR PL UMing CN", "AR PL SungtiL GB", *ALWAYS)
FANGSONG: tuple[str, ...] = ("仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "STFangsong", *SONG)
HEI: tuple[str, ...] = ("SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                        *ALWAYS)
KAI: tuple[str, ...] = ("楷体_GB2312", "KaiTi_GB2312", "KaiTi", "楷体", "STKaiti", "AR PL UKai CN", "AR PL KaitiM GB",
                        *SONG)


@dataclass(frozen=True)
class FontRole:
    """One use of type in the report: the family chain (PDF/HTML) and the font named in the DOCX."""

    families: tuple[str, ...]
    docx: str  # w:eastAsia, as Word on a Chinese Windows names the font


BODY = FontRole(FANGSONG, "仿宋")
HEADING = FontRole(HEI, "黑体")
SUBHEADING = FontRole(KAI, "楷体")
TABLE = FontRole(SONG, "宋体")
DOCX_LATIN = "Times New Roman"

# what the CSS calls the Latin face: only ASCII and Latin-1 come from it, so that “”、…— stay in the Chinese face
LATIN_FACE = "juesuan-latin"


def _family_list(families: tuple[str, ...], generic: str) -> str:
    return ", ".join([f'"{LATIN_FACE}"', *(f'"{f}"' for f in families), generic])


def font_css() -> str:
    """The font rules of the composed HTML/PDF (before report.css and any department CSS)."""
    latin = ", ".join(f'local("{f}")' for f in LATIN)
    return "\n".join([
        f'@font-face {{ font-family: "{LATIN_FACE}"; src: {latin}; unicode-range: U+0020-007E, U+00A0-00FF; }}',
        f'@font-face {{ font-family: "{LATIN_FACE}"; src: {latin}; font-weight: bold; '
        "unicode-range: U+0020-007E, U+00A0-00FF; }",
        f"html {{ font-family: {_family_list(BODY.families, 'serif')}; }}",
        f"h1, h2, .cover, nav.toc h1, .grid .title {{ font-family: {_family_list(HEADING.families, 'sans-serif')}; }}",
        f"h3 {{ font-family: {_family_list(SUBHEADING.families, 'serif')}; }}",
        f"table, figcaption, p.note {{ font-family: {_family_list(TABLE.families, 'serif')}; }}",
    ])


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Font families matplotlib finds on this machine."""
    from matplotlib import font_manager

    return frozenset(f.name for f in font_manager.fontManager.ttflist)


def chart_families() -> list[str]:
    """The 黑体 chain as far as it is installed (matplotlib warns about every missing name), then DejaVu Sans."""
    have = installed_families()
    return [f for f in HEADING.families if f in have] + ["DejaVu Sans"]
