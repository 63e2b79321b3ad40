/** js-yaml comes with eslint's own dependencies, without types; the compose spec only loads. */
declare module 'js-yaml' {
  export function load(text: string): unknown;
}
