package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chatconform/chatconform/cmd/internal/cli"
	"github.com/chatconform/chatconform/spec"
)

// specs loads and validates the embedded documents and prints one line per document, or,
// with -v, every operation too.
func specs(args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("chatmock specs", `usage: chatmock specs [-v]

Load and validate the embedded specs (every example included) and print one line per
document; -v also lists every operation with its method, path and x-source.`)
	verbose := fs.Bool("v", false, "list every operation with its x-source")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef("chatmock specs", "unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	start := time.Now()
	set, err := spec.Load()
	if err != nil {
		return err
	}
	took := time.Since(start)
	w := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(w, "DOCUMENT\tKIND\tVERSION\tOPERATIONS\tTITLE")
	ops := map[*spec.Document]int{}
	for _, op := range set.Operations() {
		ops[op.Document]++
	}
	for _, d := range set.Documents() {
		switch d.Kind {
		case spec.KindOpenAPI:
			fmt.Fprintf(w, "%s\tOpenAPI\t%s\t%d\t%s\n", d.Name, d.OpenAPI.OpenAPI, ops[d], d.OpenAPI.Info.Title)
		case spec.KindAsyncAPI:
			fmt.Fprintf(w, "%s\tAsyncAPI\t%s\t%d channel(s)\t%s\n", d.Name, d.AsyncAPI.Version, len(d.AsyncAPI.Channels), strings.Join(d.AsyncAPI.Channels, ", "))
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if *verbose {
		fmt.Fprintln(stdout)
		w = tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
		fmt.Fprintln(w, "OPERATION\tMETHOD\tPATH\tSOURCE")
		for _, op := range set.Operations() {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", op.ID, op.Method, op.Path, op.Sources[0])
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "\n%d documents, %d operations: loaded and validated (examples included) in %s.\n",
		len(set.Documents()), len(set.Operations()), took.Round(time.Millisecond))
	return nil
}
