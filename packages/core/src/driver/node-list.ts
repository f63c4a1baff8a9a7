/** Per endpoint (one per connection): the index of the node to try first on its next connect. */
const nextNode = new WeakMap<object, number>();

/** How {@link connectToAnyNode} tries the nodes. */
export interface NodeListOptions {
  /** The connect attempt's signal: once aborted, no further node is tried. */
  readonly signal: AbortSignal;
  /** A failure every node would give (a refused login): stops at once instead of trying the next. */
  readonly isFinal?: (error: unknown) => boolean;
}

/**
 * Opens a link to the first node of `nodes` that answers, trying them in turn and starting after
 * the node that failed last for `endpoint`: a dead node costs one refused connection per
 * connect, not one per node listed before it. Throws the last node's error when none answers.
 */
export async function connectToAnyNode<Node, T>(
  endpoint: object,
  nodes: readonly Node[],
  open: (node: Node) => Promise<T>,
  options: NodeListOptions,
): Promise<T> {
  let lastError: unknown = new Error('no node to connect to');
  for (let tried = 0; tried < nodes.length; tried++) {
    const index = (nextNode.get(endpoint) ?? 0) % nodes.length;
    try {
      return await open(nodes[index]!);
    } catch (error) {
      lastError = error;
      nextNode.set(endpoint, index + 1);
      if (options.signal.aborted || options.isFinal?.(error) === true) break;
    }
  }
  throw lastError;
}
