/**
 * Validates a JSON payload against an operation's request type and rewrites it with elements in
 * schema order (AXL rejects out-of-order children: the XSD uses `xsd:sequence`). Issues are data
 * (path + message) so the tool layer can return them all at once.
 */

import { elementNames } from "./describe.ts";
import type { ComplexType, ElementParticle, Particle, SchemaModel } from "./model.ts";
import { complexOf, simpleOf } from "./resolve.ts";

/** One problem found in a payload. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** The ordered payload and the problems found. */
export interface ValidationResult {
  value: Record<string, unknown>;
  issues: SchemaIssue[];
}

/** Validates `payload` for `operation`; unknown operations are one issue. */
export function validateAndOrder(
  model: SchemaModel,
  operation: string,
  payload: Record<string, unknown>,
): ValidationResult {
  const el = model.elements.get(operation);
  const t = el ? complexOf(model, el) : undefined;
  if (!t)
    return {
      value: payload,
      issues: [{ path: operation, message: `unknown operation ${operation} in schema ${model.version}` }],
    };
  const issues: SchemaIssue[] = [];
  return { value: orderComplex(model, t, payload, operation, issues), issues };
}

function orderComplex(
  model: SchemaModel,
  t: ComplexType,
  input: Record<string, unknown>,
  path: string,
  issues: SchemaIssue[],
) {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(input)) {
    if (!k.startsWith("@")) continue;
    if (!t.attributes.some((a) => `@${a.name}` === k))
      issues.push({ path: `${path}/${k}`, message: `unknown attribute ${k.slice(1)}` });
    out[k] = input[k];
  }
  if (input["#text"] !== undefined) out["#text"] = input["#text"];
  const used = new Set<string>();
  walk(model, t.content, input, out, path, issues, used, true, true);
  for (const k of Object.keys(input)) {
    if (k.startsWith("@") || k.startsWith("#") || used.has(k)) continue;
    const known = t.content.flatMap(elementNames);
    const near = known.find((n) => n.toLowerCase() === k.toLowerCase());
    issues.push({
      path: `${path}/${k}`,
      message: near
        ? `unknown element ${k}; did you mean ${near}?`
        : `unknown element ${k}; allowed here: ${known.slice(0, 40).join(", ")}`,
    });
  }
  return out;
}

function walk(
  model: SchemaModel,
  particles: Particle[],
  input: Record<string, unknown>,
  out: Record<string, unknown>,
  path: string,
  issues: SchemaIssue[],
  used: Set<string>,
  required: boolean,
  top = false,
): void {
  for (const p of particles) {
    if (p.kind === "element") {
      if (input[p.name] === undefined) {
        if (required && p.min >= 1)
          issues.push({ path: `${path}/${p.name}`, message: `required element ${p.name} is missing` });
        continue;
      }
      used.add(p.name);
      out[p.name] = element(model, p, input[p.name], `${path}/${p.name}`, issues);
    } else if (p.kind === "choice") {
      const present = p.children.filter((c) => elementNames(c).some((n) => input[n] !== undefined));
      if (present.length > 1) {
        issues.push({ path, message: `only one of ${present.flatMap(elementNames).join(", ")} may be given` });
      }
      if (present.length === 0 && required && p.min >= 1) {
        issues.push({ path, message: `one of ${p.children.flatMap(elementNames).join(", ")} is required` });
      }
      for (const c of present) walk(model, [c], input, out, path, issues, used, required);
    } else {
      // A type's own wrapper sequence (often minOccurs="0") does not make its children optional.
      walk(model, p.children, input, out, path, issues, used, required && (top || p.min >= 1));
    }
  }
}

function element(model: SchemaModel, p: ElementParticle, value: unknown, path: string, issues: SchemaIssue[]): unknown {
  if (Array.isArray(value)) {
    if (p.max <= 1) issues.push({ path, message: `${p.name} takes one value, not a list` });
    return value.map((v, i) => element(model, { ...p, max: 1 }, v, `${path}[${i}]`, issues));
  }
  if (value === null) {
    if (!p.nillable) issues.push({ path, message: `${p.name} cannot be nil` });
    return null;
  }
  const t = complexOf(model, p);
  if (t && t.content.length > 0) {
    if (value === "") return "";
    if (typeof value !== "object") {
      issues.push({ path, message: `${p.name} needs child elements, not a plain value` });
      return value;
    }
    return orderComplex(model, t, value as Record<string, unknown>, path, issues);
  }
  const text = typeof value === "object" ? (value as Record<string, unknown>)["#text"] : value;
  const facets = simpleOf(model, t?.textType ?? p.type);
  if (typeof text === "string" || typeof text === "number" || typeof text === "boolean") {
    const s = String(text);
    if (s !== "" && facets.enumeration && !facets.enumeration.includes(s)) {
      const shown = facets.enumeration.slice(0, 25).join(" | ");
      issues.push({
        path,
        message: `${s} is not allowed; expected one of: ${shown}${facets.enumeration.length > 25 ? " | …" : ""}`,
      });
    }
    if (facets.maxLength !== undefined && s.length > facets.maxLength) {
      issues.push({ path, message: `longer than ${facets.maxLength} characters` });
    }
  }
  return value;
}
