/**
 * The built-in server in a process of its own, so that a client's CPU and the server's do not share one event
 * loop with the bench. Prints `{"port":…}` once listening, then one JSON line per message received (its size
 * after dot-unstuffing); stops on SIGTERM or when stdin closes.
 *
 * Usage: node --import tsx bench/servers/builtin.ts MAX-MESSAGE-BYTES
 */
import { startBuiltinServer } from '../../src/server/builtin.js';

const maxMessageBytes = Number(process.argv[2] ?? 10 * 1024 * 1024);
const server = await startBuiltinServer({ port: 0, maxMessageBytes, keptBytes: 1024, mailboxSize: 1 });
server.onMessage((message) => process.stdout.write(`${JSON.stringify({ size: message.size })}\n`));
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.once('end', stop).resume();
