// REFI-QDA exchange (https://www.qdasoftware.org): the codebook as .qdc (urn:QDA-XML:codebook:1.0) and the
// project as .qdpx, a zip of project.qde (urn:QDA-XML:project:1.0) and one plain-text source per conversation
// (sources/<guid>.txt). GUIDs are derived from our ids (sha1, formatted as a UUID), so exporting twice gives
// the same file. Positions in a source are Unicode code points, as the standard counts them.
import { createHash } from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { Db } from '../db/workspace.js';
import { UserError } from '../domain/errors.js';
import type { ExportCode } from './exports.js';
import { exportCodes } from './exports.js';
import { EFFECTIVE_CTES } from './sql.js';

export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
export const PROJECT_NS = 'urn:QDA-XML:project:1.0';

export function guid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, suppressBooleanAttributes: false });
const XML_DECL = { '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' } };

type XmlNode = Record<string, unknown>;

function codeTree(codes: ExportCode[], noteRefs: Map<string, string[]> = new Map()): XmlNode[] {
  const kids = new Map<string | null, ExportCode[]>();
  for (const c of codes) kids.set(c.parentPath, [...(kids.get(c.parentPath) ?? []), c]);
  const node = (c: ExportCode): XmlNode => {
    const children = (kids.get(c.path) ?? []).map(node);
    const description = [c.definition, c.inclusion && `Inclusion: ${c.inclusion}`, c.exclusion && `Exclusion: ${c.exclusion}`].filter(Boolean).join('\n\n');
    return {
      '@_guid': guid('code', c.codeId), '@_name': c.name, '@_isCodable': 'true', '@_color': c.color.toUpperCase(),
      ...(description ? { Description: description } : {}),
      ...(noteRefs.get(c.codeId)?.length ? { NoteRef: noteRefs.get(c.codeId)!.map((g) => ({ '@_targetGUID': g })) } : {}),
      ...(children.length ? { Code: children } : {}),
    };
  };
  return (kids.get(null) ?? []).map(node);
}

export function codebookXml(codes: ExportCode[]): string {
  return builder.build({ ...XML_DECL, CodeBook: { '@_xmlns': CODEBOOK_NS, '@_origin': 'Empathy Workbench', Codes: { Code: codeTree(codes) } } });
}

const isoNoMs = (s: string) => new Date(s).toISOString().replace(/\.\d{3}Z$/, 'Z');
const codePoints = (s: string) => Array.from(s).length;

/** The .qdpx bytes: project.qde plus one source text per conversation that has codes, spans or memos. */
export async function projectQdpx(db: Db): Promise<Uint8Array> {
  const codes = await exportCodes(db);
  const coders = await db.all<{ name: string; created_at: string }>(`SELECT name, created_at FROM coding_coders ORDER BY name`);
  const memos = await db.all<{ memo_id: string; target_kind: string; target_id: string; coder: string; text: string; at: string }>(`SELECT memo_id, target_kind, target_id, coder, text, ts AS at FROM coding_memos ORDER BY ts, memo_id`);
  const sentenceCodes = await db.all<{ conversation_id: string; turn: number; sentence_index: number; coder: string; code_id: string; at: string }>(`
    WITH ${EFFECTIVE_CTES}
    SELECT DISTINCT e.conversation_id, e.turn, e.sentence_index, e.coder, e.code_id, a.ts AS at FROM effective e JOIN coding_assignments a USING (assignment_id)
    ORDER BY 1, 2, 3, 4, 5`);
  const spans = await db.all<{ assignment_id: string; conversation_id: string; turn: number; start_char: number; end_char: number; coder: string; code_id: string; at: string }>(
    `SELECT assignment_id, conversation_id, turn, start_char, end_char, coder, code_id, ts AS at FROM coding_assignments WHERE grain = 'span' ORDER BY 2, 3, 4`);
  const convIds = [...new Set([...sentenceCodes.map((r) => r.conversation_id), ...spans.map((r) => r.conversation_id),
    ...memos.filter((m) => m.target_kind === 'conversation').map((m) => m.target_id)])].sort();
  const userGuid = (name: string) => guid('user', name);
  const files: Record<string, Uint8Array> = {};
  const sources: XmlNode[] = [];
  const memoGuid = (m: { memo_id: string }) => guid('memo', m.memo_id);
  // Messages and sentences of every exported conversation in two reads, grouped here.
  const group = <T extends { conversation_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.conversation_id);
      if (list) list.push(r);
      else m.set(r.conversation_id, [r]);
    }
    return m;
  };
  const ids = JSON.stringify(convIds);
  const allMessages = group(await db.all<{ conversation_id: string; turn: number; role: string; text: string }>(
    `SELECT conversation_id, turn, role, text FROM messages WHERE list_contains(from_json(?::JSON, '["VARCHAR"]'), conversation_id) ORDER BY 1, 2`, [ids]));
  const allSentences = group(await db.all<{ conversation_id: string; turn: number; sentence_index: number; text: string }>(
    `SELECT conversation_id, turn, sentence_index, text FROM sentences WHERE list_contains(from_json(?::JSON, '["VARCHAR"]'), conversation_id) ORDER BY 1, 2, 3`, [ids]));
  const codesByConv = group(sentenceCodes);
  const spansByConv = group(spans);
  for (const cid of convIds) {
    const messages = allMessages.get(cid) ?? [];
    const sentences = allSentences.get(cid) ?? [];
    // The source is the transcript, one message per line: "<role>: <text>"; message starts are kept to place sentences and spans.
    let plain = '';
    const msgStart = new Map<number, { at: number; text: string }>();
    for (const m of messages) {
      const prefix = `${m.role}: `;
      msgStart.set(m.turn, { at: codePoints(plain) + codePoints(prefix), text: m.text });
      plain += `${prefix}${m.text}\n`;
    }
    const sentencePos = new Map<string, [number, number]>();
    const cursor = new Map<number, number>();
    for (const s of sentences) {
      const msg = msgStart.get(s.turn);
      if (!msg) continue;
      const from = cursor.get(s.turn) ?? 0;
      const i = msg.text.indexOf(s.text, from);
      if (i < 0) continue;
      cursor.set(s.turn, i + s.text.length);
      const start = msg.at + codePoints(msg.text.slice(0, i));
      sentencePos.set(`${s.turn}/${s.sentence_index}`, [start, start + codePoints(s.text)]);
    }
    const selections: XmlNode[] = [];
    const byUnit = new Map<string, typeof sentenceCodes>();
    for (const r of codesByConv.get(cid) ?? []) {
      const k = `${r.turn}/${r.sentence_index}/${r.coder}`;
      byUnit.set(k, [...(byUnit.get(k) ?? []), r]);
    }
    for (const [k, rows] of byUnit) {
      const pos = sentencePos.get(`${rows[0].turn}/${rows[0].sentence_index}`);
      if (!pos) continue;
      selections.push({
        '@_guid': guid('selection', cid, k), '@_name': `${cid} ${rows[0].turn}.${rows[0].sentence_index}`, '@_startPosition': pos[0], '@_endPosition': pos[1],
        '@_creatingUser': userGuid(rows[0].coder), '@_creationDateTime': isoNoMs(rows[0].at),
        Coding: rows.map((r) => ({ '@_guid': guid('coding', cid, k, r.code_id), '@_creatingUser': userGuid(r.coder), '@_creationDateTime': isoNoMs(r.at), CodeRef: { '@_targetGUID': guid('code', r.code_id) } })),
      });
    }
    for (const s of spansByConv.get(cid) ?? []) {
      const msg = msgStart.get(s.turn);
      if (!msg) continue;
      const start = msg.at + codePoints(msg.text.slice(0, s.start_char));
      selections.push({
        '@_guid': guid('selection', s.assignment_id), '@_name': `${cid} ${s.turn} span`, '@_startPosition': start, '@_endPosition': start + codePoints(msg.text.slice(s.start_char, s.end_char)),
        '@_creatingUser': userGuid(s.coder), '@_creationDateTime': isoNoMs(s.at),
        Coding: [{ '@_guid': guid('coding', s.assignment_id), '@_creatingUser': userGuid(s.coder), '@_creationDateTime': isoNoMs(s.at), CodeRef: { '@_targetGUID': guid('code', s.code_id) } }],
      });
    }
    const g = guid('source', cid);
    files[`sources/${g}.txt`] = strToU8(plain);
    const notes = memos.filter((m) => m.target_kind === 'conversation' && m.target_id === cid).map((m) => ({ '@_targetGUID': memoGuid(m) }));
    sources.push({
      '@_guid': g, '@_name': cid, '@_plainTextPath': `internal://${g}.txt`,
      ...(selections.length ? { PlainTextSelection: selections } : {}), ...(notes.length ? { NoteRef: notes } : {}),
    });
  }
  const codeNotes = new Map<string, string[]>();
  for (const m of memos.filter((x) => x.target_kind === 'code')) codeNotes.set(m.target_id, [...(codeNotes.get(m.target_id) ?? []), memoGuid(m)]);
  const project = {
    ...XML_DECL,
    Project: {
      '@_xmlns': PROJECT_NS, '@_name': 'Empathy Workbench coding', '@_origin': 'Empathy Workbench',
      ...(coders.length ? { Users: { User: coders.map((c) => ({ '@_guid': userGuid(c.name), '@_name': c.name })) } } : {}),
      CodeBook: { Codes: { Code: codeTree(codes, codeNotes) } },
      ...(sources.length ? { Sources: { TextSource: sources } } : {}),
      ...(memos.length ? {
        Notes: {
          Note: memos.map((m) => ({
            '@_guid': memoGuid(m), '@_name': `${m.target_kind} ${m.target_id}`, '@_creatingUser': userGuid(m.coder), '@_creationDateTime': isoNoMs(m.at),
            PlainTextContent: m.text,
          })),
        },
      } : {}),
    },
  };
  files['project.qde'] = strToU8(builder.build(project));
  return zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

export interface ImportedCode { path: string; name: string; color: string | null; definition: string }

/** Codes of a .qdc (or the CodeBook of a .qde), depth first, with their paths. */
export function parseCodebookXml(xml: string): ImportedCode[] {
  let doc: XmlNode;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'Code', parseAttributeValue: false }).parse(xml, true) as XmlNode;
  } catch (e) {
    const m = /line (\d+)/i.exec(String((e as { err?: { line?: number } }).err?.line ?? (e as Error).message));
    throw new UserError(`The codebook is not well-formed XML${m ? ` (line ${m[1]})` : ''}`, 'import-error');
  }
  const book = (doc.CodeBook ?? (doc.Project as XmlNode | undefined)?.CodeBook) as XmlNode | undefined;
  const ns = (doc.CodeBook as XmlNode | undefined)?.['@_xmlns'] ?? (doc.Project as XmlNode | undefined)?.['@_xmlns'];
  if (!book || (ns !== CODEBOOK_NS && ns !== PROJECT_NS)) throw new UserError(`Not a REFI-QDA codebook: expected a CodeBook element in namespace ${CODEBOOK_NS}`, 'import-error');
  const out: ImportedCode[] = [];
  const walk = (nodes: XmlNode[] | undefined, parent: string | null) => {
    for (const n of nodes ?? []) {
      const name = String(n['@_name'] ?? '').trim().replaceAll('/', '-');
      if (!name) throw new UserError('A Code element of the codebook has no name attribute', 'import-error');
      const path = parent ? `${parent}/${name}` : name;
      const color = typeof n['@_color'] === 'string' && /^#[0-9a-fA-F]{6}$/.test(n['@_color']) ? n['@_color'].toLowerCase() : null;
      out.push({ path, name, color, definition: typeof n.Description === 'string' ? n.Description : '' });
      walk(n.Code as XmlNode[] | undefined, path);
    }
  };
  walk(((book.Codes as XmlNode | undefined)?.Code as XmlNode[] | undefined), null);
  return out;
}
