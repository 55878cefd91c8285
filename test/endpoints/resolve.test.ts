import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/schema.js";
import { EndpointError, MissingKeyError, resolveEndpoint } from "../../src/endpoints/index.js";

const config: Pick<Config, "endpoints"> = {
  endpoints: {
    openai: { baseURL: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY" },
    vllm: { baseURL: "http://localhost:8000/v1" },
    azure: {
      baseURL: "https://example.openai.azure.com/openai/v1",
      apiKeyEnv: "AZURE_KEY",
      headers: { "x-team": "evals" },
    },
  },
};

describe("resolveEndpoint", () => {
  it("fails with one line naming the variable when the key is missing", () => {
    const attempt = () => resolveEndpoint("openai", config, {}, "http://127.0.0.1:9/v1");
    expect(attempt).toThrow(MissingKeyError);
    expect(attempt).toThrow(
      'endpoint "openai" needs an API key: set OPENAI_API_KEY (or point the strategy at endpoint: sim to use the offline simulator)',
    );
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
      expect(error).toMatchObject({ endpoint: "openai", envVar: "OPENAI_API_KEY" });
    }
  });

  it("treats an empty variable as missing and never falls back to the simulator", () => {
    expect(() =>
      resolveEndpoint("openai", config, { OPENAI_API_KEY: "  " }, "http://127.0.0.1:9/v1"),
    ).toThrow(MissingKeyError);
  });

  it("reads the key and headers of a configured endpoint", () => {
    const key = "sk-test-abcdefghijklmnop";
    expect(resolveEndpoint("azure", config, { AZURE_KEY: key })).toEqual({
      name: "azure",
      baseURL: "https://example.openai.azure.com/openai/v1",
      apiKey: key,
      headers: { "x-team": "evals" },
      simulated: false,
    });
  });

  it('uses "none" for servers without keys', () => {
    expect(resolveEndpoint("vllm", config, {})).toMatchObject({
      apiKey: "none",
      headers: {},
      simulated: false,
    });
  });

  it("builds in the simulator", () => {
    expect(resolveEndpoint("sim", config, {}, "http://127.0.0.1:4321/v1")).toEqual({
      name: "sim",
      baseURL: "http://127.0.0.1:4321/v1",
      apiKey: "sim",
      headers: {},
      simulated: true,
    });
    expect(() => resolveEndpoint("sim", config, {})).toThrow(EndpointError);
  });

  it("lets the config define its own sim endpoint", () => {
    const own = { endpoints: { sim: { baseURL: "http://10.0.0.5:8080/v1" } } };
    expect(resolveEndpoint("sim", own, {}, "http://127.0.0.1:4321/v1")).toMatchObject({
      baseURL: "http://10.0.0.5:8080/v1",
      simulated: false,
    });
  });

  it("rejects unknown endpoints, naming the known ones", () => {
    expect(() => resolveEndpoint("anthropic", config, {})).toThrow(/unknown endpoint "anthropic".*"openai"/);
    expect(() => resolveEndpoint("toString", config, {})).toThrow(EndpointError);
  });
});
