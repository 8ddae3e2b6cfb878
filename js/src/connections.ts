// The transports the core asked for, by connection id. Each reports through a sink that
// holds the hub's inputs weakly (a forgotten hub can still be finalized, which closes its
// transports) and goes quiet once the core closed or forgot its connection.
import { reportError } from './health.js';
import type { Transport, TransportConnection, TransportRequest } from './transport.js';

export interface ConnectionInputs {
  opened(conn: number, status: number, contentType: string, retryAfterMs: number): void;
  received(conn: number, chunk: Uint8Array | string): void;
  closed(conn: number, error: boolean): void;
}

export class Connections {
  private readonly open = new Map<number, TransportConnection>();

  constructor(
    private readonly transport: Transport,
    private readonly inputs: WeakRef<ConnectionInputs>,
  ) {}

  start(conn: number, request: TransportRequest): void {
    const connection: TransportConnection = { close: () => {} };
    const ref = this.inputs;
    const open = this.open;
    const live = () => (open.get(conn) === connection ? ref.deref() : undefined);
    // Registered before transport.open(): a transport may report synchronously.
    open.set(conn, connection);
    const sink = {
      opened: (status: number, contentType: string, retryAfterMs: number) =>
        live()?.opened(conn, status, contentType, retryAfterMs),
      received: (chunk: Uint8Array | string) => live()?.received(conn, chunk),
      closed: (error: boolean) => {
        const inputs = live();
        if (open.get(conn) === connection) open.delete(conn);
        inputs?.closed(conn, error);
      },
    };
    try {
      const real = this.transport.open(request, sink);
      connection.close = () => real.close();
      if (real.watch) connection.watch = (type) => real.watch!(type);
    } catch (error) {
      reportError(error);
      sink.closed(true);
    }
  }

  close(conn: number): void {
    const connection = this.open.get(conn);
    this.open.delete(conn);
    connection?.close();
  }

  closeAll(): void {
    for (const connection of this.open.values()) connection.close();
    this.open.clear();
  }

  /** A new exact topic was subscribed: transports that need a listener per type add one. */
  watch(topic: string): void {
    for (const connection of this.open.values()) connection.watch?.(topic);
  }
}
