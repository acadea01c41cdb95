// Validates the served OpenAPI document against the OpenAPI 3.1 schema with
// @seriousme/openapi-schema-validator (MIT; installed from tests/browser/package-lock.json).
// Usage: node validate.mjs PORT. Exit 0 valid, 1 invalid or unreachable.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(here, "..", "browser", "node_modules", "@seriousme",
                        "openapi-schema-validator", "index.js");
const { Validator } = await import(pathToFileURL(entry).href);

const port = process.argv[2];
const response = await fetch(`http://127.0.0.1:${port}/openapi.json`);
if (response.status !== 200) {
  console.error(`GET /openapi.json answered ${response.status}`);
  process.exit(1);
}
const doc = await response.json();

const validator = new Validator();
const result = await validator.validate(doc);
if (!result.valid) {
  console.error("openapi.json does not match the OpenAPI schema:");
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
if (validator.version !== "3.1" || !doc.openapi.startsWith("3.1")) {
  console.error(`expected OpenAPI 3.1, the validator read ${validator.version} (${doc.openapi})`);
  process.exit(1);
}

// The validator must be able to say no: a copy with an operation missing its responses and a
// path parameter of an unknown kind is refused.
const broken = structuredClone(doc);
delete broken.paths["/healthz"].get.responses;
broken.paths["/v1/transfers/{index}"].get.parameters = [{ name: "index", in: "nowhere" }];
const refused = await new Validator().validate(broken);
if (refused.valid) {
  console.error("the validator accepted a broken document; it checks nothing");
  process.exit(1);
}

const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
console.log(`openapi.json is valid OpenAPI ${doc.openapi}: ${operations} operations`);
