// An endpoint's `azure:` block: Azure OpenAI's api-version, and where `tune deploy` creates a
// deployment (the management plane: subscription, group, account, token).
import { z } from "zod";
import { nonEmpty } from "./primitives.js";

export const AzureSchema = z
  .strictObject({
    apiVersion: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, "expected an API version such as 2024-10-21")
      .describe("the `api-version` every request carries, e.g. 2024-10-21"),
    subscription: nonEmpty.optional().describe("`tune deploy`: the Azure subscription id of the resource"),
    resourceGroup: nonEmpty.optional().describe("`tune deploy`: the resource group of the resource"),
    account: nonEmpty
      .optional()
      .describe("`tune deploy`: the Azure OpenAI resource (Cognitive Services account) name"),
    tokenEnv: nonEmpty
      .optional()
      .describe(
        "`tune deploy`: the environment variable holding a management-plane bearer token (`az account get-access-token` prints one)",
      ),
    managementURL: z
      .url({ message: "must be a URL such as https://management.azure.com" })
      .optional()
      .describe("`tune deploy`: the Azure Resource Manager endpoint (default https://management.azure.com)"),
  })
  .describe(
    "Azure OpenAI: baseURL is the resource (https://NAME.openai.azure.com), the key goes in the api-key header, a strategy's model is its deployment name",
  );
