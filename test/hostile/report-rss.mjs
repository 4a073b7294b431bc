// Loaded with --import into the CLI under test: reports the process's peak resident set on stderr at exit.
process.on('exit', () => {
  process.stderr.write(`max-rss-bytes ${process.resourceUsage().maxRSS * 1024}\n`);
});
