import { describe, expect, test } from "bun:test";
import { isPrivateAddress } from "./address-policy.ts";

describe("metadata fetch address policy", () => {
  test("loopback, private, link-local, mapped and reserved addresses are private", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.31.255.255",
      "192.168.0.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "255.255.255.255",
      "::1",
      "::",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "64:ff9b::a00:1",
      "fd00::1",
      "fe80::1",
      "ff02::1",
      "not-an-ip",
    ]) {
      expect({ address, private: isPrivateAddress(address) }).toEqual({ address, private: true });
    }
  });

  test("public addresses are not", () => {
    for (const address of ["8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect({ address, private: isPrivateAddress(address) }).toEqual({ address, private: false });
    }
  });
});
