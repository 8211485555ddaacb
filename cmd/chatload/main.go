// Command chatload puts the chatconform mock (or any server of the same APIs) under load and
// measures it: throughput, latency percentiles, errors, and the server's memory where it can
// read it (the mock's GET /mock/stats, the resident size of a process it started).
//
//	chatload gws-poll     [flags]   GWS customers poll GetMessages (cursor and index) while others send
//	chatload so-after     [flags]   SuperOffice: POST a message, then GET Messages?after= the last id seen
//	chatload acquire-read [flags]   Acquire: read a chat's messages
//	chatload cometd       [flags]   N agents hold CometD long polls; customers talk in a chat that W of them watch
//	chatload compare --scenario S   run S against chatmock, the floor and --peer, as ratios to the floor
//	chatload floor        [flags]   serve a fixed body on every path: the baseline of a bare net/http server
//	chatload startup --chatmock BIN time chatmock from process start to its banner and first /healthz
//	chatload fanout-fixtures        write the cometd scenario's fixture set
//
// Every scenario runs against --target (default http://127.0.0.1:8080) or a chatmock it
// starts on a free loopback port (--chatmock bin/chatmock). Targets must be on loopback unless
// --allow-remote is given. Runs are bounded by --duration and/or --requests.
package main

import (
	"context"
	"io"
	"maps"
	"slices"

	"github.com/chatconform/chatconform/cmd/internal/cli"
)

func main() { cli.Main("chatload", run) }

const usage = `usage: chatload COMMAND [flags]   (chatload COMMAND --help lists its flags)
       chatload help COMMAND
       chatload --version

scenarios:
  gws-poll      GWS customers poll GetMessages, with the cursor and with index, while others send
  so-after      SuperOffice: POST a message, then GET Messages?after= the last id seen
  acquire-read  Acquire: read a chat's messages (POST /api/profile/lead/message)
  cometd        N agents hold a CometD long poll each; customers talk in a chat W of them watch

tools:
  compare          run a scenario against chatmock, the floor and an optional --peer; ratios to the floor
  floor            serve a fixed body on every path (the baseline)
  startup          time chatmock's start-up
  fanout-fixtures  write the cometd scenario's fixture set (for chatmock --fixtures and cometd --setup=false)
`

// tools are the commands that are not scenarios.
var tools = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
	"compare":         compare,
	"floor":           serveFloor,
	"startup":         startup,
	"fanout-fixtures": writeFanout,
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	names := slices.Sorted(maps.Keys(scenarios))
	names = append(names, slices.Sorted(maps.Keys(tools))...)
	cmd, rest, err := cli.Dispatch("chatload", usage, names, args)
	if err != nil {
		return err
	}
	if tool, ok := tools[cmd]; ok {
		return tool(ctx, rest, stdout, stderr)
	}
	return runScenario(ctx, cmd, rest, stdout, stderr)
}
