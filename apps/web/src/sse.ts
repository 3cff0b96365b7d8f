/**
 * Reads a server-sent event stream (the body of a fetch) until it ends or is
 * aborted, calling `onEvent` with each event's name. Only names matter here:
 * examflow's events carry no content. Aborting rejects, as fetch does.
 */
export async function readEventNames(body: ReadableStream<Uint8Array>, onEvent: (name: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.*)$/m.exec(block)?.[1];
      if (name) onEvent(name);
    }
  }
}
