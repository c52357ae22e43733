"""End to end in headless Chromium (Debian's ``chromium``, driven by Playwright's Python client; no browser is
downloaded), against ``juesuan serve`` started as a person would start it, on a free port.

A reviewer logs in, drops the real putuo-czj-2024.pdf, sees its findings with the cell boxed on the page
image, marks one 误报, and downloads the JSON and the 审核意见 workbook; someone not logged in cannot
upload; a damaged PDF and a 50 MB file get their reasons while another user's page still loads.
Screenshots at desktop and phone widths go to $JUESUAN_SCREENSHOTS (else a temporary folder).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

import juesuan
from juesuan.model_json import report_from_json
from tests.conftest import corpus_file
from tests.minimal_pdf import damaged_pdf
from tests.store.conftest import report_data

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "correct horse battery"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WAIT_MS = 180_000


@dataclass
class Live:
    url: str
    folder: Path
    shots: Path
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _juesuan() -> str:
    return str(Path(sys.executable).with_name("juesuan"))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("live")
    db = str(folder / "juesuan.db")
    for name, role in (("审核员甲", "reviewer"), ("审核员乙", "admin")):
        subprocess.run([_juesuan(), "user", "--db", db, "add", name, "--role", role, "--password-stdin"],
                       input=f"{PASSWORD}\n".encode(), check=True, capture_output=True)
    port = _free_port()
    log = (folder / "serve.log").open("wb")
    process = subprocess.Popen([_juesuan(), "serve", "--db", db, "--port", str(port), "--workers", "1"],
                               stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/me", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError((folder / "serve.log").read_text())
        time.sleep(0.2)
    shots = Path(os.environ.get("JUESUAN_SCREENSHOTS") or folder / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    yield Live(url, folder, shots, process)
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (scripts/setup.sh installs it)"
        if os.environ.get("JUESUAN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        debian = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True, check=True).stdout
        assert b.version in debian, (b.version, debian)  # Debian's build drives the pages, no downloaded one
        yield b
        b.close()


def _login(page: Any, live: Live, name: str) -> None:
    page.goto(f"{live.url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=退出")


def _upload(page: Any, *files: Path) -> None:
    page.set_input_files("#file-input", [str(f) for f in files])


def _drop(page: Any, *files: Path) -> None:
    """Files dragged onto the drop zone, as from a file manager (the browser's own drop event)."""
    page.evaluate("""(files) => {
        const dt = new DataTransfer();
        for (const [name, bytes] of files) dt.items.add(new File([new Uint8Array(bytes)], name));
        const zone = document.querySelector("#drop");
        for (const type of ["dragenter", "dragover", "drop"])
            zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", [[f.name, list(f.read_bytes())] for f in files])


@pytest.fixture(scope="module")
def putuo_report(browser: Any, live: Live) -> dict[str, Any]:
    """The reviewer uploads putuo-czj-2024.pdf through the page; its report page's address and storage state."""
    pdf = corpus_file("putuo-czj-2024.pdf")
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    _login(page, live, "审核员甲")
    page.screenshot(path=str(live.shots / "home-desktop.png"))
    assert not page.is_visible("#jobs-title")
    _upload(page, pdf)
    assert page.is_visible("#jobs-title")  # 我的上传, from the moment files are chosen
    link = page.wait_for_selector("#jobs li.done a.button", timeout=WAIT_MS)
    assert "putuo-czj-2024.pdf" in page.inner_text("#jobs li.done .name")
    assert "完成" in page.inner_text("#jobs li.done .stage")
    page.screenshot(path=str(live.shots / "upload-done-desktop.png"))
    href = link.get_attribute("href")
    state = context.storage_state()
    context.close()
    return {"url": f"{live.url}{href}", "state": state}


def test_reviewer_uploads_sees_boxes_marks_a_false_alarm_and_downloads(browser: Any, live: Live,
                                                                       putuo_report: dict[str, Any]) -> None:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, storage_state=putuo_report["state"])
    page = context.new_page()
    images: list[int] = []
    page.on("response", lambda r: images.append(r.status) if r.url.endswith(".png") and "/pages/" in r.url else None)
    page.goto(putuo_report["url"])
    page.wait_for_load_state("networkidle")
    assert page.inner_text("h1").startswith("上海市普陀区财政局 2024年度部门决算")
    assert int(page.inner_text("#count-error")) >= 1
    findings = page.locator("article.finding")
    assert findings.count() >= 5
    # the first group is the one with errors; X302's cell boxed red on one page, the compared cell orange on another
    assert page.locator("section.group").first.locator("article.finding.error").count() >= 1
    x302 = page.locator("article.finding[data-rule=X302]").first
    x302.scroll_into_view_if_needed()
    assert x302.locator("rect.hit").count() >= 1 and x302.locator("rect.rel").count() >= 1
    assert x302.locator("figure").count() == 2 and x302.locator("rect.hit").first.is_visible()
    assert images and all(status == 200 for status in images)
    page.screenshot(path=str(live.shots / "report-desktop.png"))
    x302.screenshot(path=str(live.shots / "finding-x302-desktop.png"))
    # 误报, with a comment; kept after a reload
    x302.locator("textarea").fill("两张表的取整方式不同，经核对不是错误")
    x302.locator("button.false_alarm").click()
    x302.locator(".saving", has_text="已保存").wait_for()
    assert x302.get_attribute("data-review") == "false_alarm"
    assert "误报" in page.inner_text("#review-status")
    page.reload()
    x302 = page.locator("article.finding[data-rule=X302]").first
    assert x302.get_attribute("data-review") == "false_alarm"
    assert "误报（审核员甲）：两张表的取整方式不同" in x302.locator(".review .status").inner_text()
    # the filter shows the false alarms alone
    page.select_option("form.finding-filters select[name=review]", "false_alarm")
    assert page.locator("article.finding:visible").count() == 1
    page.select_option("form.finding-filters select[name=review]", "")
    # downloads: the JSON and the 审核意见 workbook
    with page.expect_download() as got:
        page.click("#downloads a[href$='/download/report.json']")
    data = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert data["department"] == "上海市普陀区财政局" and len(data["tables"]) == 9
    with page.expect_download() as got:
        page.click("#downloads a[href$='/review.xlsx']")
    assert "审核意见" in got.value.suggested_filename
    ws = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes())).worksheets[0]
    rules = [row[3] for row in ws.iter_rows(min_row=5, values_only=True) if row[0]]
    assert rules and "X302" not in rules
    # the tables beside their pages: a cell and its box
    page.goto(putuo_report["url"] + "/tables")
    cell = page.locator("td[data-cell]").first
    cell.hover()
    assert "on" in (page.locator(f"rect[data-cell='{cell.get_attribute('data-cell')}']").get_attribute("class") or "")
    page.screenshot(path=str(live.shots / "tables-desktop.png"))
    # the same pages on a phone: nothing wider than the screen
    phone = browser.new_context(viewport=PHONE, device_scale_factor=2, storage_state=putuo_report["state"])
    small = phone.new_page()
    for name, address in (("report", putuo_report["url"]), ("home", f"{live.url}/"), ("corpus", f"{live.url}/corpus")):
        small.goto(address)
        small.wait_for_load_state("networkidle")
        assert small.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, name
        small.screenshot(path=str(live.shots / f"{name}-phone.png"))
        if name == "report":
            small.locator("article.finding[data-rule=X302]").first.screenshot(
                path=str(live.shots / "finding-phone.png"))
    phone.close()
    context.close()


def test_nobody_uploads_without_logging_in(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{live.url}/")
    assert page.locator("#drop").count() == 0 and "上传报告需要先登录" in page.inner_text("main")
    r = page.request.post(f"{live.url}/api/uploads", multipart={"files": {
        "name": "a.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n"}})
    assert r.status == 401 and r.json()["detail"] == "请先登录 (login required)"
    page.goto(f"{live.url}/compose")
    assert "编制报告需要先登录" in page.inner_text("main")
    context.close()


def test_hostile_uploads_get_their_reasons_while_another_user_reads(browser: Any, live: Live,
                                                                    putuo_report: dict[str, Any],
                                                                    tmp_path: Path) -> None:
    damaged = tmp_path / "损坏的报告.pdf"
    damaged.write_bytes(damaged_pdf())
    big = tmp_path / "五十兆.pdf"
    with big.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.write(os.urandom(50 << 20))
    uploader = browser.new_context(viewport=DESKTOP)
    page = uploader.new_page()
    _login(page, live, "审核员乙")
    _upload(page, big, damaged)
    # meanwhile, another user's pages load
    reader = browser.new_context(viewport=DESKTOP, storage_state=putuo_report["state"])
    other = reader.new_page()
    timings = []
    for _ in range(3):
        started = time.monotonic()
        response = other.goto(putuo_report["url"])
        assert response is not None and response.status == 200
        assert other.locator("article.finding").count() >= 5
        timings.append(time.monotonic() - started)
    failed = page.locator("#jobs li.failed")
    failed.nth(1).wait_for(timeout=WAIT_MS)
    texts = {li.inner_text() for li in failed.all()}
    assert any("损坏的报告.pdf" in t and "PDF 文件损坏" in t for t in texts), texts
    assert any("五十兆.pdf" in t and "文件过大" in t and "32 MB" in t for t in texts), texts
    page.screenshot(path=str(live.shots / "hostile-desktop.png"))
    assert max(timings) < 10, timings
    assert httpx.get(f"{live.url}/api/me", timeout=5).status_code == 200  # the server is still up
    assert live.process.poll() is None
    reader.close()
    uploader.close()


def _scaled(data: dict[str, Any], factor: int) -> dict[str, Any]:
    """Every amount in the tables times ``factor`` (exact: the sums stay sums), so that years differ."""
    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str) and re.fullmatch(r"-?\d+\.\d+", value):
            return str(Decimal(value) * factor)
        return value

    return {**data, "tables": walk(data["tables"])}


def _total(page: Any) -> int:
    """The findings view's count of what the filters let through ("123 条（…）")."""
    return int(page.inner_text("main p.meta").split(" 条", 1)[0])


def test_a_department_year_on_year_the_findings_view_and_compose(browser: Any, live: Live, tmp_path: Path) -> None:
    department = "上海市普陀区测试局"
    files = []
    for factor, year in enumerate((2022, 2023, 2024), start=1):
        path = tmp_path / f"测试局{year}.json"
        path.write_text(json.dumps(_scaled(report_data(department, year), factor), ensure_ascii=False),
                        encoding="utf-8")
        files.append(path)
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    _login(page, live, "审核员甲")
    _drop(page, files[0])  # dragged and dropped
    _upload(page, *files[1:])  # picked in the file dialog
    for path in files:
        page.locator("#jobs li.done", has_text=path.name).wait_for(timeout=WAIT_MS)
    # the corpus: search by name, then the department's years
    page.goto(f"{live.url}/corpus")
    page.fill("input[name=q]", "测试局")
    page.click("form.filters button[type=submit]")
    assert page.locator("table.list a", has_text=department).count() == 3  # one report a year
    assert "财政局" not in page.inner_text("table.list")
    page.locator("table.list a", has_text="各年").first.click()
    page.wait_for_load_state("networkidle")
    assert page.inner_text("h1") == department
    charts = page.locator("svg.chart")
    assert charts.count() == 4
    titles = charts.first.locator("rect title").all_text_contents()
    income = [t for t in titles if "本年收入合计" in t]
    assert [t.split()[0] for t in income] == ["2022", "2023", "2024"], titles
    amounts = [Decimal(t.rsplit("：", 1)[1].replace(",", "")) for t in income]
    assert amounts[1] == 2 * amounts[0] and amounts[2] == 3 * amounts[0], income
    page.screenshot(path=str(live.shots / "department-desktop.png"), full_page=True)
    # every finding across the reports, filtered by rule, severity and review status
    page.goto(f"{live.url}/findings")
    everything = _total(page)
    assert everything >= 5
    rule = page.locator("#findings tr td:nth-child(4)").first.inner_text()
    page.select_option("select[name=rule]", rule)
    page.click("form.filters button[type=submit]")
    rules = page.locator("#findings tr td:nth-child(4)").all_inner_texts()
    assert rules and set(rules) == {rule} and _total(page) < everything
    page.goto(f"{live.url}/findings")
    for box in ("warning", "info"):
        page.uncheck(f"form.filters input[name=severity][value={box}]")
    page.click("form.filters button[type=submit]")
    levels = page.locator("#findings tr td:nth-child(3)").all_inner_texts()
    assert levels and set(levels) == {"错误"} and _total(page) < everything
    page.select_option("select[name=review]", "open")
    page.click("form.filters button[type=submit]")
    assert all("未审核" in t for t in page.locator("#findings tr td:nth-child(7)").all_inner_texts())
    page.screenshot(path=str(live.shots / "findings-desktop.png"), full_page=True)
    # compose: a filled workbook checked, then the report composed from it
    workbook = tmp_path / "填报工作簿.xlsx"
    juesuan.template(workbook, source=report_from_json(report_data()))
    page.goto(f"{live.url}/compose")
    _upload(page, workbook)
    page.locator("#jobs li.done a.button").wait_for(timeout=WAIT_MS)
    page.click("#jobs li.done a.button")
    page.wait_for_load_state("networkidle")
    assert "数据通过审核" in page.inner_text("main")
    page.screenshot(path=str(live.shots / "compose-desktop.png"), full_page=True)
    with page.expect_download() as got:
        page.click("a[href$='/report.docx']")
    assert Path(got.value.path()).read_bytes()[:2] == b"PK"
    context.close()


def test_many_uploads_at_once(live: Live) -> None:
    """Eight people send at the same moment: four the same bytes (stored and read once), four others; all
    get their result, the server stays up."""
    def client() -> httpx.Client:
        c = httpx.Client(base_url=live.url, timeout=60)
        r = c.post("/api/login", json={"name": "审核员乙", "password": PASSWORD})
        assert r.status_code == 200, r.text
        c.headers["X-CSRF-Token"] = r.json()["csrf"]
        return c

    same = json.dumps(report_data("上海市普陀区同时局", 2024), ensure_ascii=False).encode()
    files = [("同一份.json", same)] * 4 + [
        (f"第{i}份.json", json.dumps(report_data(f"上海市普陀区同时局{i}", 2024), ensure_ascii=False).encode())
        for i in range(4)]
    clients = [client() for _ in files]
    start = threading.Barrier(len(files))

    def send(c: httpx.Client, name: str, data: bytes) -> dict[str, Any]:
        start.wait()
        r = c.post("/api/uploads", files=[("files", (name, data))])
        assert r.status_code == 202, r.text
        job_id = r.json()["jobs"][0]["id"]
        deadline = time.monotonic() + WAIT_MS / 1000
        while (job := c.get(f"/api/jobs/{job_id}").json())["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, job
            time.sleep(0.2)
        return dict(job)

    with ThreadPoolExecutor(len(files)) as pool:
        jobs = list(pool.map(lambda a: send(*a), [(c, n, d) for c, (n, d) in zip(clients, files, strict=True)]))
    for c in clients:
        c.close()
    assert all(job["status"] == "done" for job in jobs), jobs
    assert len({job["document_id"] for job in jobs[:4]}) == 1  # the same bytes: one report
    assert len({job["document_id"] for job in jobs}) == 5
    found = httpx.get(f"{live.url}/api/departments", params={"q": "同时局"}).json()
    assert sorted(len(d["reports"]) for d in found["departments"]) == [1] * 5
    assert live.process.poll() is None


def test_screenshots_are_kept(live: Live) -> None:
    """Where to look (the test run prints it with -s); copies go to $JUESUAN_SCREENSHOTS when set."""
    shots = sorted(p.name for p in live.shots.glob("*.png"))
    print(f"screenshots: {live.shots}: {', '.join(shots)}")
    assert {"report-desktop.png", "report-phone.png", "hostile-desktop.png", "department-desktop.png",
            "findings-desktop.png", "compose-desktop.png"} <= set(shots)
    if os.environ.get("JUESUAN_SCREENSHOTS") is None:
        shutil.rmtree(live.shots, ignore_errors=True)

