/**
 * The session, its store seen through the frame pacer, and the theme, handed to every component; components read
 * the store through narrow selectors.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Session } from '../session/session.js';
import type { SessionState } from '../session/store.js';
import type { FramePacer } from './frame-pacer.js';
import type { Theme } from './theme.js';

export interface UiContext {
  session: Session;
  theme: Theme;
  /**
   * What components render from: the store as of the latest frame (frame-pacer.ts). The transcript's ring is
   * shared and grows in place, so a frame may show a few lines newer than its revision.
   */
  frames: FramePacer;
}

export const SessionContext = createContext<UiContext | undefined>(undefined);

export function useUi(): UiContext {
  const context = useContext(SessionContext);
  if (!context) throw new Error('components of the explorer need a SessionContext provider');
  return context;
}

export function useSessionState<T>(selector: (state: SessionState) => T): T {
  return useStore(useUi().frames, selector);
}
