/** Test support: free ports and raw HTTPS requests (for headers fetch will not send as given). */
import { connect } from "node:tls";

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one HTTP/1.1 request over TLS with exactly the given headers. */
export function rawHttpsRequest(options: {
  port: number;
  host?: string;
  ca: string;
  method?: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: options.host ?? "127.0.0.1", port: options.port, ca: options.ca, servername: "localhost" },
      () => {
        const lines = [`${options.method ?? "GET"} ${options.path} HTTP/1.1`];
        for (const [k, v] of Object.entries(options.headers)) lines.push(`${k}: ${v}`);
        lines.push("Connection: close");
        if (options.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(options.body)}`);
        socket.write(`${lines.join("\r\n")}\r\n\r\n${options.body ?? ""}`);
      },
    );
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      data += chunk;
    });
    socket.on("error", reject);
    socket.on("end", () => {
      const [head = "", ...rest] = data.split("\r\n\r\n");
      const [statusLine = "", ...headerLines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const i = line.indexOf(":");
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
    });
  });
}
