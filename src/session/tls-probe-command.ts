/**
 * /probe tls: one connection per TLS version and a few for the cipher order, beside the session's own; the lines
 * go to the transcript so that /export keeps them. One probe at a time: two would race for the same server.
 */
import { printable } from '../core/printable.js';
import { thousands } from '../core/thousands.js';
import { probeEntries, probeTls } from '../core/tls-probe.js';
import { withoutSession } from './connection-slot.js';
import type { ConnectionSlot } from './connection-slot.js';
import { appendEntries, appendInfo, setNotice } from './store.js';
import type { SessionStore } from './store.js';

export class TlsProbeCommand {
  private running = false;

  constructor(
    private readonly store: SessionStore,
    private readonly slot: ConnectionSlot,
  ) {}

  async run(): Promise<void> {
    const { store } = this;
    if (this.running) {
      setNotice(store, 'a TLS probe is running already', 'problem');
      return;
    }
    this.running = true;
    const target = this.slot.target;
    appendInfo(store, [`probing TLS on ${target}: TLSv1 to TLSv1.3 one connection each, then the cipher order…`]);
    setNotice(store, `probing TLS on ${target}…`);
    try {
      const helo = store.getState().vars.helo;
      const result = await probeTls({ connection: withoutSession(this.slot.options), ...(helo ? { helo } : {}) });
      appendEntries(store, probeEntries(result));
      if (result.failure) setNotice(store, `TLS probe of ${target} failed: ${result.failure.reason}`, 'problem');
      else setNotice(store, `TLS probe of ${target} done in ${thousands(result.ms)} ms: its lines are in the transcript (/export keeps them)`);
    } catch (error) {
      const failure = `TLS probe failed: ${printable((error as Error).message)}`;
      appendInfo(store, [failure], 'error');
      setNotice(store, failure, 'problem');
    } finally {
      this.running = false;
    }
  }
}
