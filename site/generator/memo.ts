/**
 * Remembers the last result for each key and returns it while the inputs are the same objects. A rebuild
 * replaces only the objects of what changed, so list pages made of unchanged posts are not rendered again
 * (and the unchanged string is recognised as such without comparing its text).
 */
export class RenderMemo {
  private readonly last = new Map<string, { inputs: readonly unknown[]; output: string }>();

  render(key: string, inputs: readonly unknown[], make: () => string): string {
    const known = this.last.get(key);
    if (known && known.inputs.length === inputs.length && known.inputs.every((v, i) => v === inputs[i])) {
      return known.output;
    }
    const output = make();
    this.last.set(key, { inputs, output });
    return output;
  }
}
