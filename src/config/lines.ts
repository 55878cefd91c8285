/**
 * The lines of a stream of text chunks (bytes as UTF-8, or strings), without their "\n" or "\r\n";
 * the last line too when the stream does not end with a newline. Memory holds one chunk and one
 * line at a time, so a file of any size streams through.
 */
export async function* linesOf(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let carry = "";
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    const lines = (carry + text).split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) yield line.endsWith("\r") ? line.slice(0, -1) : line;
  }
  carry += decoder.decode();
  if (carry !== "") yield carry.endsWith("\r") ? carry.slice(0, -1) : carry;
}
