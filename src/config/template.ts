/**
 * The `.env.example` template, embedded in the binary so `setup` can write a fully
 * commented `.env` on a machine that has nothing but the binary.
 */
import template from "../../.env.example" with { type: "text" };

export const ENV_TEMPLATE: string = template;
