/**
 * docs/architecture.md, invariant 12: a snapshot shares the nodes an edit did not touch, and a shared node's own
 * `range` is where it was when it was parsed, not where it is now (the edits since then shift it lazily). So outside
 * the modules that keep those coordinates, a YAML node's range is read through the snapshot (`doc.nodeRange(node)`,
 * `doc.span(node)`), never as `node.range`.
 *
 * Type-aware: it reports a `.range` whose type is the `yaml` library's `Range` (a tuple of three offsets), so a
 * finding's or an edit's `range` (an object of positions) is left alone.
 */
/** A tuple of three numbers (the `yaml` library's `Range`), possibly with null or undefined. */
function isYamlRange(checker, type) {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => {
    if (!checker.isTupleType(part)) return false;
    const elements = checker.getTypeArguments(part);
    return elements.length === 3 && elements.every((element) => checker.typeToString(element) === 'number');
  });
}

export default {
  meta: {
    type: 'problem',
    docs: { description: "A YAML node's range is read through the snapshot (doc.nodeRange / doc.span), never as node.range." },
    messages: {
      direct:
        "Read a YAML node's range through the snapshot (`doc.nodeRange(node)` or `doc.span(node)`): a node shared with an earlier snapshot keeps the offsets of its parse (docs/architecture.md, invariant 12).",
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) throw new Error('node-range-through-document needs type information (parserOptions.projectService)');
    const checker = services.program.getTypeChecker();
    return {
      'MemberExpression[property.name="range"]'(node) {
        if (node.computed) return;
        const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
        if (isYamlRange(checker, type)) context.report({ node: node.property, messageId: 'direct' });
      },
    };
  },
};
