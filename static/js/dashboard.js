// The dashboard's charts, drawn with the vendored Chart.js from the JSON the page carries
// (a <script type="application/json"> element, which the CSP allows because it never runs).
// Clicking a bar opens the list that bar counts; the table beside each chart holds the
// same numbers for readers who cannot see the chart. The page gives the text of the
// tooltip's hint in the data-chart-link-hint attribute, translated like all its text.
(function () {
  "use strict";

  var dataElement = document.getElementById("dashboard-charts");
  var hintElement = document.querySelector("[data-chart-link-hint]");
  var linkHint = hintElement ? hintElement.getAttribute("data-chart-link-hint") : "";
  var switcher = document.querySelector("[data-region-switch]");

  if (switcher) {
    var select = switcher.querySelector("select");
    var button = switcher.querySelector("[data-region-submit]");
    if (button) {
      button.classList.add("d-none");
    }
    select.addEventListener("change", function () {
      switcher.submit();
    });
  }

  if (!dataElement || typeof Chart === "undefined") {
    return;
  }

  // Category colours (the four categories), then colours for further series.
  var PALETTE = ["#a4161a", "#d9822b", "#2a6f97", "#3a7d44", "#7b4b94", "#5c6770"];
  var SEX_COLOURS = ["#2a6f97", "#c8553d", "#adb5bd"];
  var LINE_COLOURS = ["#212529", "#6c757d"];
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = "#495057";
  Chart.defaults.maintainAspectRatio = false;
  if (reducedMotion) {
    Chart.defaults.animation = false;
  }

  function withAlpha(hex, alpha) {
    var value = parseInt(hex.slice(1), 16);
    return "rgba(" + ((value >> 16) & 255) + "," + ((value >> 8) & 255) + "," + (value & 255) + "," + alpha + ")";
  }

  function barColours(spec, datasetIndex) {
    if (spec.groups && spec.datasets.length === 1) {
      return spec.groups.map(function (group) {
        return PALETTE[group % PALETTE.length];
      });
    }
    if (spec.datasets.length === 1) {
      return PALETTE[2];
    }
    return PALETTE[(datasetIndex + 2) % PALETTE.length];
  }

  function linkAt(spec, element) {
    var dataset = spec.datasets[element.datasetIndex];
    return dataset && dataset.links ? dataset.links[element.index] || "" : "";
  }

  function datasetsOf(spec) {
    var lineCount = 0;
    return spec.datasets.map(function (dataset, index) {
      if (dataset.line) {
        // A quota: a short horizontal mark across each bar group, not a line between them.
        var colour = LINE_COLOURS[lineCount++ % LINE_COLOURS.length];
        return {
          type: "line",
          label: dataset.label,
          data: dataset.data,
          showLine: false,
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: 3,
          pointStyle: "line",
          pointRadius: 26,
          pointHoverRadius: 28,
          pointBorderWidth: 3,
          stack: "line" + index,
          order: 0
        };
      }
      if (spec.kind === "doughnut") {
        return {
          label: dataset.label,
          data: dataset.data,
          backgroundColor: SEX_COLOURS.slice(0, dataset.data.length),
          borderColor: "#fff",
          borderWidth: 2
        };
      }
      var colours = barColours(spec, index);
      return {
        label: dataset.label,
        data: dataset.data,
        backgroundColor: Array.isArray(colours) ? colours.map(function (c) { return withAlpha(c, 0.85); }) : withAlpha(colours, 0.85),
        hoverBackgroundColor: colours,
        borderRadius: 3,
        maxBarThickness: 46,
        stack: spec.stacked ? "bars" : "bar" + index,
        order: 1
      };
    });
  }

  // Write each bar's number at its end, so that the chart reads without the tooltip.
  var barValues = {
    id: "barValues",
    afterDatasetsDraw: function (chart) {
      var context = chart.ctx;
      var horizontal = chart.options.indexAxis === "y";
      context.save();
      context.font = "600 11px " + Chart.defaults.font.family;
      context.fillStyle = "#343a40";
      chart.data.datasets.forEach(function (dataset, datasetIndex) {
        var meta = chart.getDatasetMeta(datasetIndex);
        if (meta.type !== "bar" || meta.hidden) {
          return;
        }
        meta.data.forEach(function (bar, index) {
          var value = dataset.data[index];
          if (!value) {
            return;
          }
          var props = bar.getProps(["x", "y"], true);
          if (horizontal) {
            context.textAlign = "left";
            context.textBaseline = "middle";
            context.fillText(value, props.x + 4, props.y);
          } else {
            context.textAlign = "center";
            context.textBaseline = "bottom";
            context.fillText(value, props.x, props.y - 3);
          }
        });
      });
      context.restore();
    }
  };

  function configFor(spec) {
    var horizontal = spec.kind === "hbar";
    var config = {
      type: spec.kind === "doughnut" ? "doughnut" : "bar",
      data: { labels: spec.labels, datasets: datasetsOf(spec) },
      plugins: spec.kind === "doughnut" ? [] : [barValues],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion ? false : { duration: 500 },
        plugins: {
          legend: {
            display: spec.kind === "doughnut" || spec.datasets.length > 1,
            position: "bottom",
            labels: { boxWidth: 12, boxHeight: 12, usePointStyle: spec.kind !== "doughnut" && spec.datasets.some(function (d) { return d.line; }) }
          },
          tooltip: {
            callbacks: {
              footer: function (items) {
                return items.some(function (item) { return linkAt(spec, item); }) ? linkHint : "";
              }
            }
          }
        },
        onClick: function (event, elements) {
          if (!elements.length) {
            return;
          }
          var link = linkAt(spec, elements[0]);
          if (link) {
            window.location.assign(link);
          }
        },
        onHover: function (event, elements) {
          var linked = elements.length && linkAt(spec, elements[0]);
          event.native.target.style.cursor = linked ? "pointer" : "default";
        }
      }
    };
    if (spec.kind === "doughnut") {
      config.options.cutout = "55%";
      return config;
    }
    var valueAxis = {
      beginAtZero: true,
      stacked: spec.stacked,
      grace: "12%",  // room for the numbers written at the bars' ends
      ticks: { precision: 0 },
      grid: { color: "#eef0f2" }
    };
    var labelAxis = { stacked: spec.stacked, grid: { display: false } };
    config.options.indexAxis = horizontal ? "y" : "x";
    config.options.scales = horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    return config;
  }

  var specs = JSON.parse(dataElement.textContent);
  specs.forEach(function (spec) {
    var canvas = document.querySelector('canvas[data-chart="' + spec.key + '"]');
    if (!canvas) {
      return;
    }
    if (spec.kind === "hbar") {
      // One row of about 24 pixels per bar, so that long lists stay readable.
      canvas.parentNode.style.height = Math.max(200, spec.labels.length * 24 + 50) + "px";
    }
    new Chart(canvas, configFor(spec));
  });
})();
