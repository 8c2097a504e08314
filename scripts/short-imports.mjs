// Short names for what the wasm imports from its JS loader. wasm-bindgen names each import
// `__wbg_<method>_<16 hex digits>` and writes every name twice, in the wasm's import section and
// as a key of the loader's import object: 184 names, 6.3 KB of each file, whose hex digits brotli
// cannot shrink. Both files are rewritten here to one- and two-letter names, from the same list,
// before wasm-opt and terser run. A name that is not a key of the loader exactly once stops the
// build (another wasm-bindgen would be read wrong, never silently).
// Usage: import { shortenImports } from "./short-imports.mjs"; shortenImports(wasmPath, jsPath)
import { readFileSync, writeFileSync } from "node:fs";

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The n-th short name: a … Z, then aa, ab, …
function shortName(n) {
  let name = "";
  for (n += 1; n > 0; n = Math.floor((n - 1) / LETTERS.length)) {
    name = LETTERS[(n - 1) % LETTERS.length] + name;
  }
  return name;
}

/// Reads the wasm's sections and yields { id, header, start, end } of each (the header's size
/// may be padded, so where it starts is kept).
function* sections(bytes) {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    yield { id, header: at, start: body, end: body + size };
    at = body + size;
  }
}

/// An unsigned LEB128 at `at`: its value and where the next field starts.
function leb(bytes, at) {
  let value = 0;
  for (let shift = 0; ; shift += 7, at += 1) {
    value += (bytes[at] & 0x7f) * 2 ** shift;
    if (bytes[at] < 0x80) return [value, at + 1];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    const byte = value % 128;
    value = Math.floor(value / 128);
    out.push(value > 0 ? byte | 0x80 : byte);
  } while (value > 0);
  return out;
}

const encodeName = (text) => {
  const utf8 = Buffer.from(text, "utf8");
  return [...encodeLeb(utf8.length), ...utf8];
};

/// Where an import's description (function, table, memory, global, tag) ends.
function descriptionEnd(bytes, kind, at) {
  const limits = (at) => {
    const flags = bytes[at];
    const [, next] = leb(bytes, at + 1);
    return flags & 1 ? leb(bytes, next)[1] : next;
  };
  switch (kind) {
    case 0: case 4: return leb(bytes, at + (kind === 4 ? 1 : 0))[1];
    case 1: return limits(at + 1);
    case 2: return limits(at);
    case 3: return at + 2;
    default: throw new Error(`an import of kind ${kind} this script does not know`);
  }
}

/// Renames every import of `wasmPath` and the matching keys of the loader `jsPath`, in place.
export function shortenImports(wasmPath, jsPath) {
  const bytes = readFileSync(wasmPath);
  const imports = [...sections(bytes)].find((section) => section.id === 2);
  if (!imports) throw new Error(`${wasmPath} has no import section`);
  let js = readFileSync(jsPath, "utf8");
  const renamed = new Map();
  const rename = (old, fresh) => {
    if (!renamed.has(old)) {
      // A key, quoted or not: `__wbg_…: function`, `"./vendor-readiness_bg.js": import0`.
      const key = new RegExp(`(?<=[\\s{,])"?${old.replace(/[$.]/g, "\\$&")}"?(?=\\s*:)`, "g");
      const found = js.match(key)?.length ?? 0;
      if (found !== 1) throw new Error(`${old} is a key of ${jsPath} ${found} times, not once`);
      js = js.replace(key, fresh);
      renamed.set(old, fresh);
    }
    return renamed.get(old);
  };
  const [count, first] = leb(bytes, imports.start);
  const body = [...encodeLeb(count)];
  let at = first;
  for (let n = 0; n < count; n += 1) {
    const [moduleLength, moduleAt] = leb(bytes, at);
    const module = bytes.toString("utf8", moduleAt, moduleAt + moduleLength);
    const [nameLength, nameAt] = leb(bytes, moduleAt + moduleLength);
    const name = bytes.toString("utf8", nameAt, nameAt + nameLength);
    const kindAt = nameAt + nameLength;
    const end = descriptionEnd(bytes, bytes[kindAt], kindAt + 1);
    body.push(...encodeName(rename(module, "w")), ...encodeName(rename(name, shortName(n))));
    body.push(...bytes.subarray(kindAt, end));
    at = end;
  }
  if (at !== imports.end) throw new Error(`${wasmPath}: the import section was not read to its end`);
  const head = bytes.subarray(0, imports.header);
  const section = Buffer.from([2, ...encodeLeb(body.length), ...body]);
  writeFileSync(wasmPath, Buffer.concat([head, section, bytes.subarray(imports.end)]));
  writeFileSync(jsPath, js);
  return renamed.size;
}
