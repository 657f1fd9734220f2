// REFI-QDA exchange. The standard's XSDs (Codebook.xsd, Project-mrt2019.xsd) are not on npm and the network is
// closed here, so the structure they require is checked instead: namespaces, required elements and attributes,
// GUID syntax, references that resolve, selections that point at the coded text; then export → import round trips.
import { unzipSync, strFromU8 } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEBOOK_NS, PROJECT_NS } from '../../main/coding/refi-qda.js';
import { codingFixture, supporterSentences, type CodingFixture } from './helpers.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (n) => ['Code', 'User', 'TextSource', 'PlainTextSelection', 'Coding', 'Note', 'NoteRef'].includes(n) });
type Node = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let f: CodingFixture;
let g: CodingFixture;
beforeAll(async () => {
  f = await codingFixture('coding-refi');
  g = await codingFixture('coding-refi-target');
  const { codes } = await f.b.app.call('coding-codebook-start', { coder: 'ann', template: 'lend-an-ear' });
  const ve = codes.find((c) => c.path === 'Affective/Validating emotions')!;
  await f.b.app.call('coding-code-update', { coder: 'ann', codeId: ve.codeId, exclusion: 'Not sympathy <alone> & not "advice"' });
  const s = (await supporterSentences(f.db)).filter((x) => x.text.includes('sense'));
  await f.b.app.call('coding-assign', { coder: 'ann', codeId: ve.codeId, unit: { grain: 'sentence', conversationId: s[0].conversationId, turn: s[0].turn, sentenceIndex: s[0].sentenceIndex } });
  await f.b.app.call('coding-assign', { coder: 'bob', codeId: codes[0].codeId, unit: { grain: 'span', conversationId: 'c000-1', turn: 1, start: 2, end: 11 } });
  await f.b.app.call('coding-memo-set', { coder: 'ann', target: { kind: 'code', id: ve.codeId }, text: 'memo on a code' });
  await f.b.app.call('coding-memo-set', { coder: 'bob', target: { kind: 'conversation', id: s[0].conversationId }, text: 'memo on a conversation' });
}, 180_000);
afterAll(() => {
  f.cleanup();
  g.cleanup();
});

function allCodes(nodes: Node[] | undefined, out: Node[] = []): Node[] {
  for (const n of nodes ?? []) {
    out.push(n);
    allCodes(n.Code, out);
  }
  return out;
}

describe('.qdc codebook', () => {
  it('has the codebook namespace, nested Code elements with GUIDs, names, isCodable and colours', async () => {
    const r = await f.b.app.call('coding-codebook-export', { format: 'qdc' });
    expect(XMLValidator.validate(r.content!)).toBe(true);
    const doc = parser.parse(r.content!);
    expect(doc.CodeBook['@_xmlns']).toBe(CODEBOOK_NS);
    const top = doc.CodeBook.Codes.Code as Node[];
    expect(top.map((c) => c['@_name'])).toEqual(['Affective', 'Cognitive', 'Motivational', 'Misattuned']);
    const codes = allCodes(top);
    expect(codes).toHaveLength(14);
    for (const c of codes) {
      expect(c['@_guid']).toMatch(GUID);
      expect(c['@_isCodable']).toBe('true');
      expect(c['@_color']).toMatch(/^#[0-9A-F]{6}$/);
    }
    expect(new Set(codes.map((c) => c['@_guid'])).size).toBe(14);
    expect(codes.find((c) => c['@_name'] === 'Validating emotions')?.Description).toMatch(/Exclusion: Not sympathy <alone> & not "advice"/);
    // Same codebook, same bytes.
    expect((await f.b.app.call('coding-codebook-export', { format: 'qdc' })).content).toBe(r.content);
  });

  it('round trips: importing the export into an empty codebook gives the same tree and colours; again adds nothing', async () => {
    const qdc = (await f.b.app.call('coding-codebook-export', { format: 'qdc' })).content!;
    expect(await g.b.app.call('coding-codebook-import', { coder: 'imp', format: 'qdc', content: qdc })).toEqual({ created: 14, existing: 0 });
    const shape = (codes: { path: string; color: string }[]) => codes.map((c) => [c.path, c.color]);
    expect(shape((await g.b.app.call('coding-codebook', undefined)).codes)).toEqual(shape((await f.b.app.call('coding-codebook', undefined)).codes));
    expect(await g.b.app.call('coding-codebook-import', { coder: 'imp', format: 'qdc', content: qdc })).toEqual({ created: 0, existing: 14 });
    await expect(g.b.app.call('coding-codebook-import', { coder: 'imp', format: 'qdc', content: '<CodeBook><Codes>' })).rejects.toMatchObject({ code: 'import-error' });
    await expect(g.b.app.call('coding-codebook-import', { coder: 'imp', format: 'qdc', content: '<Other xmlns="urn:x"/>' })).rejects.toThrow(/urn:QDA-XML:codebook:1\.0/);
  });

  it('the JSON export round trips too', async () => {
    const json = (await f.b.app.call('coding-codebook-export', { format: 'json' })).content!;
    const h = await codingFixture('coding-refi-json');
    try {
      expect(await h.b.app.call('coding-codebook-import', { coder: 'imp', format: 'json', content: json })).toEqual({ created: 14, existing: 0 });
      const strip = (c: { path: string; color: string; definition: string; exclusion: string }) => [c.path, c.color, c.definition, c.exclusion];
      expect((await h.b.app.call('coding-codebook', undefined)).codes.map(strip)).toEqual((await f.b.app.call('coding-codebook', undefined)).codes.map(strip));
    } finally {
      h.cleanup();
    }
  }, 120_000);
});

describe('.qdpx project', () => {
  it('zips project.qde (project namespace, users, codebook, sources, codings, notes) and the source texts it names', async () => {
    const r = await f.b.app.call('coding-codebook-export', { format: 'qdpx' });
    expect(r.encoding).toBe('base64');
    const files = unzipSync(new Uint8Array(Buffer.from(r.content!, 'base64')));
    const qde = strFromU8(files['project.qde']);
    expect(XMLValidator.validate(qde)).toBe(true);
    const p = parser.parse(qde).Project as Node;
    expect(p['@_xmlns']).toBe(PROJECT_NS);
    expect(p.Users.User.map((u: Node) => u['@_name'])).toEqual(['ann', 'bob']);
    const userGuids = new Set(p.Users.User.map((u: Node) => u['@_guid']));
    const codeGuids = new Map(allCodes(p.CodeBook.Codes.Code).map((c) => [c['@_guid'], c['@_name']]));
    const noteGuids = new Set(p.Notes.Note.map((n: Node) => n['@_guid']));
    expect(p.Notes.Note.map((n: Node) => n.PlainTextContent).sort()).toEqual(['memo on a code', 'memo on a conversation']);
    expect(allCodes(p.CodeBook.Codes.Code).flatMap((c) => (c.NoteRef ?? []).map((n: Node) => n['@_targetGUID'])).every((x: string) => noteGuids.has(x))).toBe(true);
    const coded: [string, string][] = [];
    for (const src of p.Sources.TextSource as Node[]) {
      expect(src['@_guid']).toMatch(GUID);
      const m = /^internal:\/\/(.+)$/.exec(src['@_plainTextPath']);
      const text = strFromU8(files[`sources/${m![1]}`]);
      for (const sel of src.PlainTextSelection ?? []) {
        expect(userGuids.has(sel['@_creatingUser'])).toBe(true);
        const span = Array.from(text).slice(Number(sel['@_startPosition']), Number(sel['@_endPosition'])).join('');
        for (const c of sel.Coding) coded.push([codeGuids.get(c.CodeRef['@_targetGUID']), span]);
      }
    }
    expect(coded.sort()).toEqual([['Affective', 'am sorry.'], ['Validating emotions', 'It makes sense that you feel lost.']]);
    // The project's codebook imports like a .qdc.
    const again = await g.b.app.call('coding-codebook-import', { coder: 'imp', format: 'qdc', content: qde });
    expect(again.created + again.existing).toBe(14);
  });
});
