import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "../config.js";
import { messageNames, requesterMessages } from "../mail/messages.js";
import { createRenderer } from "../mail/render.js";
import { samples } from "../mail/samples.js";

/**
 * Renders every template with sample data into DATA_DIR/mail-preview/, one .txt and one .html per message, and the
 * requester's messages in Spanish too (`<name>.es.txt`, `<name>.es.html`).
 */
const config = loadConfig(process.env);
const render = createRenderer(config);
const folder = join(config.DATA_DIR, "mail-preview");
await mkdir(folder, { recursive: true });
for (const name of messageNames) {
  const mail = render(name, samples[name]);
  await writeFile(join(folder, `${name}.txt`), `Subject: ${mail.subject}\n\n${mail.text}`);
  await writeFile(join(folder, `${name}.html`), mail.html);
}
for (const name of requesterMessages) {
  const mail = render(name, samples[name], "es");
  await writeFile(join(folder, `${name}.es.txt`), `Subject: ${mail.subject}\n\n${mail.text}`);
  await writeFile(join(folder, `${name}.es.html`), mail.html);
}
console.log(
  `Rendered ${messageNames.length} messages, ${requesterMessages.length} of them in Spanish too, into ${folder}`,
);
