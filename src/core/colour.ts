/**
 * Whether colour may be used at all, decided in one place for the explorer and script mode: not when NO_COLOR is set
 * to anything but the empty string (https://no-color.org: "present and not an empty string"), and not when TERM says
 * the terminal is dumb (chalk, which draws the explorer's colours, gives none there either). Script mode also needs
 * a terminal on standard output; the explorer always has one.
 */
export function colourAllowed(env: NodeJS.ProcessEnv): boolean {
  return (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}
