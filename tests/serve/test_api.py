"""The web app's JSON API and pages through httpx (FastAPI's TestClient), with the real worker processes:
access, uploads, the report and its downloads, reviews remembered across re-checks, the 审核意见 export,
the findings view, deleting, tokens, the offline docs page, compose."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select

import juesuan
from juesuan.store import schema as s
from juesuan.store.reindex import reindex
from juesuan.store.reviews import current_findings_query
from juesuan.store.runners import InProcessRunner
from tests.conftest import corpus_file
from tests.minimal_pdf import damaged_pdf
from tests.serve.conftest import ADMIN, PASSWORD, REVIEWER, Served, _serve, report_data, sample_json


@pytest.fixture(scope="module")
def putuo(shared: Served) -> int:
    """putuo-czj-2024.pdf uploaded by the reviewer; its document id."""
    shared.login(REVIEWER)
    job = shared.upload_and_wait("普陀区财政局2024.pdf", corpus_file("putuo-czj-2024.pdf").read_bytes())
    assert job["status"] == "done", job
    assert job["pages"] == 25 and job["url"] == f"/reports/{job['document_id']}"
    return int(job["document_id"])


def _finding(report: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in report["findings"] if f["rule"] == rule)


# ---- access


def test_anonymous_reads_but_cannot_upload(served: Served) -> None:
    home = served.client.get("/")
    assert home.status_code == 200 and "上传报告需要先" in home.text and 'id="drop"' not in home.text
    r = served.upload(("a.json", sample_json()))
    assert r.status_code == 401 and r.json()["detail"] == "请先登录 (login required)"
    with served.store.reading() as conn:
        assert conn.execute(select(func.count()).select_from(s.upload_jobs)).scalar_one() == 0
    assert not list((served.settings.files_root() / "files").rglob("*.json"))
    page = served.client.get("/account", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Faccount"


def test_private_server_needs_a_login_to_read(tmp_path: Path) -> None:
    for served in _serve(str(tmp_path / "p.db"), tmp_path / "files", public=False):
        r = served.client.get("/corpus", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        assert served.client.get("/api/reports").status_code == 401
        served.login()
        assert served.client.get("/api/reports").status_code == 200


def test_login_form_with_its_csrf_token_then_logout(served: Served) -> None:
    c = served.client
    assert c.post("/login", data={"name": REVIEWER, "password": PASSWORD, "csrf_token": "x"}).status_code == 403
    page = c.get("/login?next=/corpus")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    bad = c.post("/login", data={"name": REVIEWER, "password": "wrong password", "csrf_token": token[1],
                                 "next": "/corpus"}, follow_redirects=False)
    assert bad.status_code == 401 and "用户名或密码不对" in bad.text
    ok = c.post("/login", data={"name": REVIEWER, "password": PASSWORD, "csrf_token": token[1],
                                "next": "//evil.example/x"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/"  # never another site
    me = c.get("/api/me").json()
    assert me["user"]["name"] == REVIEWER and me["user"]["role"] == "reviewer" and me["csrf"]
    assert c.post("/logout", data={"csrf_token": "wrong"}).status_code == 403
    assert c.post("/logout", data={"csrf_token": me["csrf"]}, follow_redirects=False).status_code == 303
    assert c.get("/api/me").json()["user"] is None


def test_repeated_wrong_passwords_are_throttled(served: Served) -> None:
    codes = [served.client.post("/api/login", json={"name": REVIEWER, "password": f"nope{i}"}).status_code
             for i in range(11)]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    # the right password waits too: a guesser cannot tell
    assert served.client.post("/api/login", json={"name": REVIEWER, "password": PASSWORD}).status_code == 429


def test_changes_through_a_session_need_the_csrf_token(shared: Served, putuo: int) -> None:
    other = TestClient(shared.client.app)
    shared.login(REVIEWER, other)
    fingerprint = _finding(shared.client.get(f"/api/reports/{putuo}").json(), "X302")["fingerprint"]
    url = f"/api/reports/{putuo}/reviews/{fingerprint}"
    headers = {"X-CSRF-Token": "forged"}
    assert other.put(url, json={"status": "confirmed", "comment": ""}, headers=headers).status_code == 403
    del other.headers["X-CSRF-Token"]
    r = other.put(url, json={"status": "confirmed", "comment": ""})
    assert r.status_code == 403 and "CSRF" in r.json()["detail"]


# ---- a real report: findings on their pages, downloads, tables


def test_a_report_with_its_findings_boxed_on_its_pages(shared: Served, putuo: int) -> None:
    report = shared.client.get(f"/api/reports/{putuo}").json()
    assert report["document"]["department"] == "上海市普陀区财政局" and report["document"]["year"] == 2024
    assert report["counts"]["error"] >= 1 and len(report["findings"]) == sum(report["counts"].values())
    assert [t["found"] for t in report["tables"]] == [True] * 9
    assert len(report["page_sizes"]) == 25
    # errors first
    order = {"error": 0, "warning": 1, "info": 2}
    assert [order[f["severity"]] for f in report["findings"]] == sorted(order[f["severity"]]
                                                                       for f in report["findings"])
    # 326.71 in 收入支出决算总表 against 326.72 in 支出决算表: the cell boxed, the compared cell on its own page
    x302 = _finding(report, "X302")
    pages = {fig["page"]: fig for fig in x302["figures"]}
    hit_page = next(p for p, fig in pages.items() if fig["hits"])
    rel_page = next(p for p, fig in pages.items() if fig["related"])
    assert hit_page != rel_page and x302["compared"]
    box = pages[hit_page]["hits"][0]
    width, height = report["page_sizes"][hit_page - 1]
    assert 0 <= box[1] < box[3] <= width and 0 <= box[2] < box[4] <= height
    image = shared.client.get(f"/reports/{putuo}/pages/{hit_page}.png")
    assert image.status_code == 200 and image.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.headers["cache-control"].startswith("public")
    assert shared.client.get(f"/reports/{putuo}/pages/26.png").status_code == 404
    page = shared.client.get(f"/reports/{putuo}")
    assert page.status_code == 200
    assert f'href="/reports/{putuo}/pages/{hit_page}.png"' in page.text and 'class="hit"' in page.text
    assert 'class="rel"' in page.text and "表间勾稽" in page.text


def test_the_tables_as_read_beside_their_pages(shared: Served, putuo: int) -> None:
    tables = shared.client.get(f"/api/reports/{putuo}/tables").json()
    assert [t["key"] for t in tables[:9]] == ["summary", "income", "expenditure", "fiscal_summary",
                                              "general_budget", "basic_expenditure", "three_public", "gov_fund",
                                              "state_capital"]
    summary = tables[0]
    cell = next(c for row in summary["rows"] for c in row if c["text"] == "2,940.05")
    assert cell["box"][0] in summary["pages"]
    page = shared.client.get(f"/reports/{putuo}/tables")
    assert page.status_code == 200 and 'data-cell="summary-0-1"' in page.text and "收入支出决算总表" in page.text


def test_every_download(shared: Served, putuo: int) -> None:
    c = shared.client
    model = c.get(f"/reports/{putuo}/download/report.json")
    assert model.status_code == 200 and "attachment" in model.headers["content-disposition"]
    data = model.json()
    assert data["department"] == "上海市普陀区财政局" and data["source"] == "普陀区财政局2024.pdf"
    check = c.get(f"/reports/{putuo}/download/check.json").json()
    n = len(c.get(f"/api/reports/{putuo}").json()["findings"])
    assert len(check["files"][0]["findings"]) == n
    sarif = c.get(f"/reports/{putuo}/download/check.sarif").json()
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == n
    html = c.get(f"/reports/{putuo}/download/check.html")
    assert html.status_code == 200 and "data:image/png;base64," in html.text
    assert "script-src 'unsafe-inline'" in html.headers["content-security-policy"]
    workbook = c.get(f"/reports/{putuo}/download/workbook.xlsx")
    names = load_workbook(io.BytesIO(workbook.content), read_only=True).sheetnames
    assert any("收入决算表" in n for n in names)
    assert c.get(f"/reports/{putuo}/download/report.docx").content[:2] == b"PK"
    pdf = c.get(f"/reports/{putuo}/download/report.pdf")
    assert pdf.content[:5] == b"%PDF-" and pdf.headers["content-type"] == "application/pdf"
    assert c.get(f"/reports/{putuo}/download/x.exe").status_code == 404


def test_the_same_bytes_are_stored_once(shared: Served, putuo: int) -> None:
    shared.login(ADMIN)
    job = shared.upload_and_wait("另一个名字.pdf", corpus_file("putuo-czj-2024.pdf").read_bytes())
    assert job["status"] == "done" and job["stage"] == "duplicate" and job["document_id"] == putuo
    shared.login(REVIEWER)


# ---- reviews


def test_reviews_with_history_remembered_when_the_report_is_checked_again(shared: Served, putuo: int) -> None:
    c = shared.client
    shared.login(REVIEWER)
    report = c.get(f"/api/reports/{putuo}").json()
    x302, n402 = _finding(report, "X302"), _finding(report, "N402")
    r = c.put(f"/api/reports/{putuo}/reviews/{x302['fingerprint']}",
              json={"status": "false_alarm", "comment": "两表取整方式不同"})
    assert r.status_code == 200 and r.json()["review"]["label"] == "误报"
    c.put(f"/api/reports/{putuo}/reviews/{n402['fingerprint']}", json={"status": "fixed", "comment": ""})
    r = c.put(f"/api/reports/{putuo}/reviews/{n402['fingerprint']}", json={"status": "confirmed",
                                                                           "comment": "占比应为 71.65%"})
    body = r.json()
    assert [h["label"] for h in body["history"]] == ["已整改", "确认"]
    assert all(h["user"] == REVIEWER for h in body["history"])
    assert body["report_review"]["false_alarm"] >= 1 and body["report_review"]["confirmed"] >= 1
    assert c.put(f"/api/reports/{putuo}/reviews/{'0' * 32}", json={"status": "fixed"}).status_code == 404
    assert c.put(f"/api/reports/{putuo}/reviews/{x302['fingerprint']}",
                 json={"status": "maybe"}).status_code == 422
    # read and checked again (a new reader or checker): new readings, checks and finding rows ...
    with shared.store.reading() as conn:
        before = conn.execute(select(func.max(s.findings.c.id))).scalar_one()
    reindex(shared.store, InProcessRunner(), force=True)
    with shared.store.reading() as conn:
        current = conn.execute(current_findings_query([putuo])).all()
    assert current and min(row.id for row in current) > before
    # ... and the verdicts are still there
    again = c.get(f"/api/reports/{putuo}").json()
    assert _finding(again, "X302")["review"]["status"] == "false_alarm"
    assert _finding(again, "X302")["review"]["comment"] == "两表取整方式不同"
    assert _finding(again, "N402")["review"]["status"] == "confirmed"
    page = c.get(f"/reports/{putuo}").text
    assert f'id="f-{x302["fingerprint"]}"' in page and 'data-review="false_alarm"' in page


def test_the_review_workbook_lists_what_to_fix_page_by_page(shared: Served, putuo: int) -> None:
    c = shared.client
    report = c.get(f"/api/reports/{putuo}").json()
    x302 = _finding(report, "X302")
    n402 = _finding(report, "N402")
    c.put(f"/api/reports/{putuo}/reviews/{x302['fingerprint']}", json={"status": "false_alarm", "comment": ""})
    c.put(f"/api/reports/{putuo}/reviews/{n402['fingerprint']}", json={"status": "confirmed", "comment": "请更正"})
    r = c.get("/departments/上海市普陀区财政局/review.xlsx")
    assert r.status_code == 200 and "审核意见" in unquote(r.headers["content-disposition"])
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    rows = [row for row in ws.iter_rows(min_row=5, values_only=True) if row[0]]
    assert "上海市普陀区财政局" in str(ws["A1"].value)
    pages = [row[1] for row in rows if row[1] is not None]
    assert pages == sorted(pages)
    assert not any(row[3] == "X302" for row in rows)  # the false alarm is left out
    confirmed = [row for row in rows if row[3] == "N402"]
    assert confirmed and confirmed[0][8] == "须整改" and confirmed[0][9] == "请更正" and confirmed[0][10] == REVIEWER
    errors_left = [f for f in report["findings"] if f["severity"] == "error" and f["rule"] not in ("X302", "N402")]
    assert sum(row[8] == "待核实" for row in rows) >= len(errors_left)
    assert c.get(f"/reports/{putuo}/review.xlsx").status_code == 200
    bundle = c.get("/review-export.zip", params={"region": "上海市普陀区", "year": 2024})
    assert bundle.status_code == 200 and bundle.content[:2] == b"PK"


def test_findings_across_reports_by_rule_severity_and_review(shared: Served, putuo: int) -> None:
    c = shared.client
    x302 = _finding(c.get(f"/api/reports/{putuo}").json(), "X302")
    c.put(f"/api/reports/{putuo}/reviews/{x302['fingerprint']}", json={"status": "false_alarm", "comment": ""})
    false_alarms = c.get("/api/findings", params={"review": "false_alarm"}).json()
    assert [f["fingerprint"] for f in false_alarms["findings"]] == [x302["fingerprint"]]
    assert false_alarms["findings"][0]["reviewer"] == REVIEWER
    unreviewed = c.get("/api/findings", params={"review": "open", "severity": ["error", "warning"]}).json()
    assert x302["fingerprint"] not in {f["fingerprint"] for f in unreviewed["findings"]}
    assert all(f["severity"] in ("error", "warning") and f["review"] is None for f in unreviewed["findings"])
    by_rule = c.get("/api/findings", params={"rule": "x302"}).json()
    assert by_rule["total"] >= 1 and {f["rule"] for f in by_rule["findings"]} == {"X302"}
    page = c.get("/findings", params={"review": "false_alarm"})
    assert page.status_code == 200 and "误报" in page.text and f"#f-{x302['fingerprint']}" in page.text


def test_the_filter_forms_as_a_browser_sends_them(shared: Served, putuo: int) -> None:
    """全部 is an empty value: any year, any region, any rule; a year that is not one gets its reason."""
    c = shared.client
    form = {"rule": "", "severity": "error", "review": "", "region": "", "year": "", "department": ""}
    page = c.get("/findings", params=form)
    assert page.status_code == 200 and "X302" in page.text
    assert c.get("/findings", params={**form, "year": "2024"}).text.count("X302") == page.text.count("X302")
    assert "没有符合条件的审核结果" in c.get("/findings", params={**form, "year": "2023"}).text
    corpus = c.get("/corpus", params={"q": "财政", "region": "", "year": ""})
    assert corpus.status_code == 200 and "上海市普陀区财政局" in corpus.text
    assert c.get("/review-export.zip", params={"region": "", "year": ""}).status_code == 200
    bad = c.get("/api/findings", params={"year": "二〇二四"})
    assert bad.status_code == 422 and "year" in bad.text


def test_a_corrected_report_is_a_new_version_reviewed_afresh(shared: Served, putuo: int) -> None:
    c = shared.client
    corrected = corpus_file("putuo-czj-2024.pdf").read_bytes() + b"\n% corrected copy\n"
    job = shared.upload_and_wait("普陀区财政局2024-更正.pdf", corrected)
    assert job["status"] == "done" and job["document_id"] != putuo
    new = c.get(f"/api/reports/{job['document_id']}").json()
    assert new["document"]["version"] == 2 and new["document"]["is_latest"]
    assert all(f["review"] is None for f in new["findings"])
    old = c.get(f"/api/reports/{putuo}").json()
    assert not old["document"]["is_latest"] and _finding(old, "X302")["review"] is not None


def test_the_corpus_and_a_department_with_its_charts(shared: Served, putuo: int) -> None:
    c = shared.client
    regions = c.get("/api/regions").json()
    assert any(r["region"] == "上海市普陀区" and r["years"] == [2024] for r in regions)
    found = c.get("/api/departments", params={"q": "财政"}).json()
    assert [d["department"] for d in found["departments"]] == ["上海市普陀区财政局"]
    assert c.get("/api/departments", params={"q": "不存在的部门"}).json()["departments"] == []
    dept = c.get("/api/departments/上海市普陀区财政局").json()
    year = dept["years"][0]
    assert year["year"] == 2024 and year["figures"]["expenditure"] == "2940.05"
    assert "execution_rate" in year["figures"]
    page = c.get("/departments/上海市普陀区财政局")
    assert page.status_code == 200 and page.text.count('<svg class="chart"') == 4 and "2024" in page.text
    corpus = c.get("/corpus", params={"region": "上海市普陀区"})
    assert corpus.status_code == 200 and "上海市普陀区财政局" in corpus.text


# ---- uploads that are refused or fail


def test_hostile_and_malformed_uploads_get_their_reason(served: Served) -> None:
    served.login(REVIEWER)
    damaged = served.upload_and_wait("损坏的报告.pdf", damaged_pdf())
    assert damaged["status"] == "failed" and "PDF 文件损坏" in damaged["error"]
    assert damaged["error"].startswith("损坏的报告.pdf") and str(served.settings.files_root()) not in damaged["error"]
    record = served.client.get(damaged["url"])
    assert record.status_code == 200 and "无法读取" in record.text and "PDF 文件损坏" in record.text
    big = served.upload(("大文件.pdf", b"%PDF-1.7\n" + b"0" * (9 << 20)))
    assert big.status_code == 413 and "文件过大" in big.json()["detail"] and "8 MB" in big.json()["detail"]
    wrong = served.upload(("程序.exe", b"MZ\x90\x00"))
    assert wrong.status_code == 400 and "只接受" in wrong.json()["detail"]
    empty = served.upload(("空.pdf", b""))
    assert empty.status_code == 400 and "空" in empty.json()["detail"]
    not_multipart = served.client.post("/api/uploads", content=b"raw", headers={"content-type": "application/pdf"})
    assert not_multipart.status_code == 400 and "multipart" in not_multipart.json()["detail"]
    # one bad file among good ones: the good ones are taken
    mixed = served.upload(("好.json", sample_json()), ("坏.exe", b"MZ"))
    assert mixed.status_code == 202 and len(mixed.json()["jobs"]) == 1 and len(mixed.json()["refused"]) == 1
    assert served.wait(mixed.json()["jobs"][0]["id"])["status"] == "done"
    # nothing half-written is left behind
    assert not list((served.settings.files_root() / "incoming").iterdir())
    assert served.client.get("/corpus").status_code == 200


def test_a_report_published_as_a_web_page(served: Served, tmp_path: Path) -> None:
    """An HTML page (here the sample report composed as HTML, as a bureau's site serves it: GBK, a link to an
    image elsewhere) is read as the command line reads it (juesuan.read.html): its tables with their columns,
    blank cells in place; nothing it links to is fetched; it has no PDF pages to show; a page that is not a
    report says so."""
    from juesuan.model_json import report_from_json

    original = report_from_json(report_data())
    composed = tmp_path / "composed.html"
    juesuan.compose(original, composed)
    html = composed.read_text(encoding="utf-8").replace('<meta charset="utf-8">', (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        '<img src="http://192.0.2.1/logo.png"><link rel="stylesheet" href="file:///etc/passwd">'))
    served.login(REVIEWER)
    job = served.upload_and_wait("决算公开.htm", html.encode("gbk"))
    assert job["status"] == "done", job
    c = served.client
    report = c.get(f"/api/reports/{job['document_id']}").json()
    assert report["document"]["department"] == original.department and report["document"]["year"] == 2024
    assert report["document"]["format"] == "html"
    read = c.get(f"/reports/{job['document_id']}/download/report.json").json()
    assert sorted(read["tables"]) == sorted(original.tables)
    assert read["tables"]["income"]["total"] == report_data()["tables"]["income"]["total"]  # blank cells kept
    assert [r["values"] for r in read["tables"]["income"]["rows"]] == \
        [r["values"] for r in report_data()["tables"]["income"]["rows"]]
    assert c.get(f"/reports/{job['document_id']}/pages/1.png").status_code == 404
    assert c.get(f"/reports/{job['document_id']}/tables").status_code == 200
    assert c.get(f"/reports/{job['document_id']}").status_code == 200
    # a web page without a report in it
    plain = served.upload_and_wait("通知.html", "<html><body><p>关于开展工作的通知</p></body></html>".encode())
    assert plain["status"] == "failed" and plain["error"].startswith("通知.html"), plain


def test_too_many_pages_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    pdf = corpus_file("putuo-shgzb-2024.pdf").read_bytes()
    for served in _serve(str(tmp_path / "p.db"), tmp_path / "files", max_pages=10):
        served.login()
        job = served.upload_and_wait("社会工作部.pdf", pdf)
        assert job["status"] == "failed" and "页数过多：24 页，上限 10 页" in job["error"]
        assert job["exit_code"] == 16


# ---- deleting, tokens


def test_only_an_admin_deletes(served: Served) -> None:
    served.login(REVIEWER)
    job = served.upload_and_wait("测试局.json", sample_json())
    doc = job["document_id"]
    assert served.client.delete(f"/api/reports/{doc}").status_code == 403
    served.login(ADMIN)
    path = Path(served.client.app.state.ctx.files.path_for(job["content_hash"], ".json"))
    assert path.is_file()
    assert served.client.delete(f"/api/reports/{doc}").json() == {"ok": True}
    assert served.client.get(f"/api/reports/{doc}").status_code == 404
    assert served.client.get(f"/reports/{doc}").status_code == 404 and not path.exists()


def test_api_tokens_work_until_revoked(served: Served) -> None:
    served.login(REVIEWER)
    made = served.client.post("/api/tokens", json={"label": "夜间批量"}).json()
    script = TestClient(served.client.app)
    script.headers["Authorization"] = f"Bearer {made['token']}"
    r = script.post("/api/uploads", files=[("files", ("批量.json", sample_json("上海市普陀区批量局")))])
    assert r.status_code == 202  # no CSRF token needed with an API token
    listed = served.client.get("/api/tokens").json()
    assert listed[0]["label"] == "夜间批量" and not listed[0]["revoked"] and listed[0]["last_used_at"]
    assert served.client.delete(f"/api/tokens/{made['id']}").json() == {"ok": True}
    assert script.post("/api/uploads", files=[("files", ("x.json", sample_json()))]).status_code == 401
    assert script.get("/api/me").status_code == 401


# ---- docs, compose


def test_the_api_docs_work_offline(served: Served) -> None:
    page = served.client.get("/docs")
    assert page.status_code == 200 and "/docs/assets/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"):
        assert served.client.get(f"/docs/assets/{asset}").status_code == 200
    spec = served.client.get("/openapi.json").json()
    for path in ("/api/uploads", "/api/reports/{document_id}", "/api/reports/{document_id}/reviews/{fingerprint}",
                 "/api/findings", "/api/departments/{key}", "/api/compose", "/api/tokens"):
        assert path in spec["paths"], path


def test_compose_from_a_filled_workbook(served: Served, tmp_path: Path) -> None:
    from juesuan.model_json import report_from_json
    from tests.store.conftest import report_data

    served.login(REVIEWER)
    good = tmp_path / "填报.xlsx"
    juesuan.template(good, source=report_from_json(report_data()))
    job = served.upload_and_wait("填报.xlsx", good.read_bytes(), endpoint="/api/compose")
    assert job["status"] == "done" and job["url"] == f"/compose/{job['id']}"
    result = served.client.get(f"/api/compose/{job['id']}").json()["result"]
    assert result["department"] == "上海市普陀区测试局" and result["errors"] == 0
    docx = served.client.get(f"/compose/{job['id']}/report.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    page = served.client.get(f"/compose/{job['id']}")
    assert "数据通过审核" in page.text
    # a workbook whose data fails its checks: composed only when forced
    bad = tmp_path / "有错.xlsx"
    data = report_data()
    data["tables"]["income"]["total"][0] = "111.00"  # a typed 合计 that is not the sum of its rows (110.00)
    juesuan.template(bad, source=report_from_json(data))
    job = served.upload_and_wait("有错.xlsx", bad.read_bytes(), endpoint="/api/compose")
    result = served.client.get(f"/api/compose/{job['id']}").json()["result"]
    assert result["errors"] >= 1
    assert any("!" in (f["location"].get("cell") or "") for f in result["findings"] if f["severity"] == "error")
    refused = served.client.get(f"/compose/{job['id']}/report.pdf")
    assert refused.status_code == 422 and "数据校验发现错误" in refused.text
    forced = served.client.get(f"/compose/{job['id']}/report.pdf", params={"force": 1})
    assert forced.content[:5] == b"%PDF-"
    assert served.upload(("报告.pdf", b"%PDF-1.7"), endpoint="/api/compose").status_code == 400
    template = served.client.get("/compose/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_pages_are_chinese_escaped_and_carry_security_headers(served: Served) -> None:
    served.login(REVIEWER)
    job = served.upload_and_wait("<img src=x onerror=alert(1)>.json", sample_json("上海市普陀区<b>测试</b>局"))
    page = served.client.get(f"/reports/{job['document_id']}")
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;.json" in page.text
    assert "<b>测试</b>" not in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    missing = served.client.get("/reports/99999")
    assert missing.status_code == 404 and "没有这份报告" in missing.text and '<html lang="zh-CN">' in missing.text
    assert served.client.get("/api/reports/99999").json()["detail"].startswith("99999")
    assert json.loads(served.client.get("/api/jobs").text)[0]["file_name"] == "<img src=x onerror=alert(1)>.json"
    # a name is only ever a name: no folder survives
    odd = served.upload(("../../etc/passwd.json", sample_json("上海市普陀区另一局"))).json()["jobs"][0]
    assert odd["file_name"] == "passwd.json"
