/** A query the user wrote that cannot be parsed; `position` is a 0-based character offset into it. */
export class QueryError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.name = 'QueryError';
    this.position = position;
  }
}
