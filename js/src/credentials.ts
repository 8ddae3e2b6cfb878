// Asks the app for a bearer token when the core needs one (before a connect, after a 401,
// before a JWT expires). Only the answer to the latest request reaches the core.
import type { HealthReason } from './abi.js';
import type { HubOptions } from './types.js';

export class Credentials {
  private request = 0;

  constructor(
    private readonly getToken: HubOptions['getToken'],
    /** The token, or undefined when the app had none (its error, if it threw). */
    private readonly answer: (token: string | undefined, error?: unknown) => void,
  ) {}

  async ask(reason: HealthReason): Promise<void> {
    const request = ++this.request;
    let token: string | null | undefined;
    let failure: unknown;
    try {
      token = await this.getToken?.({ reason });
    } catch (error) {
      failure = error;
    }
    if (request !== this.request) return;
    this.answer(typeof token === 'string' && token ? token : undefined, failure);
  }

  /** Answers still on their way are dropped. */
  cancel(): void {
    this.request++;
  }
}
