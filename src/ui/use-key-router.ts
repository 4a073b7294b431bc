/**
 * The one hook that takes keys: Ink's raw input events (whole escape sequences, runs of typed or pasted
 * text) go to the router. Ink's `useInput` is not used because its `Key` cannot tell F1 from other keys.
 */
import { useStdin } from 'ink';
import { useEffect } from 'react';
import type { Session } from '../session/session.js';
import type { FramePacer } from './frame-pacer.js';
import { routeInput } from './router.js';

export function useKeyRouter(session: Session, frames: FramePacer): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isRawModeSupported, setRawMode]);
  useEffect(() => {
    const onInput = (sequence: string): void => {
      routeInput(session, sequence);
      frames.input();
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
    };
  }, [events, session, frames]);
}
