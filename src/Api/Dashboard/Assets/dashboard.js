// MemoryAssistant dashboard: reads /analytics/summary and /interactions/recent (the same REST API anyone
// can call) and draws them. Plain DOM and SVG; every drawn number also sits in a data-* attribute.
(() => {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const KINDS = ["text", "image", "audio", "location"];
  const KEY_STORAGE = "memoryassistant.apiKey";
  const $ = (id) => document.getElementById(id);

  function el(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attributes = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function getJson(path) {
    const headers = { Accept: "application/json" };
    const key = $("apiKey").value.trim();
    if (key) headers["X-Api-Key"] = key;
    const response = await fetch(path, { headers });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const reason = body && (body.detail || body.title);
      throw new Error(`${path.split("?")[0]}: ${response.status}${reason ? " " + reason : ""}`);
    }
    return body;
  }

  function renderTotals(summary) {
    const cards = [
      ["memories", "Memories", summary.totals.memories],
      ["interactions", "Interactions", summary.totals.interactions],
      ["duplicatesAbsorbed", "Duplicates absorbed", summary.duplicatesAbsorbed],
      ["mediaReused", "Media reused", summary.mediaReused],
      ["lastIngestAt", "Last ingest", summary.lastIngestAt],
    ];
    const totals = $("totals");
    totals.replaceChildren();
    for (const [name, label, value] of cards) {
      const isTime = name === "lastIngestAt";
      const card = el("div", { class: "card", "data-total": name, "data-value": value ?? "" });
      const shown = isTime ? (value ? value.replace("T", " ").replace(/(:\d\d)(\.\d+)?([+-]\d\d:\d\d|Z)$/, "$1 $3") : "never") : String(value);
      card.append(el("div", { class: isTime ? "value small" : "value" }, shown), el("div", { class: "label" }, label));
      totals.append(card);
    }
  }

  function renderPerDay(summary) {
    const days = summary.memoriesPerDay;
    const kinds = [...KINDS];
    for (const day of days)
      for (const kind of Object.keys(day.byKind)) if (!kinds.includes(kind)) kinds.push(kind);
    const width = 720, height = 220, left = 28, right = 16, bottom = 22, top = 14;
    const plotHeight = height - bottom - top;
    const max = Math.max(1, ...days.map((d) => d.count));
    const step = (width - left - right) / Math.max(1, days.length);
    const barWidth = Math.max(2, step * 0.7);
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Memories per day by kind", "data-chart": "memories-per-day" });
    for (const tick of new Set([0, Math.round(max / 2), max])) {
      const y = top + plotHeight * (1 - tick / max);
      chart.append(svg("line", { class: "grid", x1: left, x2: width - right, y1: y, y2: y }));
      chart.append(svg("text", { x: left - 4, y: y + 3, "text-anchor": "end" }, String(tick)));
    }
    days.forEach((day, index) => {
      const x = left + index * step + (step - barWidth) / 2;
      const group = svg("g", { "data-day": day.date, "data-count": day.count });
      group.append(svg("title", {}, `${day.date}: ${day.count} memor${day.count === 1 ? "y" : "ies"}`));
      let y = top + plotHeight;
      for (const kind of kinds) {
        const count = day.byKind[kind] || 0;
        if (!count) continue;
        const barHeight = (count / max) * plotHeight;
        y -= barHeight;
        const rect = svg("rect", { class: `kind-${KINDS.includes(kind) ? kind : "other"}`, x, y, width: barWidth, height: barHeight, "data-day": day.date, "data-kind": kind, "data-count": count });
        rect.append(svg("title", {}, `${day.date} · ${kind}: ${count}`));
        group.append(rect);
      }
      if (day.count) group.append(svg("text", { class: "value-label", x: x + barWidth / 2, y: y - 3, "text-anchor": "middle" }, String(day.count)));
      const labelEvery = Math.ceil(days.length / 10);
      if (index % labelEvery === 0 || index === days.length - 1)
        group.append(svg("text", { x: x + barWidth / 2, y: height - 6, "text-anchor": "middle" }, day.date.slice(5)));
      chart.append(group);
    });
    $("perDay").replaceChildren(chart);
    $("zone").textContent = `(${days.length} days, ${summary.timeZone})`;
    const legend = $("legend");
    legend.replaceChildren();
    for (const kind of kinds) {
      const swatch = svg("svg", { viewBox: "0 0 10 10" });
      swatch.append(svg("rect", { class: `kind-${KINDS.includes(kind) ? kind : "other"}`, width: 10, height: 10 }));
      const item = el("li", { "data-legend": kind });
      item.append(swatch, document.createTextNode(`${kind} (${summary.memoriesByKind[kind] || 0})`));
      legend.append(item);
    }
  }

  function renderTags(summary) {
    const tags = summary.topTags;
    if (!tags.length) {
      $("tags").replaceChildren(el("p", { class: "empty" }, "No tags yet."));
      return;
    }
    const width = 360, row = 24, labelWidth = 90;
    const max = Math.max(...tags.map((t) => t.count));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${tags.length * row + 4}`, role: "img", "aria-label": "Top tags", "data-chart": "top-tags" });
    tags.forEach((tag, index) => {
      const y = index * row + 4;
      const barWidth = Math.max(2, ((width - labelWidth - 30) * tag.count) / max);
      const group = svg("g", { "data-tag": tag.tag, "data-count": tag.count });
      group.append(
        svg("text", { x: labelWidth - 6, y: y + 13, "text-anchor": "end" }, "#" + tag.tag),
        svg("rect", { class: "tag-bar", x: labelWidth, y, width: barWidth, height: row - 8, rx: 3 }),
        svg("text", { class: "value-label", x: labelWidth + barWidth + 4, y: y + 13 }, String(tag.count)));
      chart.append(group);
    });
    $("tags").replaceChildren(chart);
  }

  function renderRecent(interactions) {
    const rows = $("recent").tBodies[0];
    rows.replaceChildren();
    if (!interactions.length) {
      const row = el("tr");
      row.append(el("td", { colspan: 7, class: "empty" }, "No interactions yet."));
      rows.append(row);
      return;
    }
    for (const item of interactions) {
      const row = el("tr", { class: item.direction, "data-interaction": item.id, "data-kind": item.kind, "data-memories": item.memoryIds.length });
      const memories = el("td", { class: "memories" });
      for (const id of item.memoryIds) memories.append(el("span", { class: "chip", "data-memory": id }, "#" + id));
      const message = item.body + (item.attachments ? ` 📎${item.attachments}` : "");
      row.append(
        el("td", {}, item.receivedAt.replace("T", " ").slice(0, 16)),
        el("td", {}, item.user),
        el("td", {}, item.direction === "outbound" ? `${item.kind} ↩` : item.kind),
        el("td", { class: "message" }, message),
        el("td", { class: "reply" }, item.reply ?? item.error ?? ""),
        el("td", {}, item.status + (item.duplicateDeliveries ? ` (+${item.duplicateDeliveries} dup)` : "")),
        memories);
      rows.append(row);
    }
  }

  async function load() {
    const user = $("user").value.trim();
    const limit = Math.min(200, Math.max(1, parseInt($("limit").value, 10) || 10));
    const userQuery = user ? `&user=${encodeURIComponent(user)}` : "";
    const status = $("status");
    status.dataset.state = "loading";
    status.textContent = "Loading…";
    try {
      const [summary, recent] = await Promise.all([
        getJson(`/analytics/summary?${userQuery.slice(1)}`),
        getJson(`/interactions/recent?limit=${limit}${userQuery}`),
      ]);
      renderTotals(summary);
      renderPerDay(summary);
      renderTags(summary);
      renderRecent(recent);
      status.dataset.state = "ready";
      status.textContent = `${summary.user ?? "Everyone"} · updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      status.dataset.state = "error";
      status.textContent = error.message;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const params = new URLSearchParams(location.search);
    $("user").value = params.get("user") ?? "";
    if (params.get("limit")) $("limit").value = params.get("limit");
    $("apiKey").value = sessionStorage.getItem(KEY_STORAGE) ?? "";
    $("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      const key = $("apiKey").value.trim();
      if (key) sessionStorage.setItem(KEY_STORAGE, key); else sessionStorage.removeItem(KEY_STORAGE);
      const next = new URLSearchParams();
      if ($("user").value.trim()) next.set("user", $("user").value.trim());
      next.set("limit", $("limit").value);
      history.replaceState(null, "", `${location.pathname}?${next}`);
      load();
    });
    load();
  });
})();
