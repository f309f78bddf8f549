// The explorer's chart, drawn from the page's own event table (one point per row), so the page
// shows the same figures with JavaScript off. Loaded with `defer`, from this origin only.
(function () {
  'use strict';
  var table = document.getElementById('events');
  var box = document.getElementById('chart-box');
  var canvas = document.getElementById('chart');
  if (!table || !box || !canvas || typeof Chart === 'undefined') {
    return;
  }
  var rows = table.querySelectorAll('tbody tr[data-time]');
  var events = [];
  var revenue = [];
  var usd = 0;
  for (var i = 0; i < rows.length; i++) {
    var t = Number(rows[i].getAttribute('data-time')) * 1000;
    var cents = Number(rows[i].getAttribute('data-usd-cents'));
    events.push({ x: t, y: i + 1 });
    if (cents > 0) {
      usd += cents / 100;
      revenue.push({ x: t, y: usd });
    }
  }
  var end = Math.max(Date.now(), events.length ? events[events.length - 1].x : 0);
  box.hidden = false;
  var day = function (ms) {
    return new Date(ms).toISOString().slice(0, 10);
  };
  new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'Events (cumulative)', data: events, yAxisID: 'events', stepped: true,
          borderColor: '#2563eb', backgroundColor: '#2563eb', pointRadius: 3 },
        { label: 'USD revenue (cumulative)', data: revenue, yAxisID: 'usd', stepped: true,
          borderColor: '#16a34a', backgroundColor: '#16a34a', pointRadius: 3 }
      ]
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        // The chain's clock may run ahead of this one (a devnet moved forward): keep every point in.
        x: { type: 'linear', min: end - 90 * 86400000, max: end,
             ticks: { maxTicksLimit: 4, callback: function (v) { return day(v); } } },
        events: { type: 'linear', position: 'left', beginAtZero: true, ticks: { precision: 0 } },
        usd: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } }
      },
      plugins: { tooltip: { callbacks: { title: function (items) {
        return items.length ? new Date(items[0].parsed.x).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '';
      } } } }
    }
  });
})();
