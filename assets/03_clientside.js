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
    // Network pages: the PNG or SVG button asks cytoscape for a picture of the network,
    // named after the page and filters (the server keeps that name in a small store).
    networkImage: function (clicks, filename) {
      const trigger = window.dash_clientside.callback_context.triggered[0];
      if (!trigger || !trigger.value) { return window.dash_clientside.no_update; }
      const format = JSON.parse(trigger.prop_id.split(".")[0]).fmt;
      const options = format === "png" ? { full: true, bg: "#ffffff", scale: 2 } : { full: true, bg: "#ffffff" };
      return { type: format, action: "download", filename: filename || "network", options: options };
    },
    // Data page: refuse an upload over the size limit before it is posted to the server
    // (the server checks again). Returns [ticket for the server callback, upload contents];
    // the ticket carries facts only (the server words the message, in the user's language).
    guardUpload: function (contents, filenames, maxBytes) {
      const noUpdate = window.dash_clientside.no_update;
      if (!contents) { return [noUpdate, noUpdate]; }
      const urls = Array.isArray(contents) ? contents : [contents];
      const names = Array.isArray(filenames) ? filenames : [filenames];
      let bytes = 0;
      urls.forEach(function (url) {
        const data = (url || "").slice((url || "").indexOf(",") + 1);
        const padding = data.endsWith("==") ? 2 : (data.endsWith("=") ? 1 : 0);
        bytes += Math.max(0, Math.floor(data.length * 3 / 4) - padding);
      });
      if (maxBytes && bytes > maxBytes) {
        return [{ error: "too_large", bytes: bytes, at: Date.now() }, null];
      }
      return [{ files: names.length, at: Date.now() }, noUpdate];
    },
  },
});
