// Maps here are drawn only from the app's own GeoJSON (geo.visible = false, no base map).
// plotly.js still downloads its world base map from cdn.plot.ly whenever a trace has a
// locationmode (a GeoJSON choropleth has "geojson-id"), and logs an error offline. An
// empty base map under the names it looks for means nothing is fetched from the internet.
(function () {
  var empty = function () {
    var none = { type: "GeometryCollection", geometries: [] };
    return {
      type: "Topology",
      arcs: [],
      bbox: [-180, -90, 180, 90],
      objects: {
        coastlines: none, land: none, ocean: none, lakes: none, rivers: none,
        countries: none, subunits: none,
      },
    };
  };
  window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
  window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
  ["world_110m", "world_50m"].forEach(function (name) {
    if (!window.PlotlyGeoAssets.topojson[name]) {
      window.PlotlyGeoAssets.topojson[name] = empty();
    }
  });
})();
