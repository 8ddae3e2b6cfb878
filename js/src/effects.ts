// An effect batch copied out of the module after a call (records, subscription ids, one
// text decode) into buffers reused from batch to batch, and its effects as typed values.
// Deliveries, the hot path, are read in place through the accessors instead.
import {
  CLOSE,
  EFFECT_CODE,
  EFFECT_CONN,
  EFFECT_FLAG,
  EFFECT_KIND,
  EFFECT_NUMBER,
  EFFECT_REASON,
  EFFECT_SUBS_COUNT,
  EFFECT_SUBS_OFFSET,
  EFFECT_TEXT,
  EFFECT_TIME,
  EFFECT_WORDS,
  FALLBACK,
  HEALTH,
  NEED_CREDENTIALS,
  OPEN,
  REASONS,
  SNAPSHOT,
  TELEMETRY,
  TELEMETRY_CODES,
  TIMER,
  type CoreTelemetryCode,
  type HealthReason,
} from './abi.js';
import type { Core } from './core.js';

export type Effect =
  | { kind: 'open'; conn: number; url: string; lastEventId: string; token: string }
  | { kind: 'close'; conn: number }
  | { kind: 'timer'; at: number }
  | { kind: 'snapshot'; topic: string; items: string; sequence: number; subs: Uint32Array }
  | { kind: 'health' }
  | { kind: 'fallback'; on: boolean }
  | { kind: 'credentials'; reason: HealthReason }
  | {
      kind: 'telemetry';
      code: CoreTelemetryCode;
      reason: HealthReason;
      number: number;
      detail: string;
    };

/** `buffer` if it holds `size` elements, else a new one twice as large as needed. */
function fit<T extends Float64Array | Uint32Array>(buffer: T, size: number): T {
  if (buffer.length >= size) return buffer;
  return new (buffer.constructor as new (n: number) => T)(size * 2);
}

export class EffectBatch {
  size = 0;
  text = '';
  private recs = new Float64Array(64 * EFFECT_WORDS);
  private subIds = new Uint32Array(64);

  /** Copies the batch of `n` effects the hub `handle` just returned. */
  read(core: Core, handle: number, n: number): void {
    const x = core.x;
    this.size = n;
    const at = x.ssehub_hub_effects(handle) >>> 3;
    this.recs = fit(this.recs, n * EFFECT_WORDS);
    this.recs.set(core.f64.subarray(at, at + n * EFFECT_WORDS));
    const textSize = x.ssehub_hub_text_size(handle);
    const tp = x.ssehub_hub_text(handle);
    this.text = textSize ? core.decoder.decode(core.u8.subarray(tp, tp + textSize)) : '';
    const subsSize = x.ssehub_hub_subs_size(handle);
    if (subsSize) {
      const sp = x.ssehub_hub_subs(handle) >>> 2;
      this.subIds = fit(this.subIds, subsSize);
      this.subIds.set(core.u32.subarray(sp, sp + subsSize));
    }
  }

  kind(i: number): number {
    return this.recs[i * EFFECT_WORDS + EFFECT_KIND];
  }
  flag(i: number): boolean {
    return this.recs[i * EFFECT_WORDS + EFFECT_FLAG] !== 0;
  }
  number(i: number): number {
    return this.recs[i * EFFECT_WORDS + EFFECT_NUMBER];
  }
  time(i: number): number {
    return this.recs[i * EFFECT_WORDS + EFFECT_TIME];
  }
  /** Text field 0-3 of effect `i`. */
  str(i: number, field: number): string {
    const r = i * EFFECT_WORDS + EFFECT_TEXT + 2 * field;
    const length = this.recs[r + 1];
    return length ? this.text.substring(this.recs[r], this.recs[r] + length) : '';
  }
  /** Whether text field `field` of effect `i` equals `s` (no new string). */
  strEquals(i: number, field: number, s: string): boolean {
    const r = i * EFFECT_WORDS + EFFECT_TEXT + 2 * field;
    return this.recs[r + 1] === s.length && this.text.startsWith(s, this.recs[r]);
  }
  /** Subscription ids of effect `i` are `subs[subsFirst(i) .. subsFirst(i) + subsCount(i))`. */
  get subs(): Uint32Array {
    return this.subIds;
  }
  subsFirst(i: number): number {
    return this.recs[i * EFFECT_WORDS + EFFECT_SUBS_OFFSET];
  }
  subsCount(i: number): number {
    return this.recs[i * EFFECT_WORDS + EFFECT_SUBS_COUNT];
  }

  /** Effect `i` as a typed value (every kind but Deliver). */
  decode(i: number): Effect | undefined {
    const r = i * EFFECT_WORDS;
    const reason = REASONS[this.recs[r + EFFECT_REASON]] ?? 'none';
    switch (this.recs[r + EFFECT_KIND]) {
      case OPEN:
        return {
          kind: 'open',
          conn: this.recs[r + EFFECT_CONN],
          url: this.str(i, 0),
          lastEventId: this.str(i, 1),
          token: this.str(i, 2),
        };
      case CLOSE:
        return { kind: 'close', conn: this.recs[r + EFFECT_CONN] };
      case TIMER:
        return { kind: 'timer', at: this.recs[r + EFFECT_TIME] };
      case SNAPSHOT: {
        const first = this.subsFirst(i);
        return {
          kind: 'snapshot',
          topic: this.str(i, 0),
          items: this.str(i, 1),
          sequence: this.recs[r + EFFECT_NUMBER],
          subs: this.subIds.slice(first, first + this.subsCount(i)),
        };
      }
      case HEALTH:
        return { kind: 'health' };
      case FALLBACK:
        return { kind: 'fallback', on: this.recs[r + EFFECT_FLAG] !== 0 };
      case NEED_CREDENTIALS:
        return { kind: 'credentials', reason };
      case TELEMETRY:
        return {
          kind: 'telemetry',
          code: TELEMETRY_CODES[this.recs[r + EFFECT_CODE]] as CoreTelemetryCode,
          reason,
          number: this.recs[r + EFFECT_NUMBER],
          detail: this.str(i, 0),
        };
      default:
        return undefined;
    }
  }
}
