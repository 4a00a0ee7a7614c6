/**
 * What Structurizr's three ADR importers (structurizr-import, Java; `!adrs <folder> [importer]` in
 * the DSL) take from a folder, written down from their documented behaviour so that tests can
 * hold our output to it without a Java runtime:
 *
 * - adr-tools (the default): every file of the folder whose name ends in `.md` is a decision. Its
 *   id is the number its first four characters spell, and a name that does not start with four
 *   digits aborts the whole import. The title is the first line after `# N. `; the date the
 *   first `Date: ` line, as yyyy-MM-dd (unparseable aborts; none means the import's day); the
 *   status the first word of the first non-empty line under `## Status` ("Superceded" read as
 *   "Superseded"; none means "Proposed"). Lines of the status section (up to `## Context`) that
 *   hold a Markdown link to another decision's file link to it, named by the text before the link.
 * - MADR: files named `NNNN-*.md` only. `status: ` and `date: ` lines of the front matter, the
 *   date as yyyy-MM-dd (a quoted date aborts; none means the file's time); the title is the
 *   first `# ` line of the body; every Markdown link to another decision's file is a link.
 * - log4brains: files named `YYYYMMDD-*.md` only, numbered 1, 2, ... in name order. The title
 *   is the first line less its `# `; the date the `- Date: ` line, else the file name's; the
 *   status the `- Status: ` line ("superseded" when it starts so); links come from a status line
 *   that holds one, and from the items of a `## Links` section.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ImportedLink {
  /** The file name of the decision linked to. */
  to: string;
  description: string;
}

export interface ImportedDecision {
  id: string;
  file: string;
  title: string;
  /** yyyy-MM-dd; undefined where the importer would fall back to a day of its own. */
  date: string | undefined;
  status: string;
  links: ImportedLink[];
}

/** What makes Structurizr stop the import of a folder, with the file that did it. */
export class ImportAborted extends Error {}

const DAY = /^\d{4}-\d{2}-\d{2}/;

async function readMarkdownFiles(dir: string, accept: (name: string) => boolean): Promise<{ name: string; lines: string[]; text: string }[]> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile() && accept(entry.name)).map((entry) => entry.name);
  names.sort();
  return Promise.all(
    names.map(async (name) => {
      const text = (await readFile(join(dir, name), 'utf8')).replaceAll('\r', '');
      return { name, text, lines: text.split('\n') };
    }),
  );
}

function parseDay(value: string, file: string): string {
  if (!DAY.test(value)) throw new ImportAborted(`${file}: "${value}" is not a yyyy-MM-dd date`);
  return value.slice(0, 10);
}

/** The default importer, for adr-tools (Nygard) folders. */
export async function importAdrToolsFolder(dir: string): Promise<ImportedDecision[]> {
  const files = await readMarkdownFiles(dir, (name) => name.endsWith('.md'));
  const decisions = files.map(({ name, lines }) => {
    if (!/^\d{4}/.test(name)) throw new ImportAborted(`${name}: the file name does not start with a four-digit number`);
    const first = lines[0] ?? '';
    const titleAt = first.indexOf('.') + 2;
    if (titleAt > first.length) throw new ImportAborted(`${name}: the first line has no title after its number`);
    const dateLine = lines.find((line) => line.startsWith('Date: '));
    const statusAt = lines.findIndex((line) => line.startsWith('## Status'));
    const statusLine = statusAt === -1 ? undefined : lines.slice(statusAt + 1).find((line) => line !== '');
    const word = statusLine?.split(' ')[0];
    return {
      id: String(Number(name.slice(0, 4))),
      file: name,
      title: first.slice(titleAt),
      date: dateLine === undefined ? undefined : parseDay(dateLine.slice('Date: '.length), name),
      status: word === undefined ? 'Proposed' : word === 'Superceded' ? 'Superseded' : word,
      links: [] as ImportedLink[],
    };
  });
  const names = new Set(decisions.map((decision) => decision.file));
  for (const [index, decision] of decisions.entries()) {
    const lines = files[index]!.lines;
    const statusAt = lines.findIndex((line) => line.startsWith('## Status'));
    if (statusAt === -1) continue;
    for (const line of lines.slice(statusAt + 1)) {
      if (line.startsWith('## Context')) break;
      const link = /(.*) \[.*]\((.*)\)/.exec(line);
      if (link !== null && names.has(link[2]!)) decision.links.push({ to: link[2]!, description: link[1]! });
    }
  }
  return decisions;
}

/** Structurizr's MadrDecisionImporter. */
export async function importMadrFolder(dir: string): Promise<ImportedDecision[]> {
  const files = await readMarkdownFiles(dir, (name) => /^\d{4}-.+.md$/.test(name));
  const names = new Set(files.map(({ name }) => name));
  return files.map(({ name, text, lines }) => {
    const frontMatter: string[] = [];
    if (lines[0]?.startsWith('---')) {
      for (const line of lines.slice(1)) {
        if (line.startsWith('---')) break;
        frontMatter.push(line);
      }
    }
    const body = text.replace(/^---\n(?:^.*\n)*?---\n/m, '');
    const title = body.split('\n').find((line) => line.startsWith('# '));
    const date = frontMatter.find((line) => line.startsWith('date: '));
    const status = frontMatter.find((line) => line.startsWith('status: '));
    const links: ImportedLink[] = [];
    for (const line of body.split('\n')) {
      const link = /\[.*]\((.*)\)/.exec(line);
      if (link !== null && names.has(link[1]!)) links.push({ to: link[1]!, description: 'Links to' });
    }
    return {
      id: String(Number(name.slice(0, 4))),
      file: name,
      title: title === undefined ? 'Title' : title.slice(2),
      date: date === undefined ? undefined : parseDay(date.slice('date: '.length), name),
      status: status === undefined ? 'accepted' : status.slice('status: '.length),
      links,
    };
  });
}

/** Structurizr's Log4brainsDecisionImporter. */
export async function importLog4brainsFolder(dir: string): Promise<ImportedDecision[]> {
  const files = await readMarkdownFiles(dir, (name) => /^\d{8}-.+.md$/.test(name));
  const names = new Set(files.map(({ name }) => name));
  return files.map(({ name, lines }, index) => {
    const dateLine = lines.find((line) => line.startsWith('- Date: '));
    const statusLine = lines.find((line) => line.startsWith('- Status: '));
    const status = statusLine?.slice('- Status: '.length);
    const links: ImportedLink[] = [];
    let inLinks = false;
    for (const line of lines) {
      const fromStatus = line.startsWith('- Status: ') ? /- Status: (.*) \[.*]\((.*)\)/.exec(line) : null;
      if (fromStatus !== null && names.has(fromStatus[2]!)) links.push({ to: fromStatus[2]!, description: fromStatus[1]! });
      if (line.startsWith('## Links')) inLinks = true;
      const item = inLinks ? /- (.*) \[.*]\((.*)\)/.exec(line) : null;
      if (item !== null && names.has(item[2]!)) links.push({ to: item[2]!, description: item[1]! });
    }
    return {
      id: String(index + 1),
      file: name,
      title: (lines[0] ?? '').slice(2),
      date: dateLine === undefined ? `${name.slice(0, 4)}-${name.slice(4, 6)}-${name.slice(6, 8)}` : parseDay(dateLine.slice('- Date: '.length), name),
      status: status === undefined ? '' : status.startsWith('superseded') ? 'superseded' : status,
      links,
    };
  });
}
