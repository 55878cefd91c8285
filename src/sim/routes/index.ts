import type { Route } from "../router.js";
import { azureRoutes } from "./azure.js";
import { batchRoutes } from "./batches.js";
import { chatRoutes } from "./chat.js";
import { embeddingRoutes } from "./embeddings.js";
import { fileRoutes } from "./files.js";
import { fineTuningRoutes } from "./fine-tuning.js";
import { managementRoutes } from "./management.js";
import { modelRoutes } from "./models.js";

/** Every route a simulator starts with; add a route module's list here. */
export function builtInRoutes(): Route[] {
  const openai = [
    ...modelRoutes,
    ...chatRoutes,
    ...embeddingRoutes,
    ...fileRoutes,
    ...fineTuningRoutes,
    ...batchRoutes,
  ];
  return [...openai, ...azureRoutes(openai), ...managementRoutes];
}
