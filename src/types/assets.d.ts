// Files embedded into the binary through `import … with { type: "text" }`.
declare module "*.example" {
  const text: string;
  export default text;
}
declare module "*.html" {
  const text: string;
  export default text;
}
// Files embedded into the binary through `import … with { type: "file" }`: the import is their path.
declare module "*.ttf" {
  const path: string;
  export default path;
}
declare module "*.woff" {
  const path: string;
  export default path;
}
