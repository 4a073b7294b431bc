/**
 * A template chosen from the picker: a line put in the input with its placeholders filled (the cursor in the first
 * gap), steps sent one after another, or an AUTH exchange run with its prompts.
 */
import type { Authenticator } from './authenticator.js';
import { setLine } from './composer.js';
import type { ConnectionSlot } from './connection-slot.js';
import type { Outbox } from './outbox.js';
import { clearNotice, setNotice, setOverlay } from './store.js';
import type { SessionStore } from './store.js';
import { fill, generatedVariables } from './templates.js';
import type { Template } from './templates.js';

export interface TemplateDeps {
  store: SessionStore;
  slot: ConnectionSlot;
  outbox: Outbox;
  auth: Authenticator;
}

export function applyTemplate(template: Template, deps: TemplateDeps): void {
  const { store, slot, outbox, auth } = deps;
  setOverlay(store, { kind: 'none' });
  // What the line above the input said (a /set's echo) was about the step before; the template's own notice follows.
  clearNotice(store);
  const values = generatedVariables(store.getState().vars);
  switch (template.kind) {
    case 'line': {
      const filled = fill(template.text, values);
      setLine(store, { text: filled.text, cursor: filled.firstGap ?? filled.text.length });
      if (filled.missing.length > 0) setNotice(store, `fill in ${filled.missing.join(', ')} (or /set ${filled.missing[0]} VALUE)`);
      return;
    }
    case 'steps': {
      const filled = template.steps.map((step) => fill(step, values));
      const missing = [...new Set(filled.flatMap((step) => step.missing))];
      if (missing.length > 0) {
        setNotice(store, `"${template.name}" needs ${missing.map((name) => `/set ${name} VALUE`).join(' and ')}`, 'problem');
        return;
      }
      if (!slot.require()) return;
      for (const step of filled) void outbox.send(step.text);
      return;
    }
    case 'auth':
      void auth.run(template.mechanism);
      return;
  }
}
