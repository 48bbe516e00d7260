// kompetanse-opt: the page's only script (shipped with the package; nothing from a CDN).
// 1. A button with data-target posts its form to its formaction and shows the answer there.
// 2. A job panel (#job) polls /api/jobs/ID until the job ends, then shows the new version.
"use strict";

document.addEventListener("submit", async (event) => {
  const button = event.submitter;
  if (!button || !button.dataset.target) return;
  event.preventDefault();
  const target = document.querySelector(button.dataset.target);
  const form = event.target;
  target.setAttribute("aria-busy", "true");
  const response = await fetch(button.formAction || form.action, {
    method: "POST",
    body: new FormData(form),
    headers: { "X-Fragment": "1" },
  });
  target.innerHTML = await response.text();
  target.removeAttribute("aria-busy");
});

function percent(gap) {
  return gap === null || gap === undefined ? "–" : (100 * gap).toFixed(2) + " %";
}

function show(panel, job) {
  const set = (cls, text) => {
    const el = panel.querySelector(cls);
    if (el) el.textContent = text;
  };
  panel.dataset.state = job.state;
  set(".job-state", job.state);
  set(".job-stage", job.stage || "–");
  set(".job-objective", job.objective ?? "–");
  set(".job-bound", job.bound ?? "–");
  set(".job-gap", percent(job.gap));
  set(".job-elapsed", (job.elapsed || 0).toFixed(1));
  set(".job-message", job.message || "");
}

async function poll(panel) {
  const running = ["queued", "running"];
  if (!running.includes(panel.dataset.state)) return;
  const response = await fetch(`/api/jobs/${panel.dataset.job}`);
  if (!response.ok) return;
  const job = await response.json();
  show(panel, job);
  if (running.includes(job.state)) {
    setTimeout(() => poll(panel), 300);
  } else {
    window.location.replace(`/i/${panel.dataset.instance}?job=${job.id}`);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("job");
  if (panel) poll(panel);
});
