import { InvalidArgumentError } from '@mosaic/api';

/** Where the next page of a paginated list starts. */
export interface ContinuePosition {
  /** The snapshot revision every page is read at. */
  revision: number;
  /** The last key returned; the next page starts strictly after it. */
  after: { namespace: string; name: string };
}

interface TokenBody {
  v: 1;
  /** kind and namespace filter the token was issued for, to catch a token reused on another list */
  k: string;
  q: string | null;
  r: number;
  a: [string, string];
}

/** An opaque, URL-safe token for a position in a list of `kind` (optionally one namespace). */
export function encodeContinueToken(kind: string, namespace: string | undefined, position: ContinuePosition): string {
  const body: TokenBody = { v: 1, k: kind, q: namespace ?? null, r: position.revision, a: [position.after.namespace, position.after.name] };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * Reads a token produced by {@link encodeContinueToken} for the same kind and namespace filter.
 * @throws InvalidArgumentError when the token is malformed or belongs to another list.
 */
export function decodeContinueToken(token: string, kind: string, namespace: string | undefined): ContinuePosition {
  const invalid = (message: string) =>
    new InvalidArgumentError('invalid continue token', [{ path: 'continueToken', message }]);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a token returned by a previous list; start the list again without it');
  }
  if (!isTokenBody(body)) throw invalid('not a token returned by a previous list; start the list again without it');
  if (body.k !== kind || body.q !== (namespace ?? null)) {
    throw invalid(`the token belongs to a list of kind ${body.k}${body.q === null ? '' : ` in namespace "${body.q}"`}; pass the same kind and namespace as for the first page`);
  }
  return { revision: body.r, after: { namespace: body.a[0], name: body.a[1] } };
}

function isTokenBody(value: unknown): value is TokenBody {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Record<string, unknown>;
  return (
    b['v'] === 1 &&
    typeof b['k'] === 'string' &&
    (b['q'] === null || typeof b['q'] === 'string') &&
    Number.isSafeInteger(b['r']) &&
    (b['r'] as number) >= 0 &&
    Array.isArray(b['a']) &&
    b['a'].length === 2 &&
    b['a'].every((s) => typeof s === 'string')
  );
}
