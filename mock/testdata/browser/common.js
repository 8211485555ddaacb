// Shared by the pages of mock/chromium_test.go. Each page is served from its own origin
// (another httptest server than the mock's) and reads the mock's base URL from ?mock=.
export const params = new URLSearchParams(location.search);
export const mock = params.get('mock');
export const basic = (user, password) => 'Basic ' + btoa(`${user}:${password}`);

// show appends a line to the page's log, which the test reads.
export function show(text) {
  const li = document.createElement('li');
  li.textContent = text;
  document.getElementById('log').append(li);
}

// finish publishes the page's result for the test and shows it.
export function finish(result) {
  document.getElementById('status').textContent = result.ok ? 'done' : 'failed: ' + result.error;
  window.testResult = result;
}

// run runs the page's scenario and reports a thrown error as its result.
export function run(scenario) {
  scenario().catch((e) => finish({ ok: false, error: String(e && e.stack || e) }));
}

// json fetches and decodes a JSON reply; a status other than 200 is an error.
export async function json(url, init = {}) {
  const r = await fetch(url, init);
  const text = await r.text();
  if (r.status !== 200) throw new Error(`${init.method || 'GET'} ${url}: ${r.status} ${text}`);
  return JSON.parse(text);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
