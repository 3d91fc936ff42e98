import { type Document, type Node, isAlias, isMap, isPair, isSeq } from "yaml";

/** Nodes a file may expand to once aliases are followed: far above 20,000 customers, far below a bomb. */
export const MAX_EXPANDED_NODES = 2_000_000;
/** Nesting a mappings file may have: its real shape is under ten levels deep. */
export const MAX_DEPTH = 64;

export interface YamlBounds {
  /** Nodes after expanding every alias (capped just above the limit). */
  nodes: number;
  /** Deepest nesting, aliases followed. */
  depth: number;
}

/**
 * Measures what a parsed document expands to before it is converted: aliases are counted at their
 * expanded size (each anchor measured once), so a file that shares one grant list among 150
 * customers passes while a "billion laughs" file or one nested thousands deep is refused.
 */
export function measureYaml(doc: Document): YamlBounds {
  const memo = new Map<Node, YamlBounds>();
  const cap = (n: number) => Math.min(n, MAX_EXPANDED_NODES + 1);
  const visit = (node: unknown, level: number): YamlBounds => {
    // Deeper than allowed: stop descending (the caller refuses on depth).
    if (level > MAX_DEPTH) return { nodes: 1, depth: level };
    if (isAlias(node)) {
      const target = node.resolve(doc);
      return target ? visit(target, level) : { nodes: 1, depth: level };
    }
    if (!isMap(node) && !isSeq(node)) return { nodes: 1, depth: level };
    const known = memo.get(node);
    if (known) return { nodes: known.nodes, depth: level + known.depth };
    let nodes = 1;
    let depth = level;
    for (const item of node.items as unknown[]) {
      const parts = isPair(item) ? [item.key, item.value] : [item];
      for (const part of parts) {
        const measured = visit(part, level + 1);
        nodes = cap(nodes + measured.nodes);
        depth = Math.max(depth, measured.depth);
      }
    }
    memo.set(node, { nodes, depth: depth - level });
    return { nodes, depth };
  };
  return visit(doc.contents, 0);
}
