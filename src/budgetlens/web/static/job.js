/* Batch progress: poll the job's status and redraw the table until it is complete. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var id = box.getAttribute("data-job");
  var delay = 500;

  function cell(text, cls) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    if (cls) { td.className = cls; }
    return td;
  }

  function draw(job) {
    document.getElementById("bar").style.width = job.percent + "%";
    box.querySelector(".progress").setAttribute("aria-valuenow", String(job.percent));
    document.getElementById("done").textContent = job.done;
    document.getElementById("total").textContent = job.total;
    var body = document.getElementById("items");
    body.textContent = "";
    job.items.forEach(function (it) {
      var tr = document.createElement("tr");
      var name = document.createElement("td");
      if (it.result_id) {
        var a = document.createElement("a");
        a.href = "/results/" + encodeURIComponent(it.result_id);
        a.textContent = it.name;
        name.appendChild(a);
      } else {
        name.textContent = it.name;
      }
      tr.appendChild(name);
      tr.appendChild(cell(it.state_label));
      tr.appendChild(cell(it.findings, "num"));
      tr.appendChild(cell(it.errors, "num"));
      var note = it.error || "";
      if (it.document_id) { note = (note ? note + "；" : "") + "已入库（文档 " + it.document_id + "）"; }
      tr.appendChild(cell(note));
      tr.setAttribute("data-state", it.state);
      body.appendChild(tr);
    });
    if (job.complete) {
      document.getElementById("downloads").hidden = false;
      box.setAttribute("data-complete", "true");
    }
  }

  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(id), { headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (job) {
        draw(job);
        if (!job.complete) { setTimeout(poll, delay); }
      })
      .catch(function () {
        document.getElementById("progress-text").textContent = "无法获取进度，请刷新页面。";
      });
  }
  poll();
})();
