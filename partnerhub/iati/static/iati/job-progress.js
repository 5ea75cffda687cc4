/* Follows a background import on its dataset page: polls the page's JSON twin and moves the
   progress bar and the status line without reloading; once the job has ended, the page reloads
   once to show the outcome and its problems. Labels come from the page, in its language. */
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var status = box.querySelector("[data-job-status]");
  var url = box.getAttribute("data-json-url");
  var every = parseInt(box.getAttribute("data-interval") || "1000", 10);
  var activitiesLabel = box.getAttribute("data-label-activities") || "";

  function show(job) {
    bar.value = job.percent;
    bar.textContent = job.percent + "%";
    var activities = (job.counts && job.counts.activities) || 0;
    status.textContent = job.state_label + " · " + job.percent + "% · " + activities + " " + activitiesLabel;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var job = data.job;
        if (!job) { return; }
        show(job);
        if (job.active) {
          window.setTimeout(poll, every);
        } else {
          box.setAttribute("data-finished", job.state);
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, every * 2); });
  }

  window.setTimeout(poll, every);
})();
