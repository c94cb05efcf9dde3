// Mozilla Readability.js (npm @mozilla/readability on jsdom), the way the
// public benchmark runs it: reads a JSON list of [id, htmlPath] on stdin and
// prints {id: articleText} as JSON. Part of tools/extraction_eval only.
import fs from "node:fs";
import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";

const list = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {};
const quiet = new VirtualConsole(); // page CSS jsdom cannot parse is not our concern
for (const [id, file] of list) {
  try {
    const dom = new JSDOM(fs.readFileSync(file, "utf8"), { url: "https://example.com/", virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    out[id] = article ? article.textContent : "";
    dom.window.close();
  } catch (err) {
    out[id] = "";
    process.stderr.write(`readability: ${id}: ${err.message}\n`);
  }
}
process.stdout.write(JSON.stringify(out));
