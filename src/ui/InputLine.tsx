/**
 * The bottom row: the command line, or the line of whatever question is open (a prompt, the history
 * search, a yes/no). The text lives in the store, so no key is lost between frames.
 */
import { Box, Text } from 'ink';
import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { printable } from '../core/printable.js';
import type { LineState } from '../session/line-editor.js';
import type { SessionState } from '../session/store.js';
import { useSessionState, useUi } from './context.js';
import { inputView } from './input-view.js';
import type { UiTone } from './theme.js';
import { truncate } from './text-width.js';

interface EditedLineProps {
  label: string;
  tone: UiTone;
  line: LineState;
  width: number;
  secret: boolean;
  /** False while an overlay has the keys: one cursor on screen, where typing goes. */
  cursor?: boolean;
}

function EditedLine({ label, tone, line, width, secret, cursor = true }: EditedLineProps) {
  const { theme } = useUi();
  const view = inputView(line, Math.max(1, width - label.length), secret);
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text color={theme.color(tone)} bold wrap="truncate">
        {label}
      </Text>
      <Text wrap="truncate">
        {view.before}
        <Text inverse={cursor}>{view.at}</Text>
        {view.after}
      </Text>
    </Box>
  );
}

function commandLabel(state: SessionState): { label: string; tone: UiTone; secret: boolean } {
  const { status, composer } = state;
  // The line typed after AUTH goes out as the answer to its 334, so it is masked already while waiting.
  const authNext = status.inAuth || status.waiting?.verb === 'AUTH' || status.waiting?.verb === 'auth-response';
  if (authNext) return { label: 'AUTH› ', tone: 'intermediate', secret: true };
  if (composer.raw) return { label: status.inData ? 'RAW DATA› ' : 'RAW› ', tone: 'raw', secret: false };
  if (status.inData) return { label: 'DATA› ', tone: 'intermediate', secret: false };
  // Nothing typed now reaches a server: the prompt says so rather than keep the closed connection's name.
  if (!status.connected && status.phase === 'closed') return { label: 'closed› ', tone: 'muted', secret: false };
  return { label: status.tls ? 'SMTP/TLS› ' : 'SMTP› ', tone: status.tls ? 'secure' : 'sent', secret: false };
}

function CommandInput({ width, cursor }: { width: number; cursor: boolean }) {
  // Spread into primitives: a nested fresh object would defeat the shallow comparison.
  const { line, label, tone, secret } = useSessionState(useShallow((state) => ({ line: state.composer.line, ...commandLabel(state) })));
  return <EditedLine label={label} tone={tone} line={line} width={width} secret={secret} cursor={cursor} />;
}

function SearchInput({ width }: { width: number }) {
  const { session } = useUi();
  const { query, index } = useSessionState(
    useShallow((state) => (state.overlay.kind === 'search' ? { query: state.overlay.query, index: state.overlay.index } : { query: undefined, index: 0 })),
  );
  if (!query) return null;
  const matches = session.history.search(query.text);
  const found = matches[index];
  const label = `search [${matches.length === 0 ? 0 : index + 1}/${matches.length}] `;
  return (
    <Box width={width} height={1} flexDirection="row">
      <EditedLine label={label} tone="accent" line={query} width={Math.min(width, label.length + Math.max(12, query.text.length + 2))} secret={false} />
      {/* History holds what was typed or pasted, control characters included: shown escaped, like the line itself. */}
      <Text wrap="truncate">{found === undefined ? ' (no match)' : ` → ${truncate(printable(found), width)}`}</Text>
    </Box>
  );
}

export const InputLine = memo(function InputLine({ width }: { width: number }) {
  const { theme } = useUi();
  const overlay = useSessionState(
    useShallow((state) =>
      state.overlay.kind === 'prompt'
        ? { kind: 'prompt' as const, line: state.overlay.line, secret: state.overlay.secret }
        : state.overlay.kind === 'confirm'
          ? { kind: 'confirm' as const, yes: state.overlay.yes ?? 'send it' }
          : { kind: state.overlay.kind },
    ),
  );
  if (overlay.kind === 'prompt') return <EditedLine label="› " tone="accent" line={overlay.line} width={width} secret={overlay.secret} />;
  if (overlay.kind === 'search') return <SearchInput width={width} />;
  if (overlay.kind === 'confirm') {
    return (
      <Text wrap="truncate" color={theme.color('warning')} bold>
        y = yes, {overlay.yes} · n, Enter or Esc = no
      </Text>
    );
  }
  return <CommandInput width={width} cursor={overlay.kind === 'none'} />;
});
