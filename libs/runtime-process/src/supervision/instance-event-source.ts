import { EventEmitter } from 'node:events';
import type { InstanceEventName, InstanceEvents, InstanceListener } from '@mosaic/runtime';

/**
 * The event half of every driver's InstanceHandle: typed on/off/once, and an emit that
 * never lets a throwing listener break the driver and goes quiet once the handle is
 * detached (the agent stopped supervising; the next agent adopts the process).
 */
export abstract class InstanceEventSource {
  private readonly events = new EventEmitter();
  protected detached = false;

  on<E extends InstanceEventName>(event: E, listener: InstanceListener<E>): this {
    this.events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<E extends InstanceEventName>(event: E, listener: InstanceListener<E>): this {
    this.events.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<E extends InstanceEventName>(event: E, listener: InstanceListener<E>): this {
    this.events.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  protected emit<E extends InstanceEventName>(event: E, ...args: InstanceEvents[E]): void {
    if (this.detached) return;
    try {
      this.events.emit(event, ...args);
    } catch (err) {
      this.log('error', `a '${event}' listener threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  protected removeAllListeners(): void {
    this.events.removeAllListeners();
  }

  protected abstract log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}
