import { DialError } from '@omnidial/core/driver';

/** An `InvalidArgument` DialError for `scheme`, raised while parsing (before any I/O). */
export function invalid(scheme: string, message: string, address?: string): DialError {
  return new DialError({ code: 'InvalidArgument', op: 'parse', scheme, address, message: `${scheme}: ${message}` });
}
