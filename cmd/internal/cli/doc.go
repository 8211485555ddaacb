// Package cli owns the command-line manners every chatconform command shares, so chatmock,
// chatconform, chatload and chatfixtures behave alike: -h and --help print the usage to
// standard output and exit 0, --version prints the module version and VCS revision from
// the build info, "help CMD" means "CMD --help", and bad usage prints one line with a hint
// to --help and exits 2. It imports nothing of this module.
//
//	func main() { cli.Main("chatmock", run) }
//
//	func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
//		fs := cli.NewFlagSet("chatmock", "usage: chatmock [flags]")
//		cli.AddVersion(fs)
//		addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
//		if err := cli.Parse(fs, args); err != nil {
//			return err // *Done for --help and --version, *UsageError otherwise
//		}
//		...
//	}
package cli
