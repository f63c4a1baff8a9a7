import { DialError } from '@omnidial/core/driver';

/** A parse-time `InvalidArgument` for `scheme`, naming the problem. */
export function invalid(scheme: string, message: string, address?: string): DialError {
  return new DialError({ code: 'InvalidArgument', op: 'parse', scheme, address, message: `${scheme}: ${message}` });
}
