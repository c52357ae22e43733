/* juesuan serve: the little script the pages use (plain JavaScript; every page works without it, less
   conveniently). Uploads with progress, the upload queue's stages, verdicts on findings, filters, and
   boxes on page images. */
(function () {
  "use strict";
  var csrfMeta = document.querySelector('meta[name="csrf"]');
  var CSRF = csrfMeta ? csrfMeta.content : "";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* ---- uploads: each file its own request, two at a time, with progress; then the job's stages ---- */
  function setupUpload(zone) {
    var input = zone.querySelector("input[type=file]");
    var list = document.getElementById(zone.dataset.list || "jobs");
    var endpoint = zone.dataset.endpoint || "/api/uploads";
    var queue = [], active = 0, polling = {};

    function send() {
      while (active < 2 && queue.length) {
        var item = queue.shift();
        active++;
        upload(item);
      }
    }

    function upload(item) {
      var form = new FormData();
      form.append("files", item.file, item.file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", endpoint);
      xhr.setRequestHeader("X-CSRF-Token", CSRF);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (ev) {
        if (ev.lengthComputable) item.bar.value = ev.loaded / ev.total;
      };
      xhr.onload = function () {
        active--;
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
        if (xhr.status === 202 && body.jobs && body.jobs.length) {
          var job = body.jobs[0];
          item.li.dataset.job = job.id;
          show(item.li, job);
          if (job.status === "queued" || job.status === "running") polling[job.id] = item.li;
        } else {
          var reason = (body.refused && body.refused.length && body.refused[0].error) || body.detail ||
            ("上传失败（" + xhr.status + "）");
          fail(item.li, reason);
        }
        send();
      };
      xhr.onerror = function () {
        active--;
        fail(item.li, "上传中断：网络连接出错，请重试 (network error)");
        send();
      };
      xhr.send(form);
    }

    function fail(li, reason) {
      li.className = "failed";
      li.querySelector(".stage").textContent = "上传被拒绝";
      var bar = li.querySelector("progress");
      if (bar) bar.remove();
      li.querySelector(".error").textContent = reason;
    }

    function add(files) {
      var title = document.getElementById("jobs-title");
      if (title) title.hidden = false;
      Array.prototype.forEach.call(files, function (file) {
        var li = el("li", "queued");
        var name = el("div", "name", file.name);
        var stage = el("div", "stage", "上传中…");
        var bar = el("progress");
        bar.max = 1; bar.value = 0;
        var err = el("div", "error");
        var link = el("div", "link");
        li.append(name, stage, bar, err, link);
        list.prepend(li);
        queue.push({file: file, li: li, bar: bar});
      });
      send();
    }

    zone.addEventListener("dragover", function (ev) { ev.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (ev) {
      ev.preventDefault();
      zone.classList.remove("over");
      if (ev.dataTransfer && ev.dataTransfer.files.length) add(ev.dataTransfer.files);
    });
    input.addEventListener("change", function () {
      if (input.files.length) add(input.files);
      input.value = "";
    });
    var form = zone.closest("form");
    if (form) form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    var button = zone.querySelector(".fallback");
    if (button) button.hidden = true;

    document.querySelectorAll("li[data-job]").forEach(function (li) {
      if (li.dataset.status === "queued" || li.dataset.status === "running") polling[li.dataset.job] = li;
    });
    setInterval(function () {
      var ids = Object.keys(polling);
      if (!ids.length) return;
      fetch("/api/jobs?ids=" + ids.join(","), {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (jobs) {
          jobs.forEach(function (job) {
            var li = polling[job.id];
            if (!li) return;
            show(li, job);
            if (job.status === "done" || job.status === "failed") delete polling[job.id];
          });
        }).catch(function () {});
    }, 1000);
  }

  function show(li, job) {
    li.className = job.status;
    li.dataset.status = job.status;
    var bar = li.querySelector("progress");
    var stage = li.querySelector(".stage");
    var text = job.stage_label;
    if (job.status === "queued" && job.position) text += "（前面还有 " + job.position + " 份）";
    if (job.status === "running") text += "… " + Math.round(job.seconds) + " 秒";
    if (job.status === "done") text += "（" + (job.pages ? job.pages + " 页，" : "") + job.seconds + " 秒）";
    stage.textContent = text;
    if (bar) {
      if (job.status === "done" || job.status === "failed") bar.remove();
      else bar.removeAttribute("value");  /* indeterminate while it is read */
    }
    li.querySelector(".error").textContent = job.status === "failed" ? (job.error || "无法读取") : "";
    var link = li.querySelector(".link");
    link.textContent = "";
    if (job.url && job.status === "done") {
      var a = el("a", "button", job.kind === "workbook" ? "查看审核结果并生成报告 →" : "查看审核结果 →");
      a.href = job.url;
      link.append(a);
    } else if (job.url && job.status === "failed") {
      var b = el("a", "", "查看记录");
      b.href = job.url;
      link.append(b);
    }
  }

  /* ---- the report page: filters, whole-page toggle, verdicts ---- */
  function setupFilters(form) {
    var shown = form.querySelector(".shown");
    function apply() {
      var sev = {};
      form.querySelectorAll("input[name=sev]").forEach(function (i) { sev[i.value] = i.checked; });
      var review = form.querySelector("select[name=review]").value;
      var n = 0, all = 0;
      document.querySelectorAll(".finding").forEach(function (f) {
        var on = sev[f.dataset.severity] && (!review || f.dataset.review === review);
        f.hidden = !on; all++; if (on) n++;
      });
      document.querySelectorAll("section.group").forEach(function (g) {
        g.hidden = !g.querySelector(".finding:not([hidden])");
      });
      if (shown) shown.textContent = "显示 " + n + " / " + all + " 条";
    }
    form.addEventListener("change", apply);
    apply();
    document.addEventListener("juesuan:reviewed", apply);
  }

  function setupToggles() {
    document.querySelectorAll("figure .whole").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = b.parentNode.querySelector("svg"), whole = s.getAttribute("viewBox") === s.dataset.whole;
        s.setAttribute("viewBox", whole ? s.dataset.crop : s.dataset.whole);
        b.textContent = whole ? "整页" : "局部";
      });
    });
  }

  function setupReviews() {
    document.querySelectorAll("form.review-form").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var status = ev.submitter ? ev.submitter.value : "";
        var comment = form.querySelector("textarea").value;
        var box = form.closest(".finding");
        var note = form.querySelector(".saving");
        note.textContent = "保存中…";
        fetch(form.dataset.api, {
          method: "PUT", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRF-Token": CSRF, Accept: "application/json"},
          body: JSON.stringify({status: status || null, comment: comment})
        }).then(function (r) {
          return r.json().then(function (body) { return {ok: r.ok, body: body}; });
        }).then(function (res) {
          if (!res.ok) { note.textContent = res.body.detail || "保存失败"; return; }
          note.textContent = "已保存";
          var review = res.body.review;
          box.dataset.review = review ? review.status : "open";
          form.querySelectorAll("button[name=status]").forEach(function (b) {
            b.classList.toggle("on", !!review && b.value === review.status);
          });
          var st = box.querySelector(".review .status");
          st.textContent = review ? ("结论：" + review.label + "（" + review.user + "）" +
            (review.comment ? "：" + review.comment : "")) : "结论：未审核";
          var hist = box.querySelector(".history ul");
          if (hist) {
            hist.textContent = "";
            res.body.history.forEach(function (h) {
              hist.append(el("li", "", h.at.slice(0, 16).replace("T", " ") + " " + h.user + " " + h.label +
                (h.comment ? "：" + h.comment : "")));
            });
            box.querySelector(".history").hidden = !res.body.history.length;
          }
          var rs = document.getElementById("review-status");
          if (rs) {
            var r = res.body.report_review;
            rs.textContent = "未审核 " + r.open + " · 确认 " + r.confirmed + " · 误报 " + r.false_alarm +
              " · 已整改 " + r.fixed;
            var badge = document.getElementById("review-badge");
            if (badge) { badge.textContent = r.label; badge.className = "badge " + r.status; }
          }
          document.dispatchEvent(new Event("juesuan:reviewed"));
        }).catch(function () { note.textContent = "保存失败：网络连接出错"; });
      });
    });
  }

  /* ---- the tables page: a cell and its box on the page image ---- */
  function setupCells() {
    function mark(id, on) {
      document.querySelectorAll('[data-cell="' + id + '"]').forEach(function (e) { e.classList.toggle("on", on); });
    }
    document.querySelectorAll("td[data-cell]").forEach(function (td) {
      td.addEventListener("mouseenter", function () { mark(td.dataset.cell, true); });
      td.addEventListener("mouseleave", function () { mark(td.dataset.cell, false); });
      td.addEventListener("click", function () {
        var rect = document.querySelector('rect[data-cell="' + td.dataset.cell + '"]');
        if (rect) {
          document.querySelectorAll("rect.cell.on, td.v.on").forEach(function (e) { e.classList.remove("on"); });
          mark(td.dataset.cell, true);
          rect.closest("figure").scrollIntoView({block: "nearest", behavior: "smooth"});
        }
      });
    });
  }

  function setupConfirm() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (!window.confirm(form.dataset.confirm)) ev.preventDefault();
      });
    });
  }

  function setupRefresh() {
    var r = document.querySelector("[data-refresh]");
    if (r) setTimeout(function () { window.location.reload(); }, parseInt(r.dataset.refresh, 10) * 1000);
  }

  document.querySelectorAll(".drop").forEach(setupUpload);
  document.querySelectorAll("form.finding-filters").forEach(setupFilters);
  setupToggles();
  setupReviews();
  setupCells();
  setupConfirm();
  setupRefresh();
})();
