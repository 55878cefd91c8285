import type { Command } from "commander";
import { nearest } from "../config/suggest.js";

/**
 * The error for a command name that does not exist (`tunebench recrod`, `tunebench tune strat`,
 * `tunebench help recrod`), or null. Checked before commander parses: it shows the top-level help
 * and exits 0 when `--help` follows an unknown command, because it looks for help before it looks
 * at the command name. Our groups take no options, so the first word that is not a flag is the name.
 */
export function unknownCommand(program: Command, args: readonly string[]): string | null {
  let command = program;
  let rest = args;
  const names = [program.name()];
  while (command.commands.length > 0) {
    const at = rest.findIndex((arg) => !arg.startsWith("-"));
    if (at < 0) return null;
    const helpFor = rest[at] === "help";
    const name = helpFor ? rest[at + 1] : rest[at];
    if (name === undefined) return null;
    const known = command.commands.map((c) => c.name());
    const next = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (!next) {
      // Half the letters: a handful of distinct command names makes a looser guess still a fair one.
      const hint = nearest(name, known, 0.5);
      const group = names.join(" ");
      return `unknown command '${name}'${hint ? `; did you mean '${group} ${hint}'?` : ""} (${group} --help lists the commands)`;
    }
    if (helpFor) return null;
    command = next;
    names.push(name);
    rest = rest.slice(at + 1);
  }
  return null;
}
