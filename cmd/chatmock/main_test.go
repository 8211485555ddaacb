package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRunSpecs runs what `make run` runs and checks the summary names every document and
// operation count.
func TestRunSpecs(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"specs", "-v"}, &out, &errOut); err != nil {
		t.Fatalf("run: %v; stderr %s", err, errOut.String())
	}
	for _, want := range []string{
		"gws-chat.yaml", "superoffice-chat.yaml", "acquire-chat.yaml", "mock-control.yaml",
		"gws-notifications.asyncapi.yaml", "GetMessages", "https://enu.docs.genesys.com/Documentation/HTCC/latest/API/CustomerChatGetMessages",
		"5 documents, 43 operations: loaded and validated",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRejectsStrayArguments(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"specs", "extra"}, &out, &errOut); err == nil {
		t.Error("run(specs extra) succeeded; want an error")
	}
}
