"""Finding a department in the store by what the user typed: its name, or a unique part of it."""

from __future__ import annotations

from sqlalchemy import Connection, and_, select

from juesuan.store import schema as s
from juesuan.store.errors import NotInStore
from juesuan.store.writer import department_key


def find_department(conn: Connection, name: str) -> str:
    """The department key for ``name``: an exact name, else the one department whose name contains it."""
    key = department_key(name)
    if key is None:
        raise NotInStore(name, "部门名称为空 (empty department name)")
    d = s.documents
    exact = conn.execute(select(d.c.department_key).where(and_(d.c.department_key == key, d.c.status == "ok"))
                         .limit(1)).scalar()
    if exact is not None:
        return str(exact)
    like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    found = [str(k) for k in conn.execute(
        select(d.c.department_key).distinct().where(d.c.department_key.like(f"%{like}%", escape="\\"))
        .order_by(d.c.department_key).limit(11)).scalars()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotInStore(name, "没有这个部门的报告 (no report of this department)")
    shown = "、".join(found[:10]) + ("……" if len(found) > 10 else "")
    raise NotInStore(name, f"有多个部门符合，请写全名 (several departments match): {shown}")
