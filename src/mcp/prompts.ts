/**
 * The prompts framework: guided workflows a module declares with
 * `definePrompt`. Each names the tools to call, in order; the Cisco modules fill the list.
 * A prompt whose product is outside the caller's scope is not listed.
 */
import type { Principal } from "../auth/principal.ts";
import type { Product } from "../rbac/profile-schema.ts";

/** One prompt argument. */
export interface PromptArgument {
  name: string;
  description: string;
  required?: boolean;
}

/** A prompt declaration; `render` builds the user message from the arguments. */
export interface PromptDefinition {
  name: string;
  title?: string;
  description: string;
  product?: Product;
  arguments?: PromptArgument[];
  render(args: Record<string, string>, principal: Principal): string;
}

/** Declares a prompt (identity; for symmetry with defineTool). */
export function definePrompt(prompt: PromptDefinition): PromptDefinition {
  return prompt;
}
