// Node 22.1+ can keep the compiled code of the modules a command loads on disk and reuse it on
// the next start: a `run` loads ~500 modules (the openai SDK 154, zod 95), and with the cache
// Node 22 and 24 load them in ~175 ms instead of ~215 ms. Node 20 has no such cache (the call is
// absent there). The cache lives where Node puts it (NODE_COMPILE_CACHE, else the temp folder),
// and NODE_DISABLE_COMPILE_CACHE=1 turns it off. Only the CLI turns it on: a library user's
// process is theirs.
import module from "node:module";

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
