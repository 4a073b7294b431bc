// What the workshop servers received: the newest messages in memory, and listeners told of each
// one (serve logs them; the explorer's /mailbox lists them). Shared by the smtp-server based
// server and the raw smuggling one, so both keep mail the same way.

export interface ReceivedMessage {
  /** 1, 2, 3… per server. */
  seq: number;
  receivedAt: Date;
  /** Empty for the null sender `<>`. */
  from: string;
  to: string[];
  /** Bytes received in DATA, after dot-unstuffing. */
  size: number;
  /** The first `keptBytes` bytes of the message. */
  raw: Buffer;
  truncated: boolean;
  heloName: string;
  remoteAddress: string;
  user: string | undefined;
  tls: TlsFacts | undefined;
}

export interface TlsFacts {
  protocol: string;
  cipher: string;
}

export type MessageListener = (message: ReceivedMessage) => void;

export interface Mailbox {
  /** The last `size` messages, oldest first. */
  readonly messages: readonly ReceivedMessage[];
  /** Numbers the message, keeps it and tells the listeners. */
  deliver(message: Omit<ReceivedMessage, 'seq' | 'receivedAt' | 'truncated'>): void;
  /** Returns a function that unsubscribes. */
  onMessage(listener: MessageListener): () => void;
}

export function createMailbox(size: number): Mailbox {
  const messages: ReceivedMessage[] = [];
  const listeners = new Set<MessageListener>();
  let seq = 0;
  return {
    messages,
    deliver(fields) {
      const message: ReceivedMessage = { ...fields, seq: ++seq, receivedAt: new Date(), truncated: fields.size > fields.raw.length };
      messages.push(message);
      if (messages.length > size) messages.splice(0, messages.length - size);
      for (const listener of listeners) listener(message);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
