import { describe, expect, test } from "bun:test";
import { type CurrentAddress, freshAddress, movedAddress } from "./address.ts";

const deployed: CurrentAddress = {
  issuer: "https://mcp.corp.example:8443",
  port: 8443,
  hosts: ["localhost:*", "127.0.0.1:*", "mcp.corp.example:*"],
  origins: ["https://localhost:8443", "https://127.0.0.1:8443", "https://mcp.corp.example:8443", "https://portal.corp"],
};

describe("the public address keys move together", () => {
  test("a new file: loopback names plus the public host on the port", () => {
    expect(freshAddress("mcp.lab", 9443)).toEqual({
      MCP_SERVER_PORT: "9443",
      AUTH_ISSUER: "https://mcp.lab:9443",
      MCP_SERVER_SECURITY_ALLOWED_HOSTS: "localhost:*,127.0.0.1:*,mcp.lab:*",
      MCP_SERVER_SECURITY_ALLOWED_ORIGINS: "https://localhost:9443,https://127.0.0.1:9443,https://mcp.lab:9443",
    });
  });

  test("asking for nothing changes nothing", () => {
    expect(movedAddress(deployed, {})).toEqual({});
    expect(movedAddress(deployed, { host: "mcp.corp.example", port: 8443 })).toEqual({});
  });

  test("a new port keeps the public host and every other entry", () => {
    expect(movedAddress(deployed, { port: 10443 })).toEqual({
      MCP_SERVER_PORT: "10443",
      AUTH_ISSUER: "https://mcp.corp.example:10443",
      MCP_SERVER_SECURITY_ALLOWED_ORIGINS:
        "https://localhost:10443,https://127.0.0.1:10443,https://mcp.corp.example:10443,https://portal.corp",
    });
  });

  test("a new host replaces the old one where it appears and keeps the port", () => {
    const moved = movedAddress(deployed, { host: "ai.corp.example" });
    expect(moved["AUTH_ISSUER"]).toBe("https://ai.corp.example:8443");
    expect(moved["MCP_SERVER_SECURITY_ALLOWED_HOSTS"]).toBe("localhost:*,127.0.0.1:*,ai.corp.example:*");
    expect(moved["MCP_SERVER_SECURITY_ALLOWED_ORIGINS"]).toContain("https://ai.corp.example:8443,https://portal.corp");
    expect(moved["MCP_SERVER_PORT"]).toBeUndefined();
  });

  test("an issuer behind a proxy on another port keeps its port; the new host is added when missing", () => {
    const proxied = { ...deployed, issuer: "https://mcp.corp.example", hosts: ["localhost:*"] };
    const moved = movedAddress(proxied, { port: 9443 });
    expect(moved["AUTH_ISSUER"]).toBeUndefined();
    expect(moved["MCP_SERVER_SECURITY_ALLOWED_HOSTS"]).toBe("localhost:*,mcp.corp.example:*");
  });
});
