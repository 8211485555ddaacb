package mock_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"

	"github.com/chatconform/chatconform/mock"
)

// The console tests open the mock's own console (/mock/ui/, same origin) in headless
// Chromium, drive it as a developer does, and check both what it shows and what the mock
// did. Each writes screenshots under its temporary directory; with CHATCONFORM_SCREENSHOTS
// set to a directory, the ones named for the README are copied there too (make screenshots).

// console opens the console of a mock with the default fixtures at a view (#/chats, ...).
func console(t *testing.T, view string, opts ...mock.Option) (*site, *tab) {
	t.Helper()
	_, open := browserRig(t)
	s := mockSite(t, opts...)
	tb := open(s.url + "/mock/ui/" + view)
	tb.wait(`document.querySelector("#live") && document.querySelector("#live").textContent.startsWith("live")`)
	return s, tb
}

// eval runs JavaScript in the page and returns its result.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.timeout(10*time.Second), chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v\nconsole:\n%s", expr, err, tb.lines())
	}
	return v
}

// click clicks the element, as a mouse does.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.timeout(10*time.Second), chromedp.Click(chromedp.CSS(sel))); err != nil {
		tb.t.Fatalf("click %s: %v\npage: %s", sel, err, tb.text("body"))
	}
}

// typeInto types text into a field, key by key.
func (tb *tab) typeInto(sel, text string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.timeout(10*time.Second), chromedp.SendKeys(chromedp.CSS(sel), text)); err != nil {
		tb.t.Fatalf("type into %s: %v", sel, err)
	}
}

// choose picks an option of a select, as a user does (an input event follows).
func (tb *tab) choose(sel, value string) {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); el.value = %q;
		el.dispatchEvent(new Event("input", {bubbles: true})); el.dispatchEvent(new Event("change", {bubbles: true})); return el.value; })()`, sel, value)
	if got := eval[string](tb, js); got != value {
		tb.t.Fatalf("select %s: value %q; want %q (no such option)", sel, got, value)
	}
}

// viewport sets the window's size.
func (tb *tab) viewport(w, h int64) {
	tb.t.Helper()
	if err := chromedp.Do(tb.timeout(10*time.Second), chromedp.EmulateViewport(w, h)); err != nil {
		tb.t.Fatalf("viewport %dx%d: %v", w, h, err)
	}
}

// screenshot writes what the viewport shows to name.png under the test's temporary
// directory, and to CHATCONFORM_SCREENSHOTS when readme is set and that variable is.
func (tb *tab) screenshot(name string, readme bool) string {
	tb.t.Helper()
	buf, err := chromedp.Run(tb.timeout(15*time.Second), chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(tb.t.TempDir(), name+".png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
	if dir := os.Getenv("CHATCONFORM_SCREENSHOTS"); readme && dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
			tb.t.Fatal(err)
		}
	}
	tb.t.Logf("screenshot %s", path)
	return path
}

// unlabelled lists the page's controls (buttons, fields, selects, check boxes, links) that
// have no accessible name, as the accessibility tree shows them to a screen reader.
func (tb *tab) unlabelled() []string {
	tb.t.Helper()
	tree, err := chromedp.Call(tb.timeout(10*time.Second), accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		tb.t.Fatalf("accessibility tree: %v", err)
	}
	controls := map[string]bool{"button": true, "textbox": true, "combobox": true, "checkbox": true, "spinbutton": true,
		"link": true, "searchbox": true, "listbox": true, "radio": true, "slider": true, "switch": true}
	var out []string
	n := 0
	for _, node := range tree.Nodes {
		if node.Ignored || node.Role == nil {
			continue
		}
		var role string
		_ = json.Unmarshal(node.Role.Value, &role)
		if !controls[role] {
			continue
		}
		n++
		var name string
		if node.Name != nil {
			_ = json.Unmarshal(node.Name.Value, &name)
		}
		if strings.TrimSpace(name) == "" {
			out = append(out, fmt.Sprintf("%s (DOM node %d)", role, node.BackendDOMNodeID))
		}
	}
	if n == 0 {
		tb.t.Fatal("the accessibility tree has no control at all: the check would prove nothing")
	}
	return out
}

// TestConsoleChatList: the list shows every fixture chat, filters by vendor, and shows a
// chat started over REST without a reload.
func TestConsoleChatList(t *testing.T) {
	s, tb := console(t, "#/chats", mock.WithSimulatedAgent("off"))
	chats := objects(s.do("GET", "/mock/chats", "").ok(t, 200).body["chats"])
	tb.wait(fmt.Sprintf(`document.querySelectorAll("#chat-list tbody tr").length === %d`, len(chats)))
	for _, c := range chats {
		row := tb.text(fmt.Sprintf(`#chat-list tr[data-chat="%s/%s"]`, c["vendor"], c["id"]))
		if !strings.Contains(row, c["id"].(string)) || !strings.Contains(row, c["state"].(string)) {
			t.Errorf("row of %s/%s = %q; want its id and state %s", c["vendor"], c["id"], row, c["state"])
		}
	}
	tb.screenshot("console-chats", false)

	tb.choose(`select[name="vendor"]`, "acquire")
	tb.wait(`[...document.querySelectorAll("#chat-list tbody tr")].every((r) => r.dataset.chat.startsWith("acquire/"))`)
	tb.choose(`select[name="vendor"]`, "")

	id := s.requestChat()
	tb.wait(fmt.Sprintf(`document.querySelector('#chat-list tr[data-chat="gws/%s"]') !== null`, id))
	if row := tb.text(fmt.Sprintf(`#chat-list tr[data-chat="gws/%s"]`, id)); !strings.Contains(row, "waiting") || !strings.Contains(row, "Probe") {
		t.Errorf("the new chat's row = %q; want it waiting, with its visitor Probe", row)
	}
	tb.noErrors(nil)
}

// TestConsoleChatActs: a message sent as the agent in the console reaches the customer's
// GetMessages; the customer's answer over REST appears in both views without a reload;
// an agent-only notice is marked and missing from the customer's view.
func TestConsoleChatActs(t *testing.T) {
	s, tb := console(t, "#/chat/gws/"+gwsChat, mock.WithSimulatedAgent("off"))
	tb.viewport(1280, 800)
	tb.wait(`document.querySelectorAll("#agent-log li").length > 0`)
	text := "Sent from the console"
	tb.typeInto(`input[name="agentText"]`, text)
	tb.click(`button[type="submit"]`)
	tb.wait(fmt.Sprintf(`document.querySelector("#customer-log").textContent.includes(%q)`, text))
	found := false
	for _, msg := range s.messages(gwsChat, "?index=0") {
		if msg["text"] == text && msg["from"].(map[string]any)["type"] == "Agent" {
			found = true
		}
	}
	if !found {
		t.Errorf("the customer's GetMessages does not show the agent's %q: %v", text, s.messages(gwsChat, "?index=0"))
	}
	s.say(gwsChat, "Thanks, console")
	tb.wait(`document.querySelector("#agent-log").textContent.includes("Thanks, console")`)

	s.do("POST", "/mock/chats/gws/"+gwsChat+"/agent", `{"action":"notice","text":"VIP customer","visibility":"Agents"}`).ok(t, 200)
	tb.wait(`document.querySelector("#agent-log li.agents:last-child") !== null && document.querySelector("#agent-log").textContent.includes("VIP customer")`)
	if strings.Contains(tb.text("#customer-log"), "VIP customer") {
		t.Error("the customer view shows an agent-only notice")
	}
	if got := tb.text("#agent-log li.agents:last-child"); !strings.Contains(got, "agents only") {
		t.Errorf("the notice in the agent view = %q; want it marked agents only", got)
	}
	tb.typeInto(`input[name="visitorText"]`, "Typed as the customer")
	tb.click(`form[aria-label="Act as the customer"] button[type="submit"]`)
	tb.wait(`document.querySelector("#customer-log").textContent.includes("Typed as the customer")`)
	tb.screenshot("console-chat", true)
	tb.noErrors(nil)
}

// TestConsoleFaultFires: a fault added in the console answers the next GetMessages, and
// its hit shows in the list.
func TestConsoleFaultFires(t *testing.T) {
	s, tb := console(t, "#/faults")
	tb.wait(`document.querySelector('select[name="operationId"] option[value="GetMessages"]') !== null`)
	tb.choose(`select[name="operationId"]`, "GetMessages")
	tb.typeInto(`input[name="status"]`, "503")
	tb.typeInto(`input[name="times"]`, "1")
	tb.click(`form[aria-label="Add a fault"] button[type="submit"]`)
	tb.wait(`document.querySelector('#fault-list tr[data-fault="f1"]') !== null`)
	if r := s.do("GET", "/api/v2/chats/"+gwsChat+"/messages", "", "ContactCenterId", cc1); r.status != 503 {
		t.Errorf("GetMessages after the console's fault = %d %s; want 503", r.status, r.raw)
	}
	// times 1: used up and gone.
	tb.wait(`document.querySelector('#fault-list tr[data-fault="f1"]') === null`)
	s.messages(gwsChat, "")

	tb.typeInto(`input[name="latencyMs"]`, "5")
	tb.click(`form[aria-label="Add a fault"] button[type="submit"]`)
	tb.wait(`document.querySelector('#fault-list tr[data-fault="f2"]') !== null`)
	tb.screenshot("console-faults", false)
	tb.click(`button[aria-label="Remove fault f2"]`)
	tb.wait(`document.querySelector('#fault-list tr[data-fault="f2"]') === null`)
	if n := len(objects(s.do("GET", "/mock/faults", "").ok(t, 200).body["faults"])); n != 0 {
		t.Errorf("%d faults after Remove; want none", n)
	}
	tb.noErrors(nil)
}

// TestConsoleRequestLog: a request that failed validation shows with its message; the
// filter keeps only failures; expanded, the entry shows headers with credentials masked.
func TestConsoleRequestLog(t *testing.T) {
	s, tb := console(t, "#/requests")
	tb.viewport(1280, 800)
	s.messages(gwsChat, "")
	bad := s.do("POST", "/api/v2/me/chats/"+gwsChat, `{"operationName":"Fly"}`, agent1...)
	if bad.status != 400 {
		t.Fatalf("the bad request = %d %s; want 400", bad.status, bad.raw)
	}
	entries := objects(s.do("GET", "/mock/requests?status=400", "").ok(t, 200).body["requests"])
	if len(entries) != 1 || entries[0]["error"] == nil {
		t.Fatalf("log of 400s = %v; want one with its error", entries)
	}
	msg := entries[0]["error"].(string)
	seq := int64(entries[0]["seq"].(float64))
	tb.wait(fmt.Sprintf(`document.querySelector('#request-list tr[data-seq="%d"]') !== null`, seq))
	if row := tb.text(fmt.Sprintf(`#request-list tr[data-seq="%d"]`, seq)); !strings.Contains(row, msg) || !strings.Contains(row, "400") {
		t.Errorf("the failed request's row = %q; want status 400 and %q", row, msg)
	}
	tb.choose(`select[name="status"]`, "4xx")
	tb.wait(`document.querySelectorAll("#request-list tbody tr").length === 1`)
	tb.click(fmt.Sprintf(`button[aria-label="Details of request %d"]`, seq))
	tb.wait(`document.querySelector("#request-list tr.details") !== null`)
	details := tb.text("#request-list tr.details")
	if !strings.Contains(details, "Authorization: Basic ***") || strings.Contains(details, "agent1pass") || strings.Contains(details, basicToken("agent1", "agent1pass")) ||
		!strings.Contains(details, `"operationName":"Fly"`) {
		t.Errorf("details = %q; want the masked Authorization and the request body", details)
	}
	tb.screenshot("console-requests", true)
	tb.noErrors(nil)
}

// TestConsoleSimulatedAgent: settings saved in the console are the mock's.
func TestConsoleSimulatedAgent(t *testing.T) {
	s, tb := console(t, "#/agent", mock.WithSimulatedAgent("auto"))
	tb.wait(`document.querySelector('input[name="greeting"]').value !== ""`)
	js := `(() => { const f = document.querySelector('form[aria-label="Simulated agent settings"]');
		f.elements.greeting.value = "Welcome from the console"; f.elements.acceptDelayMs.value = "250";
		f.elements.script.value = "one\ntwo"; return true; })()`
	eval[bool](tb, js)
	tb.click(`form[aria-label="Simulated agent settings"] button[type="submit"]`)
	tb.wait(`document.querySelector("#agent-current").textContent.includes("Welcome from the console")`)
	got := s.do("GET", "/mock/agent", "").ok(t, 200).body
	if got["greeting"] != "Welcome from the console" || got["acceptDelayMs"] != 250.0 || got["mode"] != "auto" || fmt.Sprint(got["script"]) != "[one two]" {
		t.Errorf("the mock's simulated agent = %v; want the console's settings", got)
	}
	tb.noErrors(nil)
}

// TestConsoleViews: every view renders at a desktop's and a phone's size without
// overflowing the page sideways, every control has an accessible name, and the console
// logs no error.
func TestConsoleViews(t *testing.T) {
	_, open := browserRig(t)
	s := mockSite(t)
	views := []struct{ hash, ready string }{
		{"#/chats", `document.querySelectorAll("#chat-list tbody tr").length > 0`},
		{"#/chat/gws/" + gwsChat, `document.querySelectorAll("#agent-log li").length > 0`},
		{"#/agent", `document.querySelector("#agent-current").textContent.includes("mode")`},
		{"#/faults", `document.querySelector('select[name="operationId"] optgroup') !== null && document.querySelector("#fault-list").textContent !== ""`},
		{"#/requests", `document.querySelectorAll("#request-list tbody tr").length > 0`},
		{"#/sessions", `document.querySelector("#session-list tr[data-session]") !== null && document.querySelector("#session-list").textContent.includes("agent1 (693ef5776c18c5d7405e)")`},
	}
	s.messages(gwsChat, "") // something in the request log
	s.listen()              // a CometD session
	tb := open(s.url + "/mock/ui/")
	for _, size := range []struct{ w, h int64 }{{1280, 800}, {390, 844}} {
		tb.viewport(size.w, size.h)
		for _, v := range views {
			name := strings.Trim(strings.NewReplacer("#/", "", "/", "-").Replace(v.hash), "-")
			if strings.HasPrefix(name, "chat-") {
				name = "chat"
			}
			t.Run(fmt.Sprintf("%s %dx%d", name, size.w, size.h), func(t *testing.T) {
				tb.t = t
				eval[bool](tb, fmt.Sprintf(`(location.hash = %q, true)`, v.hash))
				tb.wait(v.ready)
				if wide := eval[bool](tb, `document.documentElement.scrollWidth > window.innerWidth + 1`); wide {
					t.Errorf("the page is %v px wide at %d px: it overflows sideways", eval[float64](tb, "document.documentElement.scrollWidth"), size.w)
				}
				if missing := tb.unlabelled(); len(missing) > 0 {
					t.Errorf("controls without an accessible name: %v", missing)
				}
				tb.screenshot(fmt.Sprintf("console-%s-%dx%d", name, size.w, size.h), false)
			})
		}
	}
	tb.t = t
	tb.noErrors(nil)
}
