// Draws the reports' charts (trainings/reports/charts.py) with the vendored Chart.js.
// Each <canvas data-chart="ID"> reads its figures from <script type="application/json" id="ID">;
// nothing here is inline, so the page's CSP (script-src 'self') holds.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#212529";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var box = canvas.parentElement;
    var horizontal = data.kind === "bar";
    // Bars get room by the number of rows, so long lists stay readable on a phone.
    var rows = parseInt(box.dataset.rows, 10) || 1;
    box.style.position = "relative";
    box.style.height = (horizontal ? Math.max(140, 28 * rows * data.series.length + 60) : 260) + "px";
    var scale = { beginAtZero: true };
    if (data.percent) { scale.max = 100; scale.ticks = { callback: function (v) { return v + "%"; } }; }
    new Chart(canvas, {
      type: horizontal ? "bar" : "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          return {
            label: s.label, data: s.values, backgroundColor: s.colour, borderColor: s.colour,
            spanGaps: false, tension: 0
          };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduced ? false : { duration: 300 },
        plugins: { legend: { display: data.series.length > 1 } },
        scales: horizontal ? { x: scale } : { y: scale }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
