import { fileURLToPath } from "node:url";

// Published descriptions the tests check against, vendored so a clone of the repository alone passes
// (test/vendor/README.md says where each comes from and its licence; `npm run vendor:refresh` updates them).

/** OpenAI's OpenAPI description of its API (MIT). */
export const OPENAI_OPENAPI = fileURLToPath(new URL("../vendor/openai-openapi.yaml", import.meta.url));

/** The JUnit XML schema of the Jenkins xunit plugin (MIT), which CI servers accept. */
export const JUNIT_XSD = fileURLToPath(new URL("../vendor/junit-10.xsd", import.meta.url));

/** An excerpt of Microsoft's description of the Azure OpenAI authoring API 2024-10-21 (MIT). */
export const AZURE_OPENAI_SPEC = fileURLToPath(
  new URL("../vendor/azure-openai-2024-10-21.json", import.meta.url),
);

/** An excerpt of Microsoft's description of the Cognitive Services management API 2024-10-01 (MIT). */
export const AZURE_MANAGEMENT_SPEC = fileURLToPath(
  new URL("../vendor/azure-cognitiveservices-2024-10-01.json", import.meta.url),
);
