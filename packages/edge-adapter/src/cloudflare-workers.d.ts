/**
 * The part of workerd's `cloudflare:workers` module the keeper uses, so this package
 * compiles without a Workers type package. A Worker project that generates the full
 * runtime types (`wrangler types`) gets the same names from there.
 */
declare module "cloudflare:workers" {
  export interface DurableObjectStorage {
    get<T = unknown>(key: string): Promise<T | undefined>
    put<T>(key: string, value: T): Promise<void>
    delete(key: string): Promise<boolean>
    deleteAll(): Promise<void>
    getAlarm(): Promise<number | null>
    setAlarm(scheduledTime: number | Date): Promise<void>
    deleteAlarm(): Promise<void>
  }
  export interface DurableObjectState {
    readonly id: { toString(): string; readonly name?: string | undefined }
    readonly storage: DurableObjectStorage
    blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>
    waitUntil(promise: Promise<unknown>): void
  }
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState
    protected env: Env
    constructor(ctx: DurableObjectState, env: Env)
  }
}
