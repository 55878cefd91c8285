import type { Command } from "commander";
import { suiteFlags } from "../../project/index.js";
import { collect, EXIT } from "../errors.js";
import { err, out, rel, SUITE_HELP, tuneAction } from "./helpers.js";

interface DeployFlags {
  config: string;
  suite?: string[];
  job?: string;
  deployment?: string;
}

/** The command that runs this deploy again (it picks up the same deployment). */
function again(flags: DeployFlags): string {
  const config = flags.config === "eval.config.yaml" ? "" : ` -c ${flags.config}`;
  const job = flags.job ? ` --job ${flags.job}` : "";
  const name = flags.deployment ? ` --deployment ${flags.deployment}` : "";
  return `tunebench tune deploy${job}${suiteFlags(flags.suite)}${name}${config}`;
}

/** Deploys the succeeded job's model; Ctrl-C stops following (exit 130), Azure keeps provisioning. */
async function runDeploy(flags: DeployFlags): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  const stopped = () => {
    err(`stopped waiting; the deployment keeps provisioning. \`${again(flags)}\` picks it up again.`);
    return 130;
  };
  try {
    const { deployTunedModel, DeployFailedError, openProject } = await import("../../finetune/index.js");
    const project = await openProject(flags.config, flags.suite);
    if (controller.signal.aborted) return stopped();
    let last = "";
    try {
      const { record, recordFile } = await deployTunedModel(project, {
        ...(flags.job ? { jobId: flags.job } : {}),
        ...(flags.deployment ? { deployment: flags.deployment } : {}),
        signal: controller.signal,
        onPoll: (state) => {
          if (state !== last) out(`deployment: ${state}`);
          last = state;
        },
      });
      out(`deployed ${record.model} as ${record.deployment} on endpoint ${record.endpoint}`);
      out(
        `recorded in ${rel(recordFile)}: the tuned strategy on ${record.endpoint} now calls ${record.deployment}`,
      );
      return EXIT.ok;
    } catch (error) {
      if (controller.signal.aborted) return stopped();
      if (error instanceof DeployFailedError) {
        err(error.message);
        return EXIT.gateFailed;
      }
      throw error;
    }
  } finally {
    process.off("SIGINT", stop);
  }
}

export function registerDeploy(tune: Command): void {
  tune
    .command("deploy")
    .description("Azure OpenAI: deploy the succeeded job's tuned model, so that it answers")
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .option("-s, --suite <name>", SUITE_HELP, collect)
    .option("--job <id>", "the job whose model to deploy (default: the one in the tuning's state.json)")
    .option("--deployment <name>", "deployment name (default: tb-<suites>-<job id>)")
    .addHelpText(
      "after",
      `
On Azure OpenAI a fine-tuned model answers only once deployed. After \`tunebench tune wait\` has
recorded a succeeded job on an endpoint with an \`azure:\` block, this creates the deployment through
Azure Resource Manager (PUT .../Microsoft.CognitiveServices/accounts/{account}/deployments/{name},
api-version 2024-10-01, sku Standard, capacity 1), follows it until it is Succeeded or Failed, and
records the name in .tunebench/tuned/<job id>.json: the tuned strategy on that endpoint then calls
the deployment. Running it again follows the same deployment. It follows the Azure-AsyncOperation
URL Azure answers with (its status), else the deployment's provisioningState, waiting what a
Retry-After asks (at most 60 s; a 429 or 503 is waited out and asked again), for up to 30 minutes.

Config (the endpoint's azure: block):
  azure: { apiVersion: "2024-10-21", subscription: <id>, resourceGroup: <group>, account: <resource>,
           tokenEnv: AZURE_MANAGEMENT_TOKEN }   # managementURL: default https://management.azure.com
  export AZURE_MANAGEMENT_TOKEN=$(az account get-access-token --query accessToken -o tsv)

Examples:
  tunebench tune deploy
  tunebench tune deploy --suite ticket-triage --deployment triage-v2

Exit codes: 0 deployed (recorded), 1 the deployment failed (the provider's message), 2 bad input
(not an Azure endpoint, azure: fields or token missing, no succeeded job), 130 stopped by Ctrl-C.`,
    )
    .action(tuneAction(runDeploy));
}
