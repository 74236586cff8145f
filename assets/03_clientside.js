// Browser-side helpers: downloads drawn in the browser, links to the view, small controls.
// Nothing here talks to any server but this app's own.
(function () {
  const FONT = "Inter, 'Segoe UI', Roboto, Helvetica, Arial, 'Noto Sans CJK SC', " +
    "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif";
  const INK = "#1f2933";
  const MUTED = "#52606d";

  function noUpdate() { return window.dash_clientside.no_update; }

  function trigger() {
    const ctx = window.dash_clientside.callback_context;
    return ctx && ctx.triggered && ctx.triggered[0];
  }

  // The id object of the component whose property fired the callback.
  function triggeredId() {
    const t = trigger();
    if (!t || !t.prop_id) { return null; }
    const raw = t.prop_id.slice(0, t.prop_id.lastIndexOf("."));
    try { return JSON.parse(raw); } catch (e) { return raw; }
  }

  // The DOM id Dash gives a component with a dict id: JSON with its keys sorted.
  function domId(id) {
    const keys = Object.keys(id).sort();
    return "{" + keys.map(function (k) { return JSON.stringify(k) + ":" + JSON.stringify(id[k]); }).join(",") + "}";
  }

  function aioElement(aio, sub, more) {
    const id = Object.assign({ component: "NetworkExplorerAIO", subcomponent: sub, aio_id: aio }, more || {});
    return document.getElementById(domId(id));
  }

  function today() { return new Date().toISOString().slice(0, 10); }

  function saveUrl(url, filename) {
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
  }

  // Legend entries drawn in HTML in a chart's or network's card, or right after it (a
  // page's legend() under its chart): [{color, label}] and notes.
  function htmlLegend(container) {
    const entries = [];
    const notes = [];
    if (!container) { return { entries: entries, notes: notes }; }
    const items = Array.from(container.querySelectorAll(".chart-legend > span, .chart-legend-item"));
    for (let next = container.nextElementSibling; next && next.classList.contains("chart-legend"); next = next.nextElementSibling) {
      items.push.apply(items, Array.from(next.querySelectorAll(":scope > span")));
    }
    items.forEach(function (item) {
      const swatch = item.querySelector(".swatch");
      const text = (item.innerText || item.textContent || "").trim();
      if (!text) { return; }
      if (swatch) {
        entries.push({ color: swatch.style.background || swatch.style.backgroundColor || "#9aa5b1", label: text });
      } else {
        notes.push(text);
      }
    });
    return { entries: entries, notes: notes };
  }

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Split text into lines of at most `width` characters (CJK characters count double).
  function wrap(text, width) {
    const words = String(text).split(/(\s+)/);
    const lines = [];
    let line = "";
    let size = 0;
    const measure = function (s) { return s.replace(/[\u3000-\u9fff\uff00-\uffef]/g, "xx").length; };
    words.forEach(function (word) {
      if (!word) { return; }
      const parts = measure(word) > width ? word.match(new RegExp(".{1," + Math.max(1, Math.floor(width / 2)) + "}", "g")) : [word];
      parts.forEach(function (part) {
        const n = measure(part);
        if (size + n > width && line.trim()) { lines.push(line.trim()); line = ""; size = 0; }
        if (!line && /^\s+$/.test(part)) { return; }
        line += part; size += n;
      });
    });
    if (line.trim()) { lines.push(line.trim()); }
    return lines;
  }

  // ---------------------------------------------------------------- charts (plotly)
  // A copy of the chart with what a report needs around it: title, dataset, filters,
  // legend and source line; drawn off screen by Plotly.toImage.
  function reportFigure(gd, context, card) {
    const data = JSON.parse(JSON.stringify(gd.data));
    const layout = JSON.parse(JSON.stringify(gd.layout || {}));
    const meta = layout.meta || {};
    const full = gd._fullLayout || {};
    const width = Math.max(full.width || 800, 900);
    const height = full.height || 450;
    const margin = Object.assign({ l: 60, r: 20, t: 50, b: 50 }, full.margin || {}, layout.margin || {});
    // the title moves into the header: its room above the plot goes, unless labels or a
    // legend sit there
    const above = (layout.annotations || []).some(function (a) { return a.yref === "paper" && a.y > 1; }) ||
      (layout.legend && layout.legend.y > 1) || (layout.xaxis && layout.xaxis.side === "top");
    if (!above) { margin.t = Math.min(margin.t, 24); }
    // a legend or axis title below the plot pushes the drawn margin past layout.margin.b
    // (plotly's automargin): the footer goes under what is drawn there, not over it
    if (full._size && full._size.b > margin.b) { margin.b = full._size.b; }
    let title = layout.title && (layout.title.text !== undefined ? layout.title.text : layout.title);
    if (!title) {
      const heading = card && card.closest("section, .panel, .page") && card.previousElementSibling;
      title = (heading && /^H[1-4]$/.test(heading.tagName) && heading.innerText) || context.page;
    }
    const chars = Math.floor((width - 40) / 7.5);
    const header = [];
    String(title).split(/<br\s*\/?>/i).forEach(function (part, i) {
      const plain = part.replace(/<[^>]+>/g, "");
      wrap(plain, i === 0 ? Math.floor(chars * 0.8) : chars).forEach(function (line) {
        header.push({ text: i === 0 ? "<b>" + escapeHtml(line) + "</b>" : escapeHtml(line), size: i === 0 ? 17 : 12, color: i === 0 ? INK : MUTED });
      });
    });
    if (meta.filters !== false) {
      wrap(context.dataset, chars).forEach(function (line) {
        header.push({ text: escapeHtml(line), size: 12, color: MUTED });
      });
      context.filters.forEach(function (filter) {
        wrap(filter, chars).forEach(function (line) { header.push({ text: escapeHtml(line), size: 12, color: MUTED }); });
      });
    }
    const footer = [];
    const legend = htmlLegend(card);
    if (legend.entries.length) {
      let row = [];
      let used = 0;
      legend.entries.forEach(function (entry) {
        const n = entry.label.replace(/[\u3000-\u9fff]/g, "xx").length + 4;
        if (used + n > chars && row.length) { footer.push({ text: row.join("    "), size: 12, color: INK }); row = []; used = 0; }
        row.push("<span style='color:" + entry.color + "'>■</span> " + escapeHtml(entry.label));
        used += n;
      });
      if (row.length) { footer.push({ text: row.join("    "), size: 12, color: INK }); }
    }
    legend.notes.forEach(function (note) {
      wrap(note, chars).forEach(function (line) { footer.push({ text: escapeHtml(line), size: 11, color: MUTED }); });
    });
    const source = (meta.source || context.source).replace("{date}", today());
    wrap(source, chars).forEach(function (line) { footer.push({ text: escapeHtml(line), size: 11, color: MUTED }); });
    if (context.synthetic) { footer.push({ text: "<b>" + escapeHtml(context.synthetic) + "</b>", size: 12, color: "#b45309" }); }

    const lineHeight = function (line) { return Math.round(line.size * 1.45); };
    const top = 14 + header.reduce(function (s, l) { return s + lineHeight(l); }, 0) + 10;
    const bottom = footer.reduce(function (s, l) { return s + lineHeight(l); }, 0) + 16;
    const annotations = (layout.annotations || []).slice();
    let y = -(margin.t + top) + 14;
    header.forEach(function (line) {
      annotations.push({ text: line.text, xref: "paper", yref: "paper", x: 0, y: 1, xanchor: "left", yanchor: "top",
        xshift: -margin.l + 16, yshift: -y, showarrow: false, align: "left", font: { size: line.size, color: line.color } });
      y += lineHeight(line);
    });
    y = margin.b + 6;
    footer.forEach(function (line) {
      annotations.push({ text: line.text, xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left", yanchor: "top",
        xshift: -margin.l + 16, yshift: -y, showarrow: false, align: "left", font: { size: line.size, color: line.color } });
      y += lineHeight(line);
    });
    layout.annotations = annotations;
    layout.title = { text: "" };
    layout.margin = Object.assign({}, margin, { t: margin.t + top, b: margin.b + bottom });
    layout.width = width;
    layout.height = height + top + bottom;
    layout.paper_bgcolor = layout.paper_bgcolor || "white";
    return { data: data, layout: layout, size: { width: layout.width, height: layout.height } };
  }

  function chartDownload(clicks, context) {
    const id = triggeredId();
    const t = trigger();
    if (!id || !t || !t.value) { return noUpdate(); }
    const holder = document.getElementById(id.graph);
    const gd = holder && (holder.classList.contains("js-plotly-plot") ? holder : holder.querySelector(".js-plotly-plot"));
    if (!gd || !window.Plotly) { return noUpdate(); }
    const card = holder.closest(".chart-card");
    const options = (gd._context && gd._context.toImageButtonOptions) || {};
    const figure = reportFigure(gd, context || { dataset: "", filters: [], source: "", page: "" }, card);
    const format = id.fmt;
    window.Plotly.toImage({ data: figure.data, layout: figure.layout, config: { staticPlot: true } },
      { format: format, width: figure.size.width, height: figure.size.height, scale: format === "png" ? 2 : 1 })
      .then(function (url) { saveUrl(url, (options.filename || id.graph) + "." + format); });
    return "";
  }

  // --------------------------------------------------------------- networks (cytoscape)
  // The picture of a network for a report: title, dataset, filters, the network drawn
  // large (labels readable at A4 width), its legend and the source line.
  const PICTURE_WIDTH = 2480;  // A4 width at 300 dpi

  function pictureParts(aio, context) {
    const cyEl = aioElement(aio, "cyto");
    const cy = cyEl && cyEl._cyreg && cyEl._cyreg.cy;
    const note = aioElement(aio, "note");
    const legend = htmlLegend(aioElement(aio, "legend") && aioElement(aio, "legend").parentElement);
    // sizes in pixels at 300 dpi: 52 px is 12.5 pt on paper, 32 px 7.7 pt
    const header = [{ text: context.page, size: 52, bold: true, color: INK }];
    const noteText = note ? (note.innerText || "").trim() : "";
    if (noteText) { header.push({ text: noteText, size: 32, color: MUTED }); }
    header.push({ text: context.dataset, size: 32, color: MUTED });
    context.filters.forEach(function (f) { header.push({ text: f, size: 32, color: MUTED }); });
    const footer = [{ text: context.source.replace("{date}", today()), size: 30, color: MUTED }];
    if (context.synthetic) { footer.unshift({ text: context.synthetic, size: 32, bold: true, color: "#b45309" }); }
    return { cy: cy, header: header, legend: legend, footer: footer };
  }

  // Lay text lines out for a width: [{text, size, bold, color, y}] and the height used.
  function layoutLines(lines, width, y0) {
    const out = [];
    let y = y0;
    lines.forEach(function (line) {
      wrap(line.text, Math.floor(width / (line.size * 0.52))).forEach(function (part) {
        y += Math.round(line.size * 1.35);
        out.push({ text: part, size: line.size, bold: line.bold, color: line.color, y: y });
      });
      y += Math.round(line.size * 0.25);
    });
    return { lines: out, height: y - y0 };
  }

  function layoutLegend(legend, width, y0) {
    const size = 32;
    const items = [];
    let x = 0;
    let y = y0 + size * 1.4;
    legend.entries.forEach(function (entry) {
      const w = size * 1.6 + entry.label.replace(/[\u3000-\u9fff]/g, "xx").length * size * 0.52 + size * 1.5;
      if (x > 0 && x + w > width) { x = 0; y += size * 1.5; }
      items.push({ x: x, y: y, color: entry.color, label: entry.label, size: size });
      x += w;
    });
    const notes = layoutLines(legend.notes.map(function (n) { return { text: n, size: 30, color: MUTED }; }), width, y + size * 0.4);
    return { items: items, notes: notes.lines, height: (legend.entries.length ? y - y0 + size * 0.6 : 0) + notes.height };
  }

  function networkPng(parts, filename) {
    const cy = parts.cy;
    const margin = 80;
    const inner = PICTURE_WIDTH - 2 * margin;
    const box = cy.elements().boundingBox({ includeLabels: true });
    const scale = inner / Math.max(box.w, 1);
    // drawn at the scale that fills an A4 page's width at 300 dpi: labels print at about 6 pt
    const uri = cy.png({ full: true, scale: scale, bg: "#ffffff", output: "base64uri", maxWidth: inner });
    const image = new Image();
    image.onload = function () {
      const head = layoutLines(parts.header, inner, margin);
      const top = margin + head.height + 30;
      const netHeight = image.height * (inner / image.width);
      const legend = layoutLegend(parts.legend, inner, top + netHeight + 20);
      const foot = layoutLines(parts.footer, inner, top + netHeight + 20 + legend.height + 20);
      const canvas = document.createElement("canvas");
      canvas.width = PICTURE_WIDTH;
      canvas.height = Math.ceil(top + netHeight + 40 + legend.height + foot.height + margin);
      const g = canvas.getContext("2d");
      g.fillStyle = "#ffffff";
      g.fillRect(0, 0, canvas.width, canvas.height);
      const text = function (line, x) {
        g.font = (line.bold ? "bold " : "") + line.size + "px " + FONT;
        g.fillStyle = line.color || INK;
        g.fillText(line.text, x, line.y);
      };
      head.lines.forEach(function (line) { text(line, margin); });
      g.drawImage(image, margin, top, inner, netHeight);
      g.strokeStyle = "#e4e7eb";
      g.strokeRect(margin - 10, top - 10, inner + 20, netHeight + 20);
      legend.items.forEach(function (item) {
        g.fillStyle = item.color;
        g.fillRect(margin + item.x, item.y - item.size * 0.8, item.size, item.size);
        text({ text: item.label, size: item.size, color: INK, y: item.y }, margin + item.x + item.size * 1.4);
      });
      legend.notes.forEach(function (line) { text(line, margin); });
      foot.lines.forEach(function (line) { text(line, margin); });
      saveUrl(canvas.toDataURL("image/png"), filename + ".png");
    };
    image.src = uri;
  }

  function svgText(line, x) {
    return "<text x='" + x + "' y='" + line.y + "' font-family=\"" + FONT.replace(/"/g, "'") + "\" font-size='" + line.size +
      "'" + (line.bold ? " font-weight='bold'" : "") + " fill='" + (line.color || INK) + "'>" + escapeHtml(line.text) + "</text>";
  }

  function networkSvg(parts, filename) {
    const cy = parts.cy;
    if (typeof cy.svg !== "function") { return; }
    const margin = 80;
    const inner = PICTURE_WIDTH - 2 * margin;
    const box = cy.elements().boundingBox({ includeLabels: true });
    const scale = inner / Math.max(box.w, 1);
    const drawn = cy.svg({ full: true, scale: scale, bg: "#ffffff" });
    const doc = new DOMParser().parseFromString(drawn, "image/svg+xml");
    const net = doc.documentElement;
    const netWidth = parseFloat(net.getAttribute("width")) || inner;
    const netHeight0 = parseFloat(net.getAttribute("height")) || inner * 0.6;
    const netHeight = netHeight0 * inner / netWidth;
    const head = layoutLines(parts.header, inner, margin);
    const top = margin + head.height + 30;
    net.setAttribute("x", margin);
    net.setAttribute("y", top);
    net.setAttribute("width", inner);
    net.setAttribute("height", netHeight);
    if (!net.getAttribute("viewBox")) { net.setAttribute("viewBox", "0 0 " + netWidth + " " + netHeight0); }
    const legend = layoutLegend(parts.legend, inner, top + netHeight + 20);
    const foot = layoutLines(parts.footer, inner, top + netHeight + 20 + legend.height + 20);
    const height = Math.ceil(top + netHeight + 40 + legend.height + foot.height + margin);
    const body = [];
    body.push("<rect width='100%' height='100%' fill='#ffffff'/>");
    head.lines.forEach(function (line) { body.push(svgText(line, margin)); });
    body.push(new XMLSerializer().serializeToString(net));
    legend.items.forEach(function (item) {
      body.push("<rect x='" + (margin + item.x) + "' y='" + (item.y - item.size * 0.8) + "' width='" + item.size + "' height='" + item.size + "' fill='" + item.color + "'/>");
      body.push(svgText({ text: item.label, size: item.size, color: INK, y: item.y }, margin + item.x + item.size * 1.4));
    });
    legend.notes.forEach(function (line) { body.push(svgText(line, margin)); });
    foot.lines.forEach(function (line) { body.push(svgText(line, margin)); });
    const svg = "<?xml version='1.0' encoding='UTF-8'?>\n<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='" +
      PICTURE_WIDTH + "' height='" + height + "' viewBox='0 0 " + PICTURE_WIDTH + " " + height + "'>" + body.join("") + "</svg>";
    saveUrl(URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })), filename + ".svg");
  }

  function networkImage(clicks, filename, context) {
    const id = triggeredId();
    const t = trigger();
    if (!id || !t || !t.value || !context) { return noUpdate(); }
    const parts = pictureParts(id.aio_id, context);
    if (!parts.cy || parts.cy.nodes().length === 0) { return noUpdate(); }
    if (id.fmt === "svg") { networkSvg(parts, filename || "network"); } else { networkPng(parts, filename || "network"); }
    return "";
  }

  // A dense picture pans and zooms as a picture: while the user drags or zooms, cytoscape
  // moves a snapshot of it and draws it afresh when the hand stops (bench/network_fps.py).
  const DENSE_TIES = 300;
  const DENSE_NODES = 150;

  function tuneNetwork(elements, id) {
    const el = document.getElementById(domId(id));
    const cy = el && el._cyreg && el._cyreg.cy;
    if (!cy) { return noUpdate(); }
    const ties = (elements || []).filter(function (e) { return e.data && e.data.source !== undefined; }).length;
    const nodes = (elements || []).length - ties;
    cy.renderer().textureOnViewport = ties > DENSE_TIES || nodes > DENSE_NODES;
    return noUpdate();
  }

  // ------------------------------------------------------------- the view in the URL
  function setParams(search, values) {
    const params = new URLSearchParams(search || "");
    Object.keys(values).forEach(function (key) {
      if (values[key] === null || values[key] === undefined || values[key] === "") { params.delete(key); }
      else { params.set(key, values[key]); }
    });
    const text = params.toString();
    return text ? "?" + text : "";
  }

  // A click in a network explorer (a node, a tie, a row of its tables, the card's close
  // button) selects it in the URL: the card follows, and a copied link restores it.
  function selectInNetwork(nodes, edges, cells, closes, metas, search) {
    const id = triggeredId();
    const t = trigger();
    if (!id || !t || id.aio_id === undefined) { return noUpdate(); }
    const meta = (metas || []).find(function (m) { return m && m.aio === id.aio_id; });
    if (!meta) { return noUpdate(); }
    const sel = meta.prefix + "_sel";
    const tie = meta.prefix + "_tie";
    const prop = t.prop_id.slice(t.prop_id.lastIndexOf(".") + 1);
    const value = t.value;
    let values = null;
    if (id.subcomponent === "close") {
      if (!value) { return noUpdate(); }
      values = {}; values[sel] = null; values[tie] = null;
    } else if (prop === "tapNodeData" && value && value.id !== undefined) {
      values = {}; values[sel] = value.id; values[tie] = null;
    } else if (prop === "tapEdgeData" && value && value.source !== undefined) {
      values = {}; values[sel] = null; values[tie] = value.source + "|" + value.target;
    } else if (prop === "active_cell" && value && value.row_id !== undefined && value.row_id !== null) {
      values = {};
      if (id.table === "ties") { values[sel] = null; values[tie] = value.row_id; }
      else if (id.table === "nodes") { values[sel] = value.row_id; values[tie] = null; }
      else { return noUpdate(); }
    }
    if (!values) { return noUpdate(); }
    if (prop === "active_cell") {  // the card is beside the picture, far above the tables
      const card = aioElement(id.aio_id, "card");
      if (card) { setTimeout(function () { card.scrollIntoView({ behavior: "smooth", block: "center" }); }, 50); }
    }
    const next = setParams(search, values);
    return next === (search || "") ? noUpdate() : next;
  }

  function sortKey(id) {
    return id.type === "table" ? id.name : id.aio_id + "-" + id.table;
  }

  function parseSort(text) {
    const out = {};
    (text || "").split(";").forEach(function (part) {
      const bits = part.split(":");
      if (bits.length >= 3) {
        const direction = bits.pop();
        const column = bits.pop();
        out[bits.join(":")] = column + ":" + direction;
      }
    });
    return out;
  }

  // A table sorted by a click keeps its sort in the URL (param "sort").
  function sortToUrl(plain, explorer, search) {
    const id = triggeredId();
    const t = trigger();
    if (!id || !t) { return noUpdate(); }
    const params = new URLSearchParams(search || "");
    const sorts = parseSort(params.get("sort"));
    const by = t.value || [];
    const key = sortKey(id);
    if (by.length) { sorts[key] = by[0].column_id + ":" + by[0].direction; } else { delete sorts[key]; }
    const text = Object.keys(sorts).sort().map(function (k) { return k + ":" + sorts[k]; }).join(";");
    const next = setParams(search, { sort: text || null });
    return next === (search || "") ? noUpdate() : next;
  }

  // ... and a link with a sort sorts its tables.
  function sortFromUrl(detail, plainSorts, explorerSorts) {
    const ctx = window.dash_clientside.callback_context;
    const sorts = (detail && detail.sort) || {};
    const pick = function (states, current) {
      return states.map(function (state, i) {
        const wanted = sorts[sortKey(state.id)] || [];
        return JSON.stringify(wanted) === JSON.stringify(current[i] || []) ? noUpdate() : wanted;
      });
    };
    return [pick(ctx.states_list[0], plainSorts || []), pick(ctx.states_list[1], explorerSorts || [])];
  }

  function copyLink(nClicks) {
    const button = document.getElementById("copy-link");
    const url = window.location.href;
    const done = (button && button.dataset.done) || "Link copied";
    const fallback = function () {
      const area = document.createElement("textarea");
      area.value = url;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      return ok;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).catch(fallback);
      return done + " ✓";
    }
    return fallback() ? done + " ✓" : ((button && button.dataset.failed) || "") + " " + url;
  }

  function stepNumber(clicks, value) {
    const id = triggeredId();
    const t = trigger();
    if (!id || !t || !t.value) { return noUpdate(); }
    const current = parseFloat(String(value === null || value === undefined ? "" : value).replace(/[,，\s]/g, ""));
    const next = isNaN(current) ? id.low : Math.round(current) + id.by;
    return String(Math.min(Math.max(next, id.low), id.high));  // the box holds text
  }

  function toggleFilters(nClicks, className) {
    const open = (className || "").split(" ").indexOf("open") >= 0;
    const toggle = document.getElementById("filter-toggle");
    if (toggle) { toggle.setAttribute("aria-expanded", String(!open)); }
    return open ? "filter-bar" : "filter-bar open";
  }

  // The year boxes beside the slider apply a typed year on Enter, not only on leaving.
  document.addEventListener("keydown", function (event) {
    const target = event.target;
    if (event.key === "Enter" && target && target.classList && target.classList.contains("dash-range-slider-input")) {
      target.blur();
    }
  }, true);

  // A network picture fits its box again when the window's width changes (a phone turned, a
  // window narrowed): cytoscape keeps the zoom of the width it was drawn at, which cuts the
  // picture at the right. The padding is the explorer's preset layout's.
  let drawnWidth = window.innerWidth;
  let refit = null;
  window.addEventListener("resize", function () {
    if (Math.abs(window.innerWidth - drawnWidth) < 40) { return; }
    drawnWidth = window.innerWidth;
    clearTimeout(refit);
    refit = setTimeout(function () {
      document.querySelectorAll("[id*='NetworkExplorerAIO'][id*='cyto']").forEach(function (el) {
        const cy = el._cyreg && el._cyreg.cy;
        if (cy && cy.nodes().length) { cy.resize(); cy.fit(undefined, 24); }
      });
    }, 250);
  });

  // Data page: refuse an upload over the size limit before it is posted to the server
  // (the server checks again). Returns [ticket for the server callback, upload contents];
  // the ticket carries facts only (the server words the message, in the user's language).
  function guardUpload(contents, filenames, maxBytes) {
    if (!contents) { return [noUpdate(), noUpdate()]; }
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
    return [{ files: names.length, at: Date.now() }, noUpdate()];
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    ev: {
      chartDownload: chartDownload,
      networkImage: networkImage,
      tuneNetwork: tuneNetwork,
      selectInNetwork: selectInNetwork,
      sortToUrl: sortToUrl,
      sortFromUrl: sortFromUrl,
      copyLink: copyLink,
      stepNumber: stepNumber,
      toggleFilters: toggleFilters,
      guardUpload: guardUpload,
    },
  });
})();
