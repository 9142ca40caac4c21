import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { createHttpApp } from './app.ts';
import { readForm, registerMultipart, type ReadFormOptions } from './multipart.ts';

const BOUNDARY = '----zxtest';

type Part = { name: string; value: string } | { name: string; file: Buffer; filename?: string; type?: string };

function body(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    } else {
      const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename ?? 'a.png'}"\r\nContent-Type: ${p.type ?? 'image/png'}\r\n\r\n`;
      chunks.push(Buffer.from(head), p.file, Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

async function setup(opts: ReadFormOptions) {
  const { app } = await createHttpApp({ logLevel: 'silent', trustProxy: false, publicDir: os.tmpdir(), uploadsDir: os.tmpdir() });
  await app.register(async (scope) => {
    await registerMultipart(scope, { fileBytes: 1000, fieldBytes: 100, fields: 5 });
    scope.post('/form', async (req) => {
      const { fields, files } = await readForm(req, opts as ReadFormOptions & { repeated: 'all' });
      const summary: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(files))
        summary[k] = { size: f.data.length, mime: f.mime, filename: f.filename, truncated: f.truncated, head: f.data.subarray(0, 4).toString() };
      return { fields: { ...fields }, files: summary };
    });
  });
  const send = (parts: Part[]) =>
    app.inject({ method: 'POST', url: '/form', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: body(parts) });
  return { app, send };
}

test('fields and the one named file arrive with its bytes and declared type; other files are dropped', async () => {
  const { send } = await setup({ files: ['picture'] });
  const res = await send([
    { name: 'title', value: '标题' },
    { name: 'picture', file: Buffer.from('PNG-bytes'), filename: 'x.PNG', type: 'IMAGE/PNG' },
    { name: 'note', value: 'n' },
  ]);
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), {
    fields: { title: '标题', note: 'n' },
    files: { picture: { size: 9, mime: 'image/png', filename: 'x.PNG', truncated: false, head: 'PNG-' } },
  });
  const other = await send([
    { name: 'title', value: 't' },
    { name: 'attachment', file: Buffer.from('zzz') },
  ]);
  assert.deepEqual(other.json(), { fields: { title: 't' }, files: {} });
});

test('an empty file input (nothing chosen) is no file', async () => {
  const { send } = await setup({ files: ['picture'] });
  const res = await send([
    { name: 'title', value: 't' },
    { name: 'picture', file: Buffer.alloc(0), filename: '' },
  ]);
  assert.deepEqual(res.json(), { fields: { title: 't' }, files: {} });
});

test('repeated fields: the first value by default, all of them as an array on request', async () => {
  const parts: Part[] = [
    { name: 'group', value: '1' },
    { name: 'group', value: '2' },
    { name: 'name', value: 'x' },
  ];
  const first = await (await setup({ files: [] })).send(parts);
  assert.deepEqual(first.json().fields, { group: '1', name: 'x' });
  const all = await (await setup({ files: [], repeated: 'all' })).send(parts);
  assert.deepEqual(all.json().fields, { group: ['1', '2'], name: 'x' });
});

test('an oversized file is kept cut and marked truncated, so the form can name the field', async () => {
  const { send } = await setup({ files: ['picture'] });
  const res = await send([{ name: 'picture', file: Buffer.alloc(5000, 65) }]);
  assert.equal(res.statusCode, 200);
  const pic = res.json().files.picture;
  assert.equal(pic.truncated, true);
  assert.ok(pic.size <= 1000);
});

test('an oversized text field is refused with a clear 413 message', async () => {
  const { send } = await setup({ files: ['picture'] });
  const res = await send([{ name: 'body', value: 'x'.repeat(500) }]);
  assert.equal(res.statusCode, 413);
  assert.match(res.body, /提交的内容过大/);
});

test('a second file (more than one file per form) is refused with 413, not half-read', async () => {
  const { send } = await setup({ files: ['picture', 'other'] });
  const res = await send([
    { name: 'picture', file: Buffer.from('one') },
    { name: 'other', file: Buffer.from('two') },
  ]);
  assert.equal(res.statusCode, 413);
});

test('with a type list, a file declaring another type is dropped as if none was chosen', async () => {
  const { send } = await setup({ files: ['picture'], types: ['image/png', 'image/jpeg'] });
  const bad = await send([
    { name: 't', value: 'kept' },
    { name: 'picture', file: Buffer.from('<svg/>'), type: 'image/svg+xml' },
  ]);
  assert.deepEqual(bad.json(), { fields: { t: 'kept' }, files: {} });
  const ok = await send([{ name: 'picture', file: Buffer.from('jpeg'), type: 'image/jpeg' }]);
  assert.equal(ok.json().files.picture.mime, 'image/jpeg');
});

test('an urlencoded form comes out in the same shape, without files', async () => {
  const { app } = await setup({ files: ['picture'], repeated: 'all' });
  const res = await app.inject({
    method: 'POST',
    url: '/form',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'a=1&b=2&b=3&constructor=c',
  });
  assert.deepEqual(res.json(), { fields: { a: '1', b: ['2', '3'], constructor: 'c' }, files: {} });
});

test('a cut-off or boundary-less multipart body is a clear 400, not a server error', async () => {
  const { app } = await setup({ files: ['picture'] });
  const cut = await app.inject({
    method: 'POST',
    url: '/form',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, accept: 'application/json' },
    payload: `--${BOUNDARY}\r\nbroken`,
  });
  assert.equal(cut.statusCode, 400);
  assert.match(cut.body, /表单数据不完整或格式有误/);
  const noBoundary = await app.inject({
    method: 'POST',
    url: '/form',
    headers: { 'content-type': 'multipart/form-data' },
    payload: 'x=1',
  });
  assert.equal(noBoundary.statusCode, 400);
  assert.match(noBoundary.body, /表单数据不完整或格式有误/);
  const halfFile = await app.inject({
    method: 'POST',
    url: '/form',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="picture"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nPNG-but-no-end`,
  });
  assert.equal(halfFile.statusCode, 400);
});
