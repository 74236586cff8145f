// Browser-side helpers: downloads that need no server round trip.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  ev: {
    // SVG export of a plotly chart, named like its modebar PNG download.
    downloadSvg: function (nClicks, buttonId) {
      const holder = document.getElementById(buttonId.graph);
      const gd = holder && (holder.classList.contains("js-plotly-plot") ? holder : holder.querySelector(".js-plotly-plot"));
      if (!nClicks || !gd) { return window.dash_clientside.no_update; }
      const options = (gd._context && gd._context.toImageButtonOptions) || {};
      window.Plotly.downloadImage(gd, { format: "svg", filename: options.filename || buttonId.graph });
      return "Download this chart as SVG";
    },
  },
});
