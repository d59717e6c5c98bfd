// frenemy dashboard: a little JavaScript over server-rendered pages. Text from the data is
// only ever set with textContent, never parsed as HTML.
"use strict";

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// -- timeline: click a bar for its period, drag across bars for a range --------------------
function setupTimeline(box) {
  const svg = box.querySelector("svg.timeline");
  if (!svg) return;
  const periods = Array.from(svg.querySelectorAll("a.period"));
  let first = null;
  let last = null;
  const paint = () => periods.forEach((p, i) => {
    const on = first !== null && i >= Math.min(first, last) && i <= Math.max(first, last);
    p.classList.toggle("brushing", on);
  });
  periods.forEach((period, i) => {
    period.addEventListener("mousedown", (event) => {
      event.preventDefault();
      first = last = i;
      paint();
    });
    period.addEventListener("mouseenter", () => {
      if (first !== null) { last = i; paint(); }
    });
    period.addEventListener("click", (event) => event.preventDefault());
  });
  document.addEventListener("mouseup", () => {
    if (first === null) return;
    const a = periods[Math.min(first, last)];
    const b = periods[Math.max(first, last)];
    first = last = null;
    const url = new URL(box.dataset.page, window.location.origin);
    url.searchParams.set("since", a.dataset.since);
    url.searchParams.set("until", b.dataset.until);
    const by = new URLSearchParams(window.location.search).get("by") || box.dataset.by;
    if (by) url.searchParams.set("by", by);
    window.location.assign(url.toString());
  });
}

// -- events: a row opens its sentence, with source, target and trigger marked -------------
async function openEvent(row, panel) {
  document.querySelectorAll("tr.event.active").forEach((r) => r.classList.remove("active"));
  row.classList.add("active");
  panel.hidden = false;
  panel.replaceChildren(el("p", {class: "loading"}, "Loading…"));
  try {
    const response = await fetch("/api/event/" + encodeURIComponent(row.dataset.event));
    const data = await response.json();
    if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
    const e = data.event;
    const parts = [el("h3", {}, [e.date, e.source, e.code + " " + (e.event_name || ""), e.target]
      .filter(Boolean).join(" · "))];
    if (data.segments.length) {
      const sentence = el("p", {class: "sentence highlighted"});
      for (const segment of data.segments) {
        sentence.append(segment.mark ? el("mark", {class: segment.mark}, segment.text)
          : document.createTextNode(segment.text));
      }
      parts.push(sentence);
    } else {
      parts.push(el("p", {class: "empty"}, "No sentence: this event was imported, not coded from text."));
    }
    if (data.document) {
      const title = data.document.title || data.document.doc_id;
      const link = el("a", {class: "open-article",
        href: "/document/" + encodeURIComponent(data.document.doc_id) + "?event="
          + encodeURIComponent(e.event_id) + "#s" + e.sentence_index}, "Open in its article: " + title);
      parts.push(el("p", {}, null));
      parts[parts.length - 1].append(link);
    }
    panel.replaceChildren(...parts);
  } catch (error) {
    panel.replaceChildren(el("p", {class: "error"}, "Could not load the event: " + error.message));
  }
}

function setupEvents() {
  const panel = document.getElementById("event-panel");
  if (!panel) return;
  document.querySelectorAll("tr.event").forEach((row) => {
    row.addEventListener("click", () => openEvent(row, panel));
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openEvent(row, panel); }
    });
  });
}

// -- ingest: the token goes in the Authorization header, never in the form -----------------
function setupIngest() {
  const form = document.getElementById("ingest-form");
  if (!form) return;
  const result = document.getElementById("ingest-result");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = new FormData(form);
    const token = body.get("token");
    body.delete("token");
    result.hidden = false;
    result.replaceChildren(el("p", {class: "loading"}, "Coding…"));
    try {
      const response = await fetch(form.action, {method: "POST", body,
        headers: {Authorization: "Bearer " + token}});
      const data = await response.json();
      if (!response.ok) throw new Error(data.error.message + (data.error.hint ? ". " + data.error.hint : ""));
      const parts = [el("p", {}, `${data.documents_added} documents added (${data.documents_skipped} already stored), ${data.events_added} events.`)];
      const list = el("ul");
      for (const id of data.doc_ids) {
        const item = el("li");
        item.append(el("a", {href: "/document/" + encodeURIComponent(id)}, id));
        list.append(item);
      }
      for (const issue of data.issues) list.append(el("li", {class: "error"}, `${issue.file}${issue.line ? ":" + issue.line : ""}: ${issue.reason}`));
      parts.push(list);
      result.replaceChildren(...parts);
    } catch (error) {
      result.replaceChildren(el("p", {class: "error"}, "Error: " + error.message));
    }
  });
}

// -- dyad forecast: the same answer as /api/forecast/A/B ------------------------------------
async function setupForecast() {
  const box = document.getElementById("forecast");
  if (!box) return;
  const base = "/api/forecast/" + encodeURIComponent(box.dataset.a) + "/" + encodeURIComponent(box.dataset.b);
  for (const span of box.querySelectorAll(".horizon")) {
    const horizon = span.dataset.horizon;
    try {
      const response = await fetch(base + "?horizon=" + horizon);
      const data = await response.json();
      if (!response.ok) throw new Error(data.error.message);
      span.textContent = `within ${horizon}: ${Math.round(100 * data.probability)}%`;
      span.classList.add(data.probability >= 0.5 ? "high" : data.probability >= 0.2 ? "medium" : "low");
      if (horizon === "1m") {
        box.querySelector(".drivers").textContent = "Drivers (1m): " + data.drivers
          .map((d) => `${d.feature} ${d.value} (${d.effect >= 0 ? "+" : ""}${d.effect})`).join("; ");
        box.querySelector(".next-events").textContent = "Likeliest next events: " + data.next_events
          .map((e) => `${e.code} ${e.name} (${Math.round(100 * e.share)}%)`).join(", ");
      }
    } catch (error) {
      span.textContent = `${horizon}: no forecast (${error.message})`;
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setupForecast();
  document.querySelectorAll(".chart-box[data-page]").forEach(setupTimeline);
  setupEvents();
  setupIngest();
  const selected = document.querySelector(".sentence.selected");
  if (selected) selected.scrollIntoView({block: "center"});
});
