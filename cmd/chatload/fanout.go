package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/chatconform/chatconform/cmd/internal/cli"
	"github.com/chatconform/chatconform/fixtures"
)

// The contact center and chat of the fan-out fixture set.
const (
	fanoutCenter = "chatload-fanout"
	fanoutChat   = "CHATLOADFANOUT01"
)

func fanoutUser(i int) (user, password string) {
	return fmt.Sprintf("load-agent-%05d", i), fmt.Sprintf("load-pass-%05d", i)
}

// fanoutFixtures returns the default fixture set plus one GWS contact center with agents
// agents and one chat in progress that the first watchers of them have joined, so that every
// event of that chat is published to watchers agents at once.
func fanoutFixtures(agents, watchers int) (*fixtures.Set, error) {
	set, err := fixtures.Default()
	if err != nil {
		return nil, err
	}
	set.Tenants = append(set.Tenants, fixtures.Tenant{ID: fanoutCenter, Vendor: fixtures.GWS, Name: "chatload fan-out", Queues: []string{"default"}})
	for i := range agents {
		user, pass := fanoutUser(i)
		set.Agents = append(set.Agents, fixtures.Agent{
			ID: fmt.Sprintf("chatload%05d", i), Vendor: fixtures.GWS, Tenant: fanoutCenter,
			Name: fmt.Sprintf("Load Agent %d", i), Nickname: fmt.Sprintf("Agent%d", i), Username: user, Password: pass,
		})
	}
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	chat := fixtures.Chat{ID: fanoutChat, Vendor: fixtures.GWS, Tenant: fanoutCenter, State: fixtures.StateChatting,
		Subject: "fan-out", Queue: "default", Visitor: fixtures.Visitor{Name: "Load Customer"}, CreatedAt: start,
		Events: []fixtures.Event{{Kind: fixtures.KindJoined, From: fixtures.FromVisitor, Time: start}}}
	for i := range watchers {
		chat.Events = append(chat.Events, fixtures.Event{Kind: fixtures.KindJoined, From: set.Agents[len(set.Agents)-agents+i].ID, Time: start})
	}
	if watchers > 0 {
		chat.Agent = chat.Events[1].From
	}
	set.Chats = append(set.Chats, chat)
	return set, set.Validate()
}

// writeFixtures writes a set to a file in a new temporary directory; remove the directory
// when done.
func writeFixtures(set *fixtures.Set) (file, dir string, err error) {
	b, err := json.Marshal(set)
	if err != nil {
		return "", "", err
	}
	if dir, err = os.MkdirTemp("", "chatload-fixtures-"); err != nil {
		return "", "", err
	}
	file = filepath.Join(dir, "fanout.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", "", err
	}
	return file, dir, nil
}

// writeFanout writes the fan-out fixture set, for starting a chatmock by hand with
// --fixtures and running cometd against it with --setup=false.
func writeFanout(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("chatload fanout-fixtures", `usage: chatload fanout-fixtures [--agents N] [--watchers W] [-o FILE]

Write the cometd scenario's fixture set: a contact center of --agents agents and a chat
that --watchers of them are in (for chatmock --fixtures and chatload cometd --setup=false).`)
	agents := fs.Int("agents", 1000, "agents in the fan-out contact center")
	watchers := fs.Int("watchers", 0, "agents in the fan-out chat (default: every agent, at most 1,000)")
	out := fs.String("o", "", "write to `file` instead of stdout")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *agents < 1 || *watchers < 0 || *watchers > *agents {
		return cli.Usagef(fs.Name(), "want --agents of at least 1 and --watchers between 0 and --agents, and no arguments")
	}
	if *watchers == 0 {
		*watchers = min(*agents, 1000)
	}
	set, err := fanoutFixtures(*agents, *watchers)
	if err != nil {
		return err
	}
	b, err := json.Marshal(set)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(b)
		return err
	}
	return os.WriteFile(*out, b, 0o644)
}
