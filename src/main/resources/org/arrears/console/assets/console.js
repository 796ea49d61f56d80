// Draws each <canvas class="chart" data-labels="a,b" data-values="1,2"> with Chart.js, on load and after htmx swaps.
(function () {
  function draw(root) {
    if (typeof Chart === 'undefined') { return; }
    root.querySelectorAll('canvas.chart').forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      canvas.dataset.drawn = 'yes';
      new Chart(canvas, {
        type: 'bar',
        data: { labels: canvas.dataset.labels.split(','),
                datasets: [{ label: canvas.dataset.title, data: canvas.dataset.values.split(',').map(Number), backgroundColor: '#1f5fa8' }] },
        options: { animation: false, responsive: false, plugins: { legend: { display: true } } }
      });
    });
  }
  document.addEventListener('DOMContentLoaded', function () { draw(document); });
  document.addEventListener('htmx:afterSettle', function (e) { draw(e.target); });
})();
