import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "../config.js";
import { messageNames } from "../mail/messages.js";
import { createRenderer } from "../mail/render.js";
import { samples } from "../mail/samples.js";

/** Renders every template with sample data into DATA_DIR/mail-preview/, one .txt and one .html per message. */
const config = loadConfig(process.env);
const render = createRenderer(config);
const folder = join(config.DATA_DIR, "mail-preview");
await mkdir(folder, { recursive: true });
for (const name of messageNames) {
  const mail = render(name, samples[name]);
  await writeFile(join(folder, `${name}.txt`), `Subject: ${mail.subject}\n\n${mail.text}`);
  await writeFile(join(folder, `${name}.html`), mail.html);
}
console.log(`Rendered ${messageNames.length} messages into ${folder}`);
