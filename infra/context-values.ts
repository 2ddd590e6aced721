import { InfraConfigError } from './errors.ts';

/** How the app reads one `-c key=value` (App.node.tryGetContext). */
export type ContextReader = (key: string) => unknown;

/** A text option, trimmed; undefined when absent or empty. Anything but text fails with the key. */
export function text(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InfraConfigError(`-c ${key} must be text; got ${JSON.stringify(value)}`);
  return value.trim();
}

/** A true/false option (`-c key=true` arrives as the text "true"); absent is false. */
export function flag(context: ContextReader, key: string): boolean {
  const value = context(key);
  if (value === undefined || value === null || value === '' || value === false || value === 'false')
    return false;
  if (value === true || value === 'true') return true;
  throw new InfraConfigError(`-c ${key} must be true or false; got ${JSON.stringify(value)}`);
}

/** A lower-case DNS name of at least two labels, such as blog.example.com. */
export const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
