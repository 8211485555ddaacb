// The chatmock console: one page, one view at a time (chosen by the URL's hash), each
// refreshed from the control API when the mock's event stream says something it shows has
// changed. It calls only the control API of the mock that served it (same origin).

const POLL_MS = 1000; // without events, and for the CometD sessions

// h builds an element: h("td", {class: "num"}, "text", child, ...).
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "value") el.value = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// api calls the control API; a failed call throws an Error with the API's message.
async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const resp = await fetch(path, init);
  const text = await resp.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!resp.ok) {
    const msg = data && data.error ? data.error.message : `${resp.status} ${resp.statusText}`;
    throw new Error(`${method} ${path}: ${resp.status}: ${msg}`);
  }
  return data;
}

// notify says what an action did, or why it failed, in the status line under the header
// (in the page's flow: it never covers a control).
let noticeTimer;
function notify(msg, ok = false) {
  const el = document.getElementById("notice");
  el.textContent = msg;
  el.className = ok ? "ok" : "bad";
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { el.textContent = ""; el.className = ""; }, ok ? 4000 : 15000);
}

function field(label, control) {
  return h("label", {}, label, control);
}

function select(name, label, options, value = "") {
  return h("select", { name, "aria-label": label },
    options.map((o) => {
      const [v, text] = Array.isArray(o) ? o : [o, o];
      return h("option", { value: v, selected: v === value }, text);
    }));
}

function time(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function state(s) {
  return h("span", { class: `state ${s}` }, s);
}

function table(head, rows, empty) {
  if (rows.length === 0) return h("p", { class: "empty" }, empty);
  return h("div", { class: "table" }, h("table", {},
    h("thead", {}, h("tr", {}, head.map(([text, cls]) => h("th", { scope: "col", class: cls }, text)))),
    h("tbody", {}, rows)));
}

const VENDORS = [["", "every vendor"], "gws", "superoffice", "acquire"];

// Each view has mount(root, params), which builds what stays (forms), and refresh(), which
// fetches and redraws what changes. A view's refresh runs on entry and then every second.
const views = {
  chats: chatsView,
  chat: chatView,
  agent: agentView,
  faults: faultsView,
  requests: requestsView,
  sessions: sessionsView,
};

// --- 1. Chats ---------------------------------------------------------------------------

function chatsView(root) {
  const filters = h("form", { class: "bar", role: "search", "aria-label": "Filter chats", onsubmit: (e) => e.preventDefault() },
    field("Vendor", select("vendor", "Vendor", VENDORS)),
    field("Tenant", h("input", { name: "tenant", type: "text", "aria-label": "Tenant", placeholder: "any tenant" })),
    field("State", select("state", "State", [["", "any state"], "waiting", "chatting", "idle", "completed"])));
  const list = h("div", { id: "chat-list" });
  root.append(h("h2", {}, "Chats"), filters, list);
  filters.addEventListener("input", () => refresh());
  let seen = "";
  async function refresh() {
    const q = new URLSearchParams();
    for (const k of ["vendor", "tenant", "state"]) {
      const v = filters.elements[k].value.trim();
      if (v) q.set(k, v);
    }
    const data = await api("GET", "/mock/chats" + (q.size ? "?" + q : ""));
    const mark = JSON.stringify(data);
    if (mark === seen) return; // unchanged: keep the rows (and the reader's place)
    seen = mark;
    const rows = data.chats.map((c) => h("tr", { "data-chat": `${c.vendor}/${c.id}` },
      h("td", {}, c.vendor),
      h("td", { class: "mono wide" }, c.tenant),
      h("td", { class: "mono" }, h("a", { href: `#/chat/${c.vendor}/${encodeURIComponent(c.id)}` }, c.id)),
      h("td", {}, state(c.state), " ", h("span", { class: "muted" }, c.vendorState !== c.state ? c.vendorState : "")),
      h("td", {}, [c.visitor.name || c.visitor.nickname || "visitor",
        ...c.participants.filter((p) => p.kind === "agent" && p.present).map((p) => p.name)].join(", ")),
      h("td", { class: "num" }, c.lastIndex),
      h("td", { class: "wide" }, time(c.updatedAt))));
    list.replaceChildren(h("p", { class: "muted" }, `${data.chats.length} chats`),
      table([["Vendor"], ["Tenant", "wide"], ["Chat"], ["State"], ["Participants"], ["Events"], ["Last activity", "wide"]], rows, "No chat matches."));
  }
  return refresh;
}

// --- 2. One chat ------------------------------------------------------------------------

function eventItem(e) {
  const who = e.from.name || e.from.nickname || e.from.id || e.from.kind;
  return h("li", { class: e.visibility === "Agents" ? "agents" : "", "data-index": e.index },
    h("div", { class: "meta" },
      `#${e.index}`, e.messageId !== null ? ` · id ${e.messageId}` : "", ` · ${time(e.time)} · ${e.kind}`,
      e.visibility === "Agents" ? h("span", { class: "badge" }, "agents only") : null),
    h("div", {}, h("strong", {}, `${who} (${e.from.kind})`), e.text !== null ? `: ${e.text}` : "",
      e.userData ? ` ${JSON.stringify(e.userData)}` : ""));
}

function chatView(root, [vendor, rawId]) {
  const id = decodeURIComponent(rawId || "");
  const path = `/mock/chats/${vendor}/${encodeURIComponent(id)}`;
  const head = h("div", {});
  const customer = h("ol", { class: "log", id: "customer-log", "aria-label": "Customer view" });
  const agent = h("ol", { class: "log", id: "agent-log", "aria-label": "Agent view" });

  async function act(role, body) {
    try {
      const r = await api("POST", `${path}/${role}`, body);
      notify(`${role} ${body.action}: ${r.events.length} event(s), chat ${r.state}`, true);
      await refresh();
    } catch (err) {
      notify(err.message);
    }
  }
  const agentText = h("input", { name: "agentText", type: "text", "aria-label": "Agent message", placeholder: "Message as the agent" });
  const agentId = h("input", { name: "agentId", type: "text", "aria-label": "Acting agent (id or login, optional)", placeholder: "chat's agent" });
  const target = h("input", { name: "target", type: "text", "aria-label": "Transfer to agent (id or login)", placeholder: "agent id or login" });
  const agentOnly = h("input", { type: "checkbox", name: "agentsOnly", "aria-label": "Visible to agents only" });
  const who = () => (agentId.value.trim() ? { agent: agentId.value.trim() } : {});
  const agentForm = h("form", { class: "panel", "aria-label": "Act as the agent", onsubmit: (e) => {
    e.preventDefault();
    if (!agentText.value) return notify("Type a message first");
    act("agent", { action: "send", text: agentText.value, ...who(), ...(agentOnly.checked ? { visibility: "Agents" } : {}) });
    agentText.value = "";
  } },
  h("h3", {}, "As the agent"),
  h("div", { class: "bar" }, field("Message", agentText), h("label", { class: "check" }, agentOnly, "agents only"),
    h("button", { type: "submit" }, "Send as agent")),
  h("div", { class: "bar" }, field("Agent", agentId),
    h("button", { type: "button", class: "plain", onclick: () => act("agent", { action: "accept", ...who() }) }, "Accept"),
    h("button", { type: "button", class: "plain", onclick: () => act("agent", { action: "typing-start", ...who() }) }, "Agent typing"),
    h("button", { type: "button", class: "plain", onclick: () => act("agent", { action: "typing-stop", ...who() }) }, "Agent stops typing"),
    h("button", { type: "button", class: "danger", onclick: () => act("agent", { action: "complete", ...who() }) }, "Complete as agent")),
  h("div", { class: "bar" }, field("Transfer to", target),
    h("button", { type: "button", class: "plain", onclick: () => {
      if (!target.value.trim()) return notify("Name the agent to transfer to");
      act("agent", { action: "transfer", target: target.value.trim(), ...who() });
    } }, "Transfer")));

  const visitorText = h("input", { name: "visitorText", type: "text", "aria-label": "Customer message", placeholder: "Message as the customer" });
  const visitorForm = h("form", { class: "panel", "aria-label": "Act as the customer", onsubmit: (e) => {
    e.preventDefault();
    if (!visitorText.value) return notify("Type a message first");
    act("visitor", { action: "send", text: visitorText.value });
    visitorText.value = "";
  } },
  h("h3", {}, "As the customer (visitor)"),
  h("div", { class: "bar" }, field("Message", visitorText), h("button", { type: "submit" }, "Send as customer")),
  h("div", { class: "bar" },
    h("button", { type: "button", class: "plain", onclick: () => act("visitor", { action: "typing-start" }) }, "Customer typing"),
    h("button", { type: "button", class: "plain", onclick: () => act("visitor", { action: "typing-stop" }) }, "Customer stops typing"),
    h("button", { type: "button", class: "danger", onclick: () => act("visitor", { action: "complete" }) }, "Complete as customer")));

  root.append(h("p", {}, h("a", { href: "#/chats" }, "← all chats")), head,
    h("div", { class: "panels" },
      h("section", { class: "panel", "aria-label": "Transcript as the customer sees it" }, h("h3", {}, "Customer view"), customer),
      h("section", { class: "panel", "aria-label": "Transcript as the agent sees it" }, h("h3", {}, "Agent view (agent-only entries marked)"), agent)),
    h("div", { class: "actions" }, agentForm, visitorForm));

  let seen = "";
  async function refresh() {
    const c = await api("GET", path);
    const mark = `${c.lastIndex}/${c.state}/${c.updatedAt}`;
    if (mark === seen) return;
    seen = mark;
    head.replaceChildren(
      h("h2", {}, `${c.vendor} chat `, h("span", { class: "mono" }, c.id), " ", state(c.state)),
      h("p", { class: "muted" }, `tenant ${c.tenant} · vendor state ${c.vendorState} · created ${time(c.createdAt)} · last activity ${time(c.updatedAt)}` +
        (c.subject ? ` · subject ${c.subject}` : "")),
      h("p", {}, "Participants: ", [c.visitor, ...c.participants.filter((p) => p.kind !== "visitor")]
        .map((p) => `${p.name || p.nickname || p.id} (${p.kind}${p.id ? " " + p.id : ""}${p.present === false ? ", left" : ""})`).join(", ")));
    customer.replaceChildren(...c.events.filter((e) => e.visibility !== "Agents").map(eventItem));
    agent.replaceChildren(...c.events.map(eventItem));
    for (const log of [customer, agent]) log.scrollTop = log.scrollHeight; // the newest in sight
  }
  return refresh;
}

// --- 3. Simulated agent -----------------------------------------------------------------

const AGENT_NUMBERS = [
  ["acceptDelayMs", "Accept delay (ms)"], ["typingDelayMs", "Typing shown (ms)"],
  ["replyDelayMs", "Reply delay (ms)"], ["idleCompleteMs", "Complete when idle (ms, 0 = never)"],
];

function agentView(root) {
  const form = h("form", { class: "panel", "aria-label": "Simulated agent settings" },
    h("div", { class: "bar" },
      field("Mode", select("mode", "Mode", [["auto", "auto: accept and answer chats"], ["off", "off: do nothing"]])),
      field("Agent (id or login; empty = each tenant's first)", h("input", { name: "agentId", type: "text", "aria-label": "Agent id or login" })),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "echo", "aria-label": "Echo the visitor's text" }), "echo the visitor")),
    h("div", { class: "bar" }, AGENT_NUMBERS.map(([k, label]) =>
      field(label, h("input", { name: k, type: "number", min: 0, step: 1, "aria-label": label })))),
    field("Greeting (empty = none)", h("input", { name: "greeting", type: "text", "aria-label": "Greeting" })),
    field("Script: one reply per line, used in turn", h("textarea", { name: "script", "aria-label": "Script, one reply per line" })),
    h("div", { class: "bar" }, h("button", { type: "submit" }, "Save settings"),
      h("button", { type: "button", class: "plain", onclick: () => fill() }, "Discard changes")));
  const current = h("pre", { id: "agent-current", "aria-label": "Settings in effect" });
  root.append(h("h2", {}, "Simulated agent"), form, h("h3", {}, "In effect"), current);
  let config;
  async function fill() {
    config = await api("GET", "/mock/agent");
    const el = form.elements;
    el.mode.value = config.mode;
    el.agentId.value = config.agentId || "";
    el.echo.checked = config.echo;
    for (const [k] of AGENT_NUMBERS) el[k].value = config[k];
    el.greeting.value = config.greeting;
    el.script.value = config.script.join("\n");
  }
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const el = form.elements;
    const body = { mode: el.mode.value, echo: el.echo.checked, greeting: el.greeting.value,
      script: el.script.value.split("\n").map((s) => s.trim()).filter(Boolean) };
    if (el.agentId.value.trim()) body.agentId = el.agentId.value.trim();
    for (const [k] of AGENT_NUMBERS) body[k] = Number(el[k].value);
    try {
      await api("PUT", "/mock/agent", body);
      notify("Simulated agent saved", true);
      await fill();
    } catch (err) {
      notify(err.message);
    }
  });
  let filled = false;
  return async function refresh() {
    if (!filled) {
      await fill();
      filled = true;
    }
    current.textContent = JSON.stringify(await api("GET", "/mock/agent"), null, 2);
  };
}

// --- 4. Faults --------------------------------------------------------------------------

function faultsView(root) {
  const op = h("select", { name: "operationId", "aria-label": "Operation" }, h("option", { value: "" }, "any operation"));
  const form = h("form", { class: "panel", "aria-label": "Add a fault" },
    h("div", { class: "bar" },
      field("Operation", op),
      field("Method", select("method", "Method", [["", "any method"], "GET", "POST", "PUT", "PATCH", "DELETE"])),
      field("Path (* = one segment)", h("input", { name: "path", type: "text", "aria-label": "Path", placeholder: "/api/v2/chats/*" }))),
    h("div", { class: "bar" },
      field("Status", h("input", { name: "status", type: "number", min: 200, max: 599, "aria-label": "Status", placeholder: "503" })),
      field("Latency (ms)", h("input", { name: "latencyMs", type: "number", min: 0, "aria-label": "Latency in milliseconds" })),
      field("Probability", h("input", { name: "probability", type: "number", min: 0, max: 1, step: 0.05, "aria-label": "Probability", placeholder: "1" })),
      field("Times (empty = always)", h("input", { name: "times", type: "number", min: 1, "aria-label": "Times" })),
      h("button", { type: "submit" }, "Add fault")));
  const list = h("div", { id: "fault-list" });
  root.append(h("h2", {}, "Faults and latency"), form,
    h("div", { class: "bar" }, h("h3", {}, "Active faults, checked in this order"),
      h("button", { type: "button", class: "danger", onclick: async () => {
        try { await api("DELETE", "/mock/faults"); await refresh(); } catch (err) { notify(err.message); }
      } }, "Remove all faults")),
    list);
  api("GET", "operations.json").then((data) => {
    const groups = {};
    for (const o of data.operations) (groups[o.vendor] ||= []).push(o);
    for (const [vendor, ops] of Object.entries(groups)) {
      op.append(h("optgroup", { label: vendor }, ops.map((o) => h("option", { value: o.operationId }, `${o.operationId} (${o.method} ${o.path})`))));
    }
  }).catch((err) => notify(err.message));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const el = form.elements;
    const body = { match: {} };
    for (const k of ["operationId", "method", "path"]) if (el[k].value.trim()) body.match[k] = el[k].value.trim();
    for (const k of ["status", "latencyMs", "times"]) if (el[k].value !== "") body[k] = Number(el[k].value);
    if (el.probability.value !== "") body.probability = Number(el.probability.value);
    try {
      const f = await api("POST", "/mock/faults", body);
      notify(`Fault ${f.id} added`, true);
      await refresh();
    } catch (err) {
      notify(err.message);
    }
  });
  let seen = "";
  async function refresh() {
    const data = await api("GET", "/mock/faults");
    const mark = JSON.stringify(data);
    if (mark === seen) return;
    seen = mark;
    const rows = data.faults.map((f) => h("tr", { "data-fault": f.id },
      h("td", { class: "mono" }, f.id),
      h("td", {}, Object.keys(f.match).length ? Object.entries(f.match).map(([k, v]) => `${k} ${v}`).join(", ") : "every vendor request"),
      h("td", { class: "num" }, f.status || ""),
      h("td", { class: "num" }, f.latencyMs ? `${f.latencyMs} ms` : ""),
      h("td", { class: "num" }, f.probability),
      h("td", { class: "num" }, f.remaining === null ? "∞" : f.remaining),
      h("td", { class: "num" }, f.hits),
      h("td", {}, h("button", { type: "button", class: "danger", "aria-label": `Remove fault ${f.id}`, onclick: async () => {
        try { await api("DELETE", `/mock/faults/${f.id}`); } catch (err) { notify(err.message); }
        await refresh();
      } }, "Remove"))));
    list.replaceChildren(table([["Id"], ["Match"], ["Status"], ["Latency"], ["Probability"], ["Remaining"], ["Hits"], ["", ""]], rows, "No fault is active."));
  }
  return refresh;
}

// --- 5. Request log ---------------------------------------------------------------------

function requestsView(root) {
  const filters = h("form", { class: "bar", role: "search", "aria-label": "Filter requests", onsubmit: (e) => e.preventDefault() },
    field("Vendor", select("vendor", "Vendor", VENDORS)),
    field("Status", select("status", "Status", [["", "any status"], ["2xx", "2xx success"], ["4xx", "4xx client error"], ["5xx", "5xx server error"]])),
    field("Chat id", h("input", { name: "chatId", type: "text", "aria-label": "Chat id", placeholder: "any chat" })),
    h("button", { type: "button", class: "danger", onclick: async () => {
      try { await api("DELETE", "/mock/requests"); seen = ""; await refresh(); } catch (err) { notify(err.message); }
    } }, "Clear the log"));
  const list = h("div", { id: "request-list" });
  root.append(h("h2", {}, "Request log (vendor APIs)"), filters, list);
  const open = new Set();
  let seen = "";
  filters.addEventListener("input", () => { seen = ""; refresh(); });

  function details(e) {
    const headers = Object.entries(e.requestHeaders).sort().map(([k, v]) => `${k}: ${v}`).join("\n");
    return h("tr", { class: "details" }, h("td", { colspan: 9 },
      e.error ? h("p", { class: "problem" }, e.error) : null,
      h("h3", {}, "Request headers (credentials masked)"), h("pre", {}, headers || "(none)"),
      h("h3", {}, "Request body" + (e.requestBodyTruncated ? " (truncated)" : "")), h("pre", {}, e.requestBody || "(empty)"),
      h("h3", {}, "Response body" + (e.responseBodyTruncated ? " (truncated)" : "")), h("pre", {}, e.responseBody || "(empty)")));
  }
  function draw(entries) {
    const rows = [];
    for (const e of entries.slice().reverse()) {
      const expanded = open.has(e.seq);
      rows.push(h("tr", { "data-seq": e.seq },
        h("td", {}, h("button", { type: "button", class: "plain", "aria-expanded": String(expanded),
          "aria-label": `Details of request ${e.seq}`, onclick: () => {
            if (open.has(e.seq)) open.delete(e.seq); else open.add(e.seq);
            draw(entries);
          } }, expanded ? "−" : "+")),
        h("td", { class: "num" }, e.seq),
        h("td", { class: "wide" }, time(e.time)),
        h("td", {}, e.method),
        h("td", { class: "mono" }, e.path + (e.query ? "?" + e.query : "")),
        h("td", {}, e.operationId || h("span", { class: "muted" }, "none"), e.faultId ? h("span", { class: "badge" }, `fault ${e.faultId}`) : null),
        h("td", { class: `num status-${String(e.status)[0]}` }, e.status),
        h("td", { class: "num wide" }, `${e.durationMs} ms`),
        h("td", { class: "problem" }, e.error || "")));
      if (expanded) rows.push(details(e));
    }
    list.replaceChildren(table([[""], ["#"], ["Time", "wide"], ["Method"], ["Path"], ["Operation"], ["Status"], ["Duration", "wide"], ["Problem"]], rows,
      "No request matches (control API calls are not logged)."));
  }
  async function refresh() {
    const q = new URLSearchParams({ limit: "200" });
    for (const k of ["vendor", "status", "chatId"]) {
      const v = filters.elements[k].value.trim();
      if (v) q.set(k, v);
    }
    const data = await api("GET", "/mock/requests?" + q);
    const last = data.requests.length ? data.requests[data.requests.length - 1].seq : 0;
    const mark = `${q}/${last}/${data.requests.length}`;
    if (mark === seen) return;
    seen = mark;
    draw(data.requests);
  }
  return refresh;
}

// --- 6. CometD sessions -----------------------------------------------------------------

function sessionsView(root) {
  const list = h("div", { id: "session-list" });
  root.append(h("h2", {}, "CometD sessions"), list);
  let seen = "";
  return async function refresh() {
    const data = await api("GET", "/mock/sessions");
    const mark = JSON.stringify(data);
    if (mark === seen) return;
    seen = mark;
    const rows = data.sessions.map((s) => h("tr", { "data-session": s.clientId },
      h("td", {}, s.vendor),
      h("td", {}, s.agent || h("span", { class: "muted" }, "unknown")),
      h("td", { class: "mono wide" }, s.clientId),
      h("td", {}, s.transport || ""),
      h("td", {}, s.subscriptions.join(", ") || h("span", { class: "muted" }, "none")),
      h("td", { class: "num" }, s.queued),
      h("td", {}, s.connected ? "held now" : "not held"),
      h("td", { class: "num" }, s.connects),
      h("td", { class: "wide" }, time(s.lastConnect) || "never"),
      h("td", { class: "wide" }, time(s.handshake))));
    list.replaceChildren(table([["Vendor"], ["Agent"], ["Client id", "wide"], ["Transport"], ["Subscriptions"], ["Queued events"], ["Connect"], ["Connects"],
      ["Last connect", "wide"], ["Handshake", "wide"]], rows,
      "No CometD session: agent desktops handshake on /api/v2/notifications."));
  };
}

// --- The shell --------------------------------------------------------------------------

// Live updates: the mock streams a "change" event per chat change, request logged and
// simulated-agent change on /mock/events (Server-Sent Events); the view shown refreshes when
// one concerns it, and every POLL_MS anyway (CometD sessions have no events). Without the
// stream (too many consoles open, say) the console polls every second.
const FALLBACK_MS = 5000;
const topics = {
  chats: (e) => e.topic === "chat",
  chat: (e, [vendor, id]) => e.topic === "chat" && e.data.vendor === vendor && e.data.id === decodeURIComponent(id || ""),
  agent: (e) => e.topic === "agent",
  faults: (e) => e.topic === "request", // hits and used-up faults come with requests
  requests: (e) => e.topic === "request",
  sessions: () => false,
};

let current = null; // { name, params, refresh, busy, again, timer }
let streaming = false;

async function refresh(view) {
  if (view !== current) return;
  if (view.busy) { view.again = true; return; }
  view.busy = true;
  const live = document.getElementById("live");
  try {
    await view.refresh();
    live.textContent = `live · ${streaming ? "events" : "polling"} · updated ${new Date().toLocaleTimeString()}`;
  } catch (err) {
    live.textContent = `not updated: ${err.message}`;
  }
  view.busy = false;
  if (view.again) { view.again = false; refresh(view); return; }
  clearTimeout(view.timer);
  const every = streaming && view.name !== "sessions" ? FALLBACK_MS : POLL_MS;
  view.timer = setTimeout(() => refresh(view), every);
}

function listen() {
  const source = new EventSource("/mock/events");
  source.addEventListener("hello", () => { streaming = true; if (current) refresh(current); });
  source.addEventListener("resync", () => { if (current) refresh(current); });
  source.addEventListener("change", (msg) => {
    if (!current) return;
    const e = JSON.parse(msg.data);
    if (e.topic === "resync" || topics[current.name](e, current.params)) refresh(current);
  });
  source.addEventListener("error", () => { streaming = false; }); // the browser reconnects by itself
}

function route() {
  const parts = (location.hash.replace(/^#\/?/, "") || "chats").split("/");
  const name = views[parts[0]] ? parts[0] : "chats";
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    if (a.dataset.view === (name === "chat" ? "chats" : name)) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const root = document.getElementById("view");
  root.replaceChildren();
  if (current) clearTimeout(current.timer);
  const params = parts.slice(1);
  current = { name, params, busy: false, again: false, timer: 0 };
  current.refresh = views[name](root, params);
  document.title = `chatmock · ${name}`;
  refresh(current);
}

window.addEventListener("hashchange", route);
listen();
route();
