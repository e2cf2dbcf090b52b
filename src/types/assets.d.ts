// Files embedded into the binary through `import … with { type: "text" }`.
declare module "*.example" {
  const text: string;
  export default text;
}
declare module "*.html" {
  const text: string;
  export default text;
}
