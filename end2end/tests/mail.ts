import { expect } from "@playwright/test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { mailDir } from "../playwright.config";

/** One message the SMTP server on loopback received: headers (lower-cased names) and body. */
export type Received = { headers: Record<string, string>; body: string };

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function parse(raw: string): Received {
  const text = raw.replace(/\r\n/g, "\n");
  const split = text.indexOf("\n\n");
  const head = text.slice(0, split).replace(/\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  let body = text.slice(split + 2);
  if ((headers["content-transfer-encoding"] ?? "").toLowerCase() === "quoted-printable") body = decodeQuotedPrintable(body);
  return { headers, body };
}

/** Every message received so far for `to`, oldest first. */
export function messagesTo(to: string): Received[] {
  const folder = path.join(mailDir, "new");
  let files: string[] = [];
  try {
    files = readdirSync(folder).map((f) => path.join(folder, f));
  } catch {
    return [];
  }
  files.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  return files.map((f) => parse(readFileSync(f, "utf8"))).filter((m) => m.headers["to"] === to);
}

/** Waits for a message to `to` whose subject starts with `subject`. */
export async function waitForMail(to: string, subject: string): Promise<Received> {
  let found: Received | undefined;
  await expect
    .poll(() => (found = messagesTo(to).find((m) => (m.headers["subject"] ?? "").startsWith(subject))), {
      timeout: 20_000,
      message: `a message "${subject}…" to ${to}`,
    })
    .toBeTruthy();
  return found!;
}

/** The link in `message` whose path starts with `pathStart`, made relative to the board. */
export function linkIn(message: Received, pathStart: string): string {
  const match = message.body.match(new RegExp(`https?://[^\\s/]+(${pathStart.replace(/[?]/g, "\\?")}\\S*)`));
  expect(match, `a ${pathStart} link in ${message.body}`).toBeTruthy();
  return match![1];
}
