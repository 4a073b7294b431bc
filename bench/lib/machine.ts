/** What the numbers were measured on: they mean little without it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function firstMatch(text: string, pattern: RegExp): string | undefined {
  return pattern.exec(text)?.[1]?.trim();
}

function command(file: string, args: string[]): string | undefined {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function describeMachine(): Record<string, string> {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  const model = firstMatch(cpuinfo, /^model name\s*:\s*(.+)$/m) ?? os.cpus()[0]?.model ?? 'unknown';
  const mhz = firstMatch(cpuinfo, /^cpu MHz\s*:\s*(\d+)/m);
  const memory = command('free', ['-h'])?.split('\n').find((line) => line.startsWith('Mem:'));
  return {
    cpu: [model, ...(mhz ? [`${mhz} MHz`] : [])].join(', '),
    nproc: command('nproc', []) ?? String(os.availableParallelism()),
    memory: memory ? `${memory.split(/\s+/)[1]} total (free -h)` : `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    'load average at start': os.loadavg().map((load) => load.toFixed(2)).join(' '),
  };
}
