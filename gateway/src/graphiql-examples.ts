import { Kind, parse, TokenKind, type OperationDefinitionNode } from 'graphql';

/** One example tab of the GraphiQL page: a ```graphql block of docs/api.md under its section heading. */
export interface GraphiqlExample {
  /** The heading of the section the block is in, e.g. `1. Register a letter (CLERK)`. */
  title: string;
  query: string;
  /** A ```json block right after the graphql block: its variables. */
  variables?: string;
}

const HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/;

/**
 * The ```graphql blocks of a markdown text, in order, each with the heading of its section.
 * Anonymous operations get a name from their first field (`query { halls … }` → `query Halls { … }`),
 * so that GraphiQL titles the tab and can run any one of several operations in a block; a block
 * that is not valid GraphQL is kept as written. Pure: no file, no network.
 */
export function extractExamples(markdown: string): GraphiqlExample[] {
  const examples: GraphiqlExample[] = [];
  let heading = '';
  let fence: { marker: string; lang: string; lines: string[] } | undefined;
  // The last graphql example while nothing but blank lines followed it (a ```json block then is its variables).
  let previous: GraphiqlExample | undefined;

  const close = () => {
    if (!fence) return;
    const content = fence.lines.join('\n').trim();
    if ((fence.lang === 'graphql' || fence.lang === 'gql') && content) {
      previous = { title: heading || 'Example', query: nameOperations(content) };
      examples.push(previous);
    } else if (fence.lang === 'json' && previous && content && previous.variables === undefined) {
      previous.variables = content;
      previous = undefined;
    } else {
      previous = undefined;
    }
    fence = undefined;
  };

  for (const line of markdown.split(/\r?\n/)) {
    if (fence) {
      const end = FENCE.exec(line);
      if (end && end[1][0] === fence.marker[0] && end[1].length >= fence.marker.length && line.trim() === end[1]) close();
      else fence.lines.push(line);
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = { marker: open[1], lang: open[2].toLowerCase(), lines: [] };
      continue;
    }
    if (line.trim() === '') continue;
    previous = undefined;
    const h = HEADING.exec(line);
    if (h) heading = h[1].trim();
  }
  close(); // a block left open runs to the end of the text
  return examples;
}

/** Names the anonymous operations of a document after their first field, unique within the document. */
export function nameOperations(source: string): string {
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(source).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return source;
  }
  const used = new Set(operations.flatMap((o) => (o.name ? [o.name.value] : [])));
  const inserts: Array<{ at: number; text: string }> = [];
  for (const operation of operations) {
    if (operation.name || !operation.loc) continue;
    const field = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
    const base = capitalize(field?.name.value ?? operation.operation);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    const start = operation.loc.startToken;
    // `{ … }` is a query without its keyword; otherwise the name goes right after `query`/`mutation`.
    if (start.kind === TokenKind.BRACE_L) inserts.push({ at: start.start, text: `query ${name} ` });
    else inserts.push({ at: start.end, text: ` ${name}` });
  }
  let named = source;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) named = named.slice(0, at) + text + named.slice(at);
  return named;
}

function capitalize(name: string) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The examples as the gateway reads them at runtime: anything else is not an example list. */
export function isExampleList(value: unknown): value is GraphiqlExample[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        typeof e.title === 'string' &&
        typeof e.query === 'string' &&
        (e.variables === undefined || typeof e.variables === 'string'),
    )
  );
}
