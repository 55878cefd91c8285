// The one rule for a regular expression written in a suite (task.output.regex, cases[].expect.regex):
// JavaScript syntax with the `u` flag, as a JSON Schema `pattern` is compiled (Ajv's default). Without
// `u`, `\p{Script=Han}` is read as a literal `p{Script=Han}` and `.` splits an emoji in two, so a
// correct answer fails; with `u`, pointless escapes such as `\-` outside a class are errors, which
// `tunebench validate` reports before a run pays for its calls.

const cache = new Map<string, RegExp | Error>();

/**
 * Compiles a user-written pattern once. An invalid one comes back as an Error (not thrown), so one
 * bad suite entry fails its own checks instead of aborting a run that already paid for its calls.
 */
export function compileUserRegex(pattern: string, ignoreCase = false): RegExp | Error {
  const flags = ignoreCase ? "iu" : "u";
  const key = `${flags}/${pattern}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compile(pattern, flags);
    cache.set(key, compiled);
  }
  return compiled;
}

function compile(pattern: string, flags: string): RegExp | Error {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    // V8 says "Invalid regular expression: /a\-b/u: Invalid escape"; callers add their own lead-in.
    const message = (error instanceof Error ? error.message : String(error)).replace(
      /^Invalid regular expression: /,
      "",
    );
    // Valid in the forgiving classic syntax only: say so, since that is what the writer tested with.
    let classic = false;
    try {
      new RegExp(pattern, flags.replace("u", ""));
      classic = true;
    } catch {}
    return new Error(
      classic
        ? `${message} (suite regexes use the u flag, as JSON Schema patterns do: escape only characters that need it, e.g. write - rather than \\- outside [...])`
        : message,
    );
  }
}
