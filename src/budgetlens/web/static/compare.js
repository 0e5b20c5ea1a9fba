/* Compare charts, drawn with the plotly.js shipped inside the plotly Python package. */
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || typeof Plotly === "undefined") { return; }
  var data = JSON.parse(holder.textContent || "{}");
  var config = { responsive: true, displaylogo: false, locale: "zh-CN",
                 modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d"] };
  /* The unit (元) is in each chart's heading: a rotated CJK axis title reads sideways.
     The legend sits above the plot, clear of the x axis title. */
  var layoutBase = { margin: { t: 20, r: 20, b: 60, l: 90 }, hovermode: "closest",
                     font: { family: "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif" },
                     yaxis: { tickformat: ",.0f", separatethousands: true, rangemode: "tozero" },
                     legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom" } };

  function num(v) { return v === null || v === undefined ? null : Number(v); }

  var years = data.years;
  var el = document.getElementById("chart-years");
  if (years && el && years.years && years.years.length) {
    var traces = years.concepts.map(function (c) {
      return { type: "scatter", mode: "lines+markers", name: c, x: years.years.map(String),
               y: years.series[c].map(num), connectgaps: false,
               hovertemplate: "%{x}年 " + c + "：%{y:,.2f} 元<extra></extra>" };
    });
    Plotly.newPlot(el, traces, Object.assign({}, layoutBase, { xaxis: { type: "category", title: { text: "年度" } } }),
                   config);
  }

  var ents = data.entities;
  var el2 = document.getElementById("chart-entities");
  if (ents && el2 && ents.entities && ents.entities.length) {
    var names = ents.entities.map(function (e) { return e.name; });
    var bars = ents.concepts.map(function (c) {
      return { type: "bar", name: c, x: names, y: ents.series[c].map(num),
               hovertemplate: "%{x}<br>" + c + "：%{y:,.2f} 元<extra></extra>" };
    });
    Plotly.newPlot(el2, bars, Object.assign({}, layoutBase, { barmode: "group" }), config);
  }
})();
